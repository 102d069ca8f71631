"""What an article tells around an event: dates from calls, wars and plans told before it,
retellings merged, places of talks, the status of means."""

from __future__ import annotations

import datetime as dt

from tests.extract.helpers import article_events
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]


def _events(nlp, gazetteer, text: str, published: dt.date = dt.date(2022, 9, 16)):
    return article_events(nlp, gazetteer, text, published, inferred=True)


CALL = (
    "Iran's Foreign Minister Hossein Amir-Abdollahian held a Wednesday phone call with his "
    "Armenian counterpart Ararat Mirzoyan.\n\n"
    "The talks were about the border.\n\n"
    "Amir-Abdollahian urged both sides to show restraint.\n\n"
    "Mirzoyan thanked Iran for its efforts.\n"
)


def test_what_was_said_in_a_call_is_dated_by_the_call(nlp, gazetteer):
    events = _events(nlp, gazetteer, CALL)
    call = next(e for e in events if e.type == "CONSULT")
    assert call.date == "2022-09-14"
    urged = next(e for e in events if e.type == "DEMAND")
    assert (urged.date, urged.date_precision) == ("2022-09-14", "day")
    thanks = next(e for e in events if e.type == "SUPPORT")
    assert thanks.date == "2022-09-14"


def test_a_speaker_not_in_the_call_keeps_the_reports_month(nlp, gazetteer):
    text = CALL + "\nAzerbaijan's Defense Ministry accused Armenia of shelling its positions.\n"
    blame = next(e for e in _events(nlp, gazetteer, text) if e.type == "DISAPPROVE")
    assert (blame.date, blame.time_precision) == ("2022-09", 3)


def test_an_encounter_a_day_before_another(nlp, gazetteer):
    text = CALL + (
        "\nThe conversation came a day after Iran's President Ebrahim Raisi held a phone call "
        "with Armenia's Prime Minister Nikol Pashinyan.\n"
    )
    calls = sorted(
        (e for e in _events(nlp, gazetteer, text) if e.type == "CONSULT"), key=lambda e: e.start
    )
    assert [c.date for c in calls] == ["2022-09-14", "2022-09-13"]


def test_what_followed_a_war_named_again_takes_the_wars_year(nlp, gazetteer):
    text = (
        "Armenia and Azerbaijan fought a war in September 2020.\n\n"
        "After the fighting, Azerbaijani troops regained control of several districts.\n"
    )
    events = _events(nlp, gazetteer, text)
    control = next(e for e in events if e.mode == "territorial-control")
    assert (control.date, control.date_precision) == ("2020", "year")


def test_a_war_named_again_without_a_date_is_the_dated_war(nlp, gazetteer):
    text = (
        "The war between Armenia and Azerbaijan began on September 27, 2020.\n\n"
        "The war between Armenia and Azerbaijan in Nagorno-Karabakh has killed 500 soldiers.\n"
    )
    (war,) = [e for e in _events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert war.date == "2020-09-27"
    # What the second telling adds is kept: its place and its toll.
    assert war.place is not None and war.place.name == "Nagorno-Karabakh"
    assert war.casualties.killed == 500


def test_a_plan_is_not_dated_by_the_day_it_was_announced(nlp, gazetteer):
    text = (
        "Iran's Foreign Ministry announced on Monday that its deputy foreign minister will "
        "travel to Baku and Yerevan.\n"
    )
    trip = next(e for e in _events(nlp, gazetteer, text) if e.type == "CONSULT")
    assert trip.status == "planned" and trip.date is None


def test_during_the_call_and_a_speakers_later_words_take_the_dated_occasion(nlp, gazetteer):
    text = (
        "On July 27, Iran's Foreign Minister Mohammad Javad Zarif and his Azeri counterpart "
        "Jeyhun Bayramov had a telephone conversation.\n\n"
        "During the phone call, the two sides conferred on regional issues.\n\n"
        "On July 29, Iran's Foreign Ministry spokesman Saeed Khatibzadeh condemned the "
        "attacks on civilians.\n\n"
        "Khatibzadeh also urged Armenia and Azerbaijan to exercise restraint.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2021, 7, 30))
    talks = next(e for e in events if e.trigger == "conferred")
    assert talks.date == "2021-07-27"
    urged = next(e for e in events if e.type == "DEMAND")
    assert urged.date == "2021-07-29"


def test_the_start_of_a_war_named_again_dates_by_its_month(nlp, gazetteer):
    text = (
        "The war between Armenia and Azerbaijan broke out on September 27, 2020.\n\n"
        "Since the early days of the war, Iran called on Armenia and Azerbaijan to stop "
        "the fighting.\n\n"
        "Since the beginning of the war, several rockets have landed inside Iran.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2020, 10, 20))
    call = next(e for e in events if e.type == "DEMAND")
    assert (call.date, call.date_precision) == ("2020-09", "month")
    # Again and again since then: no finer than the war's year.
    rockets = next(e for e in events if e.mode == "rocket")
    assert (rockets.date, rockets.date_precision) == ("2020", "year")


def test_a_relative_clause_is_not_the_content_of_a_later_accusation(nlp, gazetteer):
    # spaCy hangs the whole sentence under "accused"; the clashes of the "when" clause
    # still happened, they are not what was alleged.
    text = (
        "The war can be traced back to this past July, when border clashes between "
        "Azerbaijan and Armenia broke out in the Tovuz region for several days and, as is the "
        "case with the current war, the two sides accused each other of starting the clash.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2020, 10, 18))
    clash = next(e for e in events if e.type == "ASSAULT")
    assert clash.date == "2020-07" and clash.place is not None and clash.place.name == "Tovuz"


def test_the_war_named_again_by_its_year_is_the_dated_war(nlp, gazetteer):
    text = (
        "The war between Armenia and Azerbaijan began on September 27, 2020.\n\n"
        "A Russian-brokered ceasefire ended the 2020 war between Armenia and Azerbaijan.\n"
    )
    wars = [e for e in _events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert [w.date for w in wars] == ["2020-09-27"]


_LEDE = (
    "The foreign ministers of both countries met in Moscow for talks that went on late "
    "into the night.\n\n"
)


def test_what_has_happened_at_no_stated_time_is_dated_by_the_reports_year(nlp, gazetteer):
    text = _LEDE + "Several rockets have hit Iranian soil near the border with Azerbaijan.\n"
    rockets = next(e for e in _events(nlp, gazetteer, text) if e.type == "ASSAULT")
    assert (rockets.date, rockets.date_precision, rockets.time_precision) == ("2022", "year", 3)
    text = _LEDE + "Several rockets hit Iranian soil near the border with Azerbaijan.\n"
    rockets = next(e for e in _events(nlp, gazetteer, text) if e.type == "ASSAULT")
    assert (rockets.date, rockets.date_precision) == ("2022-09", "month")


def test_the_perfect_of_a_lede_tells_the_news_of_the_report(nlp, gazetteer):
    text = "Several rockets have hit Iranian soil near the border with Azerbaijan, officials say.\n"
    rockets = next(e for e in _events(nlp, gazetteer, text) if e.type == "ASSAULT")
    assert (rockets.date, rockets.date_precision) == ("2022-09", "month")


def test_an_agreement_reached_at_talks_in_a_town_was_made_there(nlp, gazetteer):
    text = (
        "The ceasefire was reached after marathon negotiations between the foreign ministers "
        "of Armenia and Azerbaijan in Moscow.\n"
    )
    events = _events(nlp, gazetteer, text)
    truce = next(e for e in events if e.type == "AGREE")
    assert truce.place is not None and truce.place.name == "Moscow"


def test_the_perfect_of_one_verb_does_not_date_the_event_it_names(nlp, gazetteer):
    text = _LEDE + (
        "Tehran has also welcomed the Russian-brokered ceasefires between Baku and Yerevan.\n"
    )
    events = _events(nlp, gazetteer, text)
    welcome = next(e for e in events if e.type == "SUPPORT")
    assert (welcome.date, welcome.date_precision) == ("2022", "year")
    truce = next(e for e in events if e.type == "AGREE")
    assert (truce.date, truce.date_precision) == ("2022-09", "month")


def test_a_participle_shares_the_time_of_its_clause(nlp, gazetteer):
    text = _LEDE + (
        "Zarif has held phone conversations with his counterparts in Azerbaijan and Armenia, "
        "urging them to resolve their differences peacefully.\n"
    )
    urged = next(e for e in _events(nlp, gazetteer, text) if e.type == "DEMAND")
    assert (urged.date, urged.date_precision) == ("2022", "year")


def test_clashes_named_again_without_a_date_are_the_dated_clashes(nlp, gazetteer):
    text = (
        "Border clashes broke out between Armenia and Azerbaijan on July 23.\n\n"
        "The clashes between Armenia and Azerbaijan claimed lives on both sides, Iran said.\n"
    )
    clashes = [e for e in _events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert [c.date for c in clashes] == ["2022-07-23"]


def test_the_means_of_a_hoped_for_step_are_not_reported_as_done(nlp, gazetteer):
    hoped = (
        "Iran has prepared a plan and it hopes to move forward with it through making "
        "consultations with Armenia and Azerbaijan.\n"
    )
    assert not [e for e in _events(nlp, gazetteer, hoped) if e.type == "CONSULT"]
    done = "Iran held consultations with Armenia and Azerbaijan to end the dispute.\n"
    assert [e.status for e in _events(nlp, gazetteer, done) if e.type == "CONSULT"] == ["occurred"]


def test_a_quoted_call_is_dated_when_its_words_were_said(nlp, gazetteer):
    text = (
        "Armenia and Azerbaijan went to war on September 27, 2020.\n\n"
        "\u201cWe call for an immediate end to the fighting and urge talks,\u201d tweeted "
        "Foreign Minister Mohammad Javad Zarif shortly after Armenia and Azerbaijan began "
        "the war.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2020, 10, 20))
    demand = next(e for e in events if e.type == "DEMAND")
    assert demand.source[0].name == "Mohammad Javad Zarif"
    assert (demand.date, demand.date_precision) == ("2020-09", "month")
    # "We call for an end to the fighting": aimed at the two sides fighting
    assert {a.country for a in demand.target} == {"ARM", "AZE"}


def test_both_sides_are_the_parties_fighting_not_the_last_pair_named(nlp, gazetteer):
    text = (
        "Clashes between Armenia and Azerbaijan killed dozens of soldiers on Tuesday.\n\n"
        "Iran, together with Turkey and Russia, could help find a solution, a spokesman said "
        "on Wednesday. The Iranian government continues to urge both sides to refrain from "
        "violence.\n"
    )
    events = _events(nlp, gazetteer, text)
    urge = next(e for e in events if e.type == "DEMAND" and "urge" in e.trigger)
    assert {a.country for a in urge.target} == {"ARM", "AZE"}


def test_what_came_before_a_dated_statement_is_not_dated_by_it(nlp, gazetteer):
    text = (
        "Armenia and Azerbaijan went to war on September 27, 2020.\n\n"
        "\u201cWe are watching closely,\u201d said the spokesman in early October, a few days "
        "after the Azerbaijan-Armenia war broke out.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2020, 10, 20))
    wars = [e for e in events if e.type == "ASSAULT"]
    # the war that "broke out" before the statement is the war told of, not a new one in October
    assert [w.date for w in wars] == ["2020-09-27"]


def test_the_perfect_takes_no_date_from_the_sentence_before(nlp, gazetteer):
    text = (
        "On September 28, a government spokesman said Iran could help end the war. "
        "President Hassan Rouhani has likewise urged both sides to stop the hostilities.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2020, 10, 20))
    urged = next(e for e in events if e.type == "DEMAND")
    assert (urged.date, urged.date_precision) == ("2020", "year")


def test_the_day_a_defining_clause_dates_dates_the_main_clause(nlp, gazetteer):
    text = (
        "The day the fighting started (March 3, 2021), the Turkish foreign minister said "
        "Ankara calls for an immediate halt to the hostilities.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2021, 3, 20))
    demand = next(e for e in events if e.type == "DEMAND")
    assert (demand.date, demand.date_precision) == ("2021-03-03", "day")


def test_a_known_event_named_without_a_date_is_dated_to_its_month(nlp, gazetteer):
    text = (
        "The 44-day war between Armenia and Azerbaijan over Nagorno-Karabakh ended with a "
        "Russian-brokered ceasefire, officials said.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2021, 7, 30))
    ceasefire = next(e for e in events if e.type == "AGREE")
    # the text names the ceasefire, not its day: the known event's month, at month precision
    assert (ceasefire.date, ceasefire.date_precision) == ("2020-11", "month")


def test_an_outlet_named_beside_a_country_is_not_a_party_to_the_conflict(nlp, gazetteer):
    text = (
        "Clashes between Armenia and Azerbaijan killed dozens of soldiers on Tuesday.\n\n"
        "According to a report by an Israeli newspaper, Iran is worried about the conflict. "
        "The Iranian government urged both sides to show restraint on Wednesday.\n"
    )
    events = _events(nlp, gazetteer, text)
    urge = next(e for e in events if e.type == "DEMAND")
    assert {a.country for a in urge.target} == {"ARM", "AZE"}


def test_a_since_phrase_bounds_the_time_it_does_not_date_the_event(nlp, gazetteer):
    text = (
        "Armenia and Azerbaijan have repeatedly accused each other of violating the truce since "
        "it came into force on November 10.\n"
    )
    events = _events(nlp, gazetteer, text, published=dt.date(2021, 7, 30))
    accused = next(e for e in events if e.type == "DISAPPROVE")
    assert accused.date is None


def test_an_attack_told_of_on_a_day_of_fighting_between_the_same_sides_happened_there(
    nlp, gazetteer
):
    text = (
        "Azerbaijani troops shelled Armenian positions near Vardenis on Tuesday, the "
        "Armenian defence ministry said.\n\n"
        "Azerbaijan said one of its soldiers was wounded by Armenian fire on Tuesday.\n"
    )
    events = _events(nlp, gazetteer, text)
    wounded = next(e for e in events if e.start > text.index("\n\n"))
    assert wounded.type == "ASSAULT" and wounded.date == "2022-09-13"
    assert wounded.place is not None and wounded.place.text == "Vardenis"


def test_an_attack_on_a_day_of_fighting_in_two_places_takes_neither(nlp, gazetteer):
    text = (
        "Azerbaijani troops shelled Armenian positions near Vardenis on Tuesday. Armenian "
        "forces shelled Azerbaijani positions near Tovuz on Tuesday.\n\n"
        "Azerbaijan said one of its soldiers was wounded by Armenian fire on Tuesday.\n"
    )
    events = _events(nlp, gazetteer, text)
    wounded = next(e for e in events if e.start > text.index("\n\n"))
    # neither town: at most the country attacked (extract.article._placed_in_target_country)
    assert wounded.type == "ASSAULT"
    assert wounded.place is None or wounded.place.precision == "country"


def test_a_country_is_not_dated_by_a_statement_about_it(nlp, gazetteer):
    text = (
        "The newspaper said the warring parties, Armenia and Azerbaijan, were blaming each "
        "other for the escalation.\n\n"
        "On Monday, Iranian Foreign Minister Hossein Amir-Abdollahian took Azerbaijan's side.\n"
    )
    events = _events(nlp, gazetteer, text)
    blaming = next(e for e in events if e.type == "DISAPPROVE")
    assert blaming.date != "2022-09-12"


def test_a_countrys_offer_in_an_officials_words_is_dated_by_the_officials_occasion(nlp, gazetteer):
    text = (
        "On Tuesday, Iranian Deputy Foreign Minister Ali Bagheri visited the border town of "
        "Jolfa.\n\n"
        "Bagheri said Iran is ready to host talks between the two sides.\n"
    )
    events = _events(nlp, gazetteer, text)
    offer = next(e for e in events if e.type == "AGREE")
    assert (offer.date, offer.date_precision) == ("2022-09-13", "day")


def test_what_followed_fighting_in_the_reports_month_is_of_that_month(nlp, gazetteer):
    text = (
        "Armenian and Azerbaijani troops clashed near Tovuz on Tuesday.\n\n"
        "In the wake of the clashes, the Russian foreign ministry urged both sides to talk.\n"
    )
    events = _events(nlp, gazetteer, text)
    urged = next(e for e in events if e.type == "DEMAND")
    assert (urged.date, urged.date_precision) == ("2022-09", "month")


def test_the_perfect_in_reported_words_is_before_the_saying_not_at_any_time(nlp, gazetteer):
    text = "The Armenian defence ministry said it has accepted a Russian proposal for a truce.\n"
    events = _events(nlp, gazetteer, text)
    agreed = next(e for e in events if e.type == "AGREE")
    assert (agreed.date, agreed.date_precision) == ("2022-09", "month")
    text = _LEDE + "The Armenian defence ministry has accepted a Russian proposal for a truce.\n"
    agreed = next(e for e in _events(nlp, gazetteer, text) if e.type == "AGREE")
    assert (agreed.date, agreed.date_precision) == ("2022", "year")


def test_a_capitals_offer_in_a_spokesmans_words_is_dated_by_his_statement():
    from sitroom.extract.timex.discourse import date_from_discourse
    from sitroom.model import Actor, Event

    kanaani = Actor(text="Nasser Kanaani", name="Nasser Kanaani", kind="person", country="IRN")
    said = Event(
        type="DEMAND",
        start=20,
        end=29,
        trigger="called on",
        mode="statement",
        source=[kanaani],
        date="2022-09-15",
        date_precision="day",
        time_precision=1,
        sentence_start=0,
        sentence_end=60,
    )
    spokesman = Actor(
        text="The spokesman", name="Nasser Kanaani", kind="person", country="IRN", start=62
    )
    offer = Event(
        type="AGREE",
        start=120,
        end=131,
        trigger="preparedness",
        mode="offer",
        source=[Actor(text="Tehran", kind="capital", country="IRN", start=110)],
        date="2022-09",
        date_precision="month",
        time_precision=3,
        sentence_start=62,
        sentence_end=160,
    )
    date_from_discourse([said, offer], [], " " * 160, {(120, 131)}, actors=[kanaani, spokesman])
    assert (offer.date, offer.date_precision) == ("2022-09-15", "day")


def test_a_present_claim_inside_a_perfect_is_at_no_particular_time(nlp, gazetteer):
    text = (
        "On September 30, the two presidents spoke by phone in the evening, their offices said. "
        "Turkey has rejected claims "
        "that its forces are shelling villages in Syria.\n"
    )
    events = _events(nlp, gazetteer, text, dt.date(2022, 10, 10))
    shelling = next(e for e in events if e.type == "ASSAULT")
    assert (shelling.date, shelling.date_precision) == ("2022", "year")


def _accusations(events):
    return sorted(
        (e.source[0].country, e.target[0].country)
        for e in events
        if e.type == "DISAPPROVE" and e.source and e.target
    )


def test_rival_accounts_of_one_attack_are_accusations(nlp, gazetteer):
    text = (
        "Ukrainian officials said a Russian missile struck the railway station in Kramatorsk, "
        "killing dozens of civilians.\n\n"
        "The Russian Defence Ministry said the missile was fired by Ukrainian forces at the "
        "railway station in Kramatorsk.\n"
    )
    events = _events(nlp, gazetteer, text)
    assert _accusations(events) == [("RUS", "UKR"), ("UKR", "RUS")]


def test_each_side_telling_of_the_others_attacks_is_a_fight_not_a_dispute(nlp, gazetteer):
    text = (
        "Azerbaijan's defence ministry said Armenian forces shelled its positions near the "
        "border on Tuesday.\n\n"
        "Armenia's defence ministry said Azerbaijani forces shelled Armenian positions near "
        "the border on Tuesday.\n"
    )
    assert _accusations(_events(nlp, gazetteer, text)) == []


def test_an_attack_the_words_deny_blames_no_one(nlp, gazetteer):
    text = (
        "Palestinian officials said an Israeli air strike hit the hospital in Gaza.\n\n"
        "A US intelligence report said Israel did not strike the hospital in Gaza.\n"
    )
    assert ("USA", "ISR") not in _accusations(_events(nlp, gazetteer, text))


def test_figures_of_a_kind_the_attack_lacks_in_the_next_sentence_are_its_own(nlp, gazetteer):
    text = (
        "Azerbaijani missiles struck a school in Tegh, killing 13 people.\n"
        "Another 37 people suffered injuries.\n"
    )
    attacks = [e for e in _events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert [(e.casualties.killed, e.casualties.injured) for e in attacks] == [(13, 37)]


def test_a_wars_toll_is_not_the_last_attacks(nlp, gazetteer):
    text = (
        "Georgian troops regained control of the town of Gori in 2008.\n\n"
        "The conflict, which claimed over 800 lives, ended with an EU-brokered ceasefire."
    )
    attacks = [e for e in _events(nlp, gazetteer, text) if e.type == "ASSAULT"]
    assert attacks and all(e.casualties.killed is None for e in attacks)
