"""Event extraction on sentences written for the project (never the seed articles)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.errors import ConfigError
from sitroom.extract.actors import extract_actors
from sitroom.extract.events import VERSION, acled_label, classify_snippet, extract_events
from sitroom.extract.events.lexicon import load_trigger_lexicon, parse_trigger_lexicon
from sitroom.model import Actor, Event, Place

DCT = dt.date(2021, 5, 4)


def _events(nlp, text: str, *, dct=DCT, date=None, place=None, claimant=None) -> list[Event]:
    doc = nlp(text)
    actors = extract_actors(doc, dct)
    return extract_events(
        doc,
        actors,
        date_of=lambda s, e: date or (None, None, 3),
        place_of=lambda s, e: place,
        claimant_of=lambda s, e: claimant(s, e) if claimant else None,
    )


def _countries(actors: list[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def _one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert found, f"no {etype} event in {[(e.type, e.trigger) for e in events]}"
    return found[0]


def test_version_is_set() -> None:
    assert VERSION.startswith("events-")


def test_active_attack_source_target_mode(nlp) -> None:
    events = _events(nlp, "Syrian troops shelled Turkish positions near the border on Monday.")
    e = _one(events, "ASSAULT")
    assert _countries(e.source) == {"SYR"}
    assert _countries(e.target) == {"TUR"}
    assert e.mode == "artillery"
    assert e.status == "occurred"
    assert all(a.sector == "MIL" for a in e.source)


def test_passive_voice_swaps_roles(nlp) -> None:
    events = _events(nlp, "A Georgian patrol was attacked by Russian soldiers overnight.")
    e = _one(events, "ASSAULT")
    assert _countries(e.source) == {"RUS"}
    assert _countries(e.target) == {"GEO"}


def test_nominal_attack_with_place_target(nlp) -> None:
    place = Place(text="Kharkiv", name="Kharkiv", country="UKR", precision="town", start=24, end=31)
    events = _events(nlp, "A Russian missile attack on Kharkiv destroyed a school.", place=place)
    e = _one(events, "ASSAULT")
    assert e.mode == "missile"
    assert _countries(e.source) == {"RUS"}
    assert e.place is place
    assert e.acled_sub_event_type == "Shelling/artillery/missile attack"


def test_coordinated_subjects_are_two_sources(nlp) -> None:
    events = _events(nlp, "Jordan and Egypt signed a trade agreement in Cairo on Sunday.")
    e = _one(events, "AGREE")
    assert _countries(e.source) == {"JOR", "EGY"}


def test_reciprocal_accusation_gives_both_sides(nlp) -> None:
    events = _events(nlp, "India and Pakistan accused each other of violating the truce.")
    e = _one(events, "DISAPPROVE")
    assert _countries(e.source) == {"IND", "PAK"}
    assert _countries(e.target) == {"IND", "PAK"}
    # the accused act is the content of the accusation, not a second reported event
    assert not [x for x in events if x.type == "ASSAULT" and x.status == "occurred"]


def test_collective_target_resolves_to_the_pair(nlp) -> None:
    text = (
        "Fighting between Ethiopia and Sudan intensified last week. "
        "Egypt called on both sides to stop the fighting."
    )
    e = _one(_events(nlp, text), "DEMAND")
    assert _countries(e.source) == {"EGY"}
    assert _countries(e.target) == {"ETH", "SDN"}


def test_demand_content_is_not_an_event(nlp) -> None:
    events = _events(nlp, "Qatar urged Israel to halt its air strikes on Gaza.")
    assert [e.type for e in events] == ["DEMAND"]
    assert _countries(events[0].target) == {"ISR"}


def test_clash_between_parties_is_two_sided(nlp) -> None:
    events = _events(nlp, "Heavy clashes between Kyrgyz and Tajik troops broke out on Thursday.")
    e = _one(events, "ASSAULT")
    assert e.mode == "clash"
    assert {"KGZ", "TJK"} <= _countries(e.source) | _countries(e.target) or (
        _countries(e.source) == _countries(e.target)
    )
    assert e.acled_sub_event_type == "Armed clash"


def test_negation_and_denial_set_status(nlp) -> None:
    e = _one(_events(nlp, "Iran did not attack the tanker, officials said."), "ASSAULT")
    assert e.status == "denied"
    denied = _events(nlp, "Turkey rejected claims that it had shelled Kurdish villages.")
    assert _one(denied, "ASSAULT").status == "denied"


def test_future_and_plans_are_planned(nlp) -> None:
    e = _one(_events(nlp, "The Chinese foreign minister will visit Pakistan next week."), "CONSULT")
    assert e.status == "planned"
    assert _countries(e.source) == {"CHN"}
    assert _countries(e.target) == {"PAK"}


def test_hypothetical_clause_is_skipped(nlp) -> None:
    events = _events(nlp, "If Serbia attacks Kosovo, NATO will respond.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_offer_to_mediate_is_agree(nlp) -> None:
    e = _one(_events(nlp, "Kazakhstan is ready to mediate between Russia and Ukraine."), "AGREE")
    assert _countries(e.source) == {"KAZ"}
    assert e.status == "occurred"


def test_ceasefire_agreed_and_violated(nlp) -> None:
    text = (
        "Israel and Hamas agreed to a ceasefire brokered by Egypt on Friday. "
        "The truce was violated within hours."
    )
    events = _events(nlp, text)
    agree = _one(events, "AGREE")
    assert agree.mode == "ceasefire"
    assert "ISR" in _countries(agree.source)
    violation = [e for e in events if e.status == "reported-violation"]
    assert violation and violation[0].mode == "ceasefire-violation"
    assert violation[0].acled_event_type == "Battles"


def test_casualties_attach_to_the_attack(nlp) -> None:
    text = (
        "An air strike on a market in Idlib killed 12 people, including 3 children, "
        "and injured more than 40."
    )
    e = _one(_events(nlp, text), "ASSAULT")
    assert e.casualties.killed == 12
    assert e.casualties.injured == 40
    assert e.casualties.injured_approx
    assert e.acled_sub_event_type == "Air/drone strike"


def test_casualties_in_next_sentence_join_the_attack(nlp) -> None:
    text = "Gunmen attacked a police checkpoint in Kano on Tuesday. Four officers were killed."
    events = [e for e in _events(nlp, text) if e.type == "ASSAULT"]
    assert len(events) == 1
    assert events[0].casualties.killed == 4


def test_claimant_is_the_speaker_not_the_source(nlp) -> None:
    text = (
        "Taliban fighters stormed a district centre in Ghazni, the Afghan interior ministry said."
    )
    k = text.index("the Afghan")
    speaker = Actor(
        text="the Afghan interior ministry", country="AFG", sector="GOV", start=k, end=k + 28
    )
    e = _one(_events(nlp, text, claimant=lambda s, e: speaker), "ASSAULT")
    assert e.claimant is speaker
    # a party's statement of its own stance is its act, not a claim about someone else's
    text = "Afghanistan condemned the attack, the Afghan interior ministry said."
    k = text.index("the Afghan")
    speaker = Actor(
        text="the Afghan interior ministry", country="AFG", sector="GOV", start=k, end=k + 28
    )
    e2 = _one(_events(nlp, text, claimant=lambda s, e: speaker), "DISAPPROVE")
    assert e2.claimant is None


def test_the_date_is_what_date_of_gives(nlp) -> None:
    e = _one(
        _events(nlp, "Kenyan troops attacked al-Shabaab bases.", date=("2021-05-02", "day", 1)),
        "ASSAULT",
    )
    assert (e.date, e.date_precision, e.time_precision) == ("2021-05-02", "day", 1)
    # Any fallback (the report's month) is the caller's: none is invented here.
    e = _one(_events(nlp, "Kenyan troops attacked al-Shabaab bases."), "ASSAULT")
    assert (e.date, e.date_precision, e.time_precision) == (None, None, 3)


def test_spans_and_sentence_offsets(nlp) -> None:
    text = "Talks stalled. Nigeria deployed troops to the northern border on Sunday."
    e = _one(_events(nlp, text), "MOBILIZE")
    assert text[e.start : e.end] == e.trigger
    assert text[e.sentence_start : e.sentence_end].startswith("Nigeria deployed")
    assert _countries(e.source) == {"NGA"}
    assert all(a.sector == "MIL" for a in e.source)


def test_phone_call_and_visit_are_consult(nlp) -> None:
    events = _events(
        nlp, "President Macron held a phone call with his Egyptian counterpart on Monday."
    )
    e = _one(events, "CONSULT")
    assert e.mode == "phone"
    assert "EGY" in _countries(e.target)


def test_no_duplicate_events_for_one_trigger(nlp) -> None:
    events = _events(nlp, "Armenia and Azerbaijan fought a war over the region.")
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert len({(e.start, e.end) for e in events}) == len(events)


def test_acled_label_for_diplomacy_is_out_of_scope() -> None:
    assert acled_label(Event(type="CONSULT", start=0, end=1, mode="phone")) == ("", "")
    assert acled_label(Event(type="PROTEST", start=0, end=1, mode="riot")) == (
        "Riots",
        "Violent demonstration",
    )
    assert acled_label(Event(type="AGREE", start=0, end=1, mode="ceasefire")) == (
        "Strategic developments",
        "Agreement",
    )


def test_classify_snippet_uses_main_event(nlp) -> None:
    doc = nlp("Police fired tear gas to disperse hundreds of protesters in the capital.")
    assert classify_snippet(doc, extract_actors(doc, None)) == "PROTEST_WITH_INTER"
    doc = nlp("Rebels ambushed an army convoy, sparking a gun battle that lasted hours.")
    assert classify_snippet(doc, extract_actors(doc, None)) == "ARMED_CLASH"


def test_lexicon_is_valid_and_user_errors_are_named() -> None:
    lex = load_trigger_lexicon()
    assert lex.verbs["attack"][0].type == "ASSAULT"
    with pytest.raises(ConfigError, match="unknown PLOVER type"):
        parse_trigger_lexicon("types: {FIGHTING: {verbs: {hit: ''}}}", "mine.yaml")
    with pytest.raises(ConfigError, match="mine.yaml"):
        parse_trigger_lexicon("types: [", "mine.yaml")


def test_empty_doc_gives_no_events(nlp) -> None:
    assert _events(nlp, "") == []


def test_unnamed_targets_come_from_the_conflict_pair(nlp) -> None:
    text = (
        "Clashes between India and Pakistan broke out along the border on Sunday. "
        "Pakistan warned of a strong response. Qatar offered to mediate."
    )
    events = _events(nlp, text)
    warning = _one(events, "THREATEN")
    assert _countries(warning.source) == {"PAK"}
    assert _countries(warning.target) == {"IND"}
    offer = _one(events, "AGREE")
    assert _countries(offer.source) == {"QAT"}
    assert _countries(offer.target) == {"IND", "PAK"}


def test_accused_party_is_the_source_of_the_alleged_attack(nlp) -> None:
    text = (
        "Both sides accepted the truce on Friday, but Azerbaijan accused Armenia of "
        "continuing to shell its villages."
    )
    events = _events(nlp, text)
    shelling = _one(events, "ASSAULT")
    assert _countries(shelling.source) == {"ARM"}
    assert shelling.status == "reported-violation"
    assert shelling.claimant is not None and shelling.claimant.country == "AZE"
    assert _countries(shelling.target) == {"AZE"}


def test_the_country_a_visit_goes_to_is_its_place_but_a_blamed_country_is_not(nlp) -> None:
    iran = Place(text="Iran", name="Iran", country="IRN", precision="country")
    visit = _one(
        _events(nlp, "The Armenian prime minister visited Iran in 2019.", place=iran), "CONSULT"
    )
    assert visit.place is iran
    armenia = Place(text="Armenia", name="Armenia", country="ARM", precision="country")
    blame = _events(
        nlp, "Azerbaijan's foreign ministry accused Armenia of shelling.", place=armenia
    )
    assert _one(blame, "DISAPPROVE").place is None


def test_a_war_that_is_only_a_topic_is_no_event_but_a_toll_from_a_strike_is(nlp) -> None:
    topic = _events(nlp, "Iran's strategy toward the Azerbaijan-Armenia war was based on dialogue.")
    assert not [e for e in topic if e.type == "ASSAULT"]
    toll = _events(nlp, "The death toll from the Azerbaijani missile strike rose to 12.")
    assert [e for e in toll if e.type == "ASSAULT"]


def test_a_country_inside_the_targets_phrase_is_not_a_second_target(nlp) -> None:
    events = _events(nlp, "Spain refused to send any aid to the French-led war against Mali.")
    assert _countries(_one(events, "REJECT").target) == {"FRA"}


def test_a_meeting_with_someone_has_a_seeker_and_a_target(nlp) -> None:
    events = _events(nlp, "Moroccan diplomats held a meeting with the Egyptian foreign minister.")
    meeting = _one(events, "CONSULT")
    assert _countries(meeting.source) == {"MAR"}
    assert _countries(meeting.target) == {"EGY"}


def test_parties_meeting_each_other_stay_on_both_sides(nlp) -> None:
    events = _events(nlp, "Chile and Peru held talks in Lima on Monday.")
    talks = _one(events, "CONSULT")
    assert _countries(talks.source) == {"CHL", "PER"} == _countries(talks.target)


def test_a_clause_said_beside_a_rejection_does_not_make_it_a_denial(nlp) -> None:
    text = (
        "Mali rebels rejected a Guinean peace plan, and said they would keep their "
        "positions until their demands are met."
    )
    reject = _one(_events(nlp, text), "REJECT")
    assert _countries(reject.source) == {"MLI"}


def test_issued_ultimatums_and_hacking_are_events(nlp) -> None:
    threat = _one(_events(nlp, "Chile issued an ultimatum to Bolivia on Monday."), "THREATEN")
    assert (_countries(threat.source), _countries(threat.target)) == ({"CHL"}, {"BOL"})
    hack = _one(
        _events(nlp, "Iran tried to hack into the computers of Israeli officials."), "COERCE"
    )
    assert _countries(hack.source) == {"IRN"}


def test_a_brokered_truce_named_in_a_statement_is_an_agreement_too(nlp) -> None:
    text = "Iran welcomed the Russia-brokered ceasefire between Armenia and Azerbaijan."
    types = {e.type for e in _events(nlp, text)}
    assert {"SUPPORT", "AGREE"} <= types
    # Without a broker the truce is only what the statement is about.
    plain = {e.type for e in _events(nlp, "Iran welcomed the idea of a ceasefire.")}
    assert "AGREE" not in plain


def test_a_phrase_led_by_its_verb_takes_its_object_not_its_subject(nlp) -> None:
    # "take sides" is SUPPORT; "the Armenian side did not take any action" is not.
    from sitroom.extract.events.lexicon import load_trigger_lexicon
    from sitroom.extract.events.triggers import find_triggers

    doc = nlp("The ministry said the Armenian side did not take any action before the attack.")
    kinds = {t.type for t in find_triggers(doc, load_trigger_lexicon())}
    assert "SUPPORT" not in kinds
    doc = nlp("Iran refused to take sides in the war between Armenia and Azerbaijan.")
    assert "SUPPORT" in {t.type for t in find_triggers(doc, load_trigger_lexicon())}


def test_staying_neutral_is_no_rejection(nlp) -> None:
    text = (
        "Kazakhstan has refused to side with either Armenia or Azerbaijan. "
        "Georgia is not siding with Armenia or Azerbaijan in the dispute."
    )
    assert not [e for e in _events(nlp, text) if e.type in {"REJECT", "SUPPORT"}]


def test_a_warning_given_while_offering_a_plan_is_its_own_threat(nlp) -> None:
    text = (
        "Turkmenistan offered a plan to end the fighting while warning Armenia and "
        "Azerbaijan against any incursion into its territory."
    )
    events = _events(nlp, text)
    threat = _one(events, "THREATEN")
    assert _countries(threat.source) == {"TKM"}
    assert {"ARM", "AZE"} <= _countries(threat.target)
    assert _one(events, "AGREE").mode == "peace-plan"


def test_a_counted_group_is_the_actors_it_counts(nlp) -> None:
    text = "Three of the Iranian president's envoys issued a statement in support of Azerbaijan."
    support = _one(_events(nlp, text), "SUPPORT")
    assert "IRN" in _countries(support.source)
    assert _countries(support.target) == {"AZE"}


def test_blame_laid_on_a_party_in_a_quote_is_the_speakers(nlp) -> None:
    text = (
        '"The responsibility for the shelling lies entirely with the leadership of Armenia," '
        "Azerbaijan's Foreign Ministry said."
    )
    speaker = Actor(text="Azerbaijan's Foreign Ministry", country="AZE", sector="GOV")
    blame = _one(_events(nlp, text, claimant=lambda s, e: speaker), "DISAPPROVE")
    assert _countries(blame.source) == {"AZE"}
    assert _countries(blame.target) == {"ARM"}


def test_statements_dated_only_by_the_report_are_not_merged(nlp) -> None:
    text = (
        "Azerbaijan's defence ministry accused Armenia of firing on its positions near Lachin. "
        "Azerbaijan's defence ministry also accused Armenia of shelling villages near Tovuz."
    )
    # the report's month, given for want of a date in the text (ACLED time precision 3)
    fallback = ("2021-05", "month", 3)
    blames = [e for e in _events(nlp, text, date=fallback) if e.type == "DISAPPROVE"]
    assert len(blames) == 2


def test_a_ceasefire_told_as_one_of_several_is_kept_apart(nlp) -> None:
    text = (
        "Armenia and Azerbaijan agreed to a ceasefire in October. "
        "The first ceasefire between Armenia and Azerbaijan was reached after talks in Moscow."
    )
    truces = [e for e in _events(nlp, text) if e.type == "AGREE" and e.mode == "ceasefire"]
    assert len(truces) == 2


def test_a_parse_over_a_paragraph_break_does_not_swallow_the_next_statement(nlp) -> None:
    text = (
        'Azerbaijan urged Armenia "to stop provocations."\n\n'
        'Armenia\'s Foreign Ministry vowed to "use all its tools" against Azerbaijan.'
    )
    events = _events(nlp, text)
    assert _one(events, "THREATEN").source[0].country == "ARM"


def test_the_subject_of_came_under_attack_is_its_target(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Turkish border post came under attack from Syrian rebels."
    e = _one(_events(nlp, text), "ASSAULT")
    assert _countries(e.target) == {"TUR"}
    assert "TUR" not in _countries(e.source)
    # in a relative clause, the noun it describes is the subject
    text = "Iran warned against encroachments on the Iranian soil, which came under attack."
    e = next(e for e in _events(nlp, text) if e.trigger.startswith("came"))
    assert _countries(e.target) == {"IRN"}
    assert not _countries(e.source)


def test_a_comma_between_clauses_does_not_make_a_pair(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "During the clashes between Georgia and Russia, Turkey offered to mediate. "
        "Turkey urged both sides to stop the fighting."
    )
    urge = _one(_events(nlp, text), "DEMAND")
    assert _countries(urge.target) == {"GEO", "RUS"}
    # a list still names its members together
    text = "Fighting broke out between Georgia, Russia and Turkey. Iran urged them all to stop."
    fight = _one(_events(nlp, text), "ASSAULT")
    assert _countries(fight.source) == {"GEO", "RUS"}


def test_local_officials_are_of_the_place_they_are_met_in(nlp) -> None:  # type: ignore[no-untyped-def]
    batumi = Place(text="Batumi", name="Batumi", country="GEO", precision="town")
    text = "The Turkish minister met with the local military and political officials in Batumi."
    meet = _one(_events(nlp, text, place=batumi), "CONSULT")
    assert _countries(meet.target) == {"GEO"}
    # officials who are not called local are not placed so
    meet = _one(_events(nlp, "The Turkish minister met officials.", place=batumi), "CONSULT")
    assert "GEO" not in _countries(meet.target)


def test_a_targetless_mention_beside_its_targeted_twin_is_one_event(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Turkish envoy undertook shuttle diplomacy and visited Georgia and Armenia."
    visits = [e for e in _events(nlp, text) if e.type == "CONSULT"]
    assert len(visits) == 1
    assert _countries(visits[0].target) == {"GEO", "ARM"}


def test_an_attack_reported_from_a_side_is_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    # "reported a new attack from X": the noun has its attacker, and reporting anchors it
    (e,) = [
        x for x in _events(nlp, "Baku reported a new attack from Armenia.") if x.type == "ASSAULT"
    ]
    assert _countries(e.source) == {"ARM"}


def test_committing_an_offence_is_no_promise_but_committing_to_a_truce_is(nlp) -> None:
    offences = _events(nlp, "Kenyan forces have committed grave provocations against Somalia.")
    assert not [e for e in offences if e.type == "AGREE"]
    promise = _one(_events(nlp, "Kenya committed to a truce with Somalia."), "AGREE")
    assert _countries(promise.source) == {"KEN"}
