"""Statements the record used to miss: blame in a denial or an idiom, truces told by
"ceased hostilities", troops moved or put on alert (invented sentences)."""

from __future__ import annotations

import datetime as dt

from tests.extract.helpers import article_events
from tests.geo.helpers import gazetteer

__all__ = ["gazetteer"]

DAY = dt.date(2022, 3, 14)


def _sides(e) -> tuple[str, str]:
    src, tgt = e.source[0], e.target[0]
    return (src.country or src.group, tgt.country or tgt.group)


def _acts(nlp, gazetteer, text: str, kind: str = "DISAPPROVE") -> list[tuple[str, str]]:
    """(source side, target side) of the article's events of type ``kind``."""
    return [
        _sides(e)
        for e in article_events(nlp, gazetteer, text, DAY)
        if e.type == kind and e.source and e.target
    ]


def _types(nlp, gazetteer, text: str) -> list[str]:
    return [e.type for e in article_events(nlp, gazetteer, text, DAY)]


def test_allegations_called_a_lie_are_the_deniers_blame_of_the_accuser(nlp, gazetteer):
    text = (
        '"Claims by the Georgian side that Russia shelled the depot are a lie and a '
        'provocation," the Russian Foreign Ministry said on Monday.'
    )
    acts = _acts(nlp, gazetteer, text)
    assert ("RUS", "GEO") in acts  # the denier blames the accuser
    assert ("GEO", "RUS") in acts  # the allegation is the accuser's blame of the accused


def test_allegations_by_the_speakers_own_side_blame_no_one_of_it(nlp, gazetteer):
    text = (
        '"Allegations by Georgia that Russia shelled the depot are absolutely untrue," '
        "the Georgian defence ministry said on Monday."
    )
    assert ("GEO", "GEO") not in _acts(nlp, gazetteer, text)


def test_a_side_said_to_be_behind_an_attack_is_blamed(nlp, gazetteer):
    text = "The Syrian government said Turkey was behind the bombing of the convoy."
    assert ("SYR", "TUR") in _acts(nlp, gazetteer, text)


def test_a_side_said_to_be_behind_a_plan_is_not_blamed(nlp, gazetteer):
    text = "The Syrian government said Turkey was behind the plan to reopen the crossing."
    assert ("SYR", "TUR") not in _acts(nlp, gazetteer, text)


def test_a_side_said_to_cross_red_lines_is_blamed(nlp, gazetteer):
    text = "The Armenian government said Azerbaijan had crossed every red line."
    assert ("ARM", "AZE") in _acts(nlp, gazetteer, text)


def test_ceased_hostilities_is_a_truce_not_an_attack(nlp, gazetteer):
    text = "Georgia and Russia ceased hostilities along the boundary line on Monday."
    types = _types(nlp, gazetteer, text)
    assert "AGREE" in types
    assert "ASSAULT" not in types


def test_reinforcing_positions_and_high_alert_are_mobilisation(nlp, gazetteer):
    assert "MOBILIZE" in _types(
        nlp, gazetteer, "Indian forces were reinforcing their positions along the frontier."
    )
    assert "MOBILIZE" in _types(nlp, gazetteer, "The Pakistani army was on high alert.")


def test_looking_into_a_strike_is_an_investigation(nlp, gazetteer):
    text = "The Georgian army said it was looking into the reported strike on the depot."
    assert "INVESTIGATE" in _types(nlp, gazetteer, text)


def test_a_cancelled_summit_is_a_rejection(nlp, gazetteer):
    text = "Georgia cancelled a summit with Russia on Monday."
    types = _types(nlp, gazetteer, text)
    assert "REJECT" in types
    assert "CONSULT" not in types


def test_a_call_or_warning_aimed_at_the_speakers_own_side_is_not_aimed(nlp, gazetteer):
    events = article_events(
        nlp,
        gazetteer,
        "The Georgian interior minister warned that the Georgian death toll would rise. "
        "Georgia urges Georgians to stay calm.",
        DAY,
    )
    aimed = [_sides(e) for e in events if e.source and e.target]
    assert ("GEO", "GEO") not in aimed


def test_an_attack_a_side_says_was_another_sides_is_an_accusation(nlp, gazetteer):
    text = '"It was a Hezbollah attack," the Israeli army said on Monday.'
    assert ("ISR", "LBN") in _acts(nlp, gazetteer, text)


def test_the_owner_of_the_first_of_several_wrongs_is_blamed(nlp, gazetteer):
    text = (
        "The Pakistani foreign ministry described the strikes as a response to India's "
        '"hatred, aggression and fanaticism."'
    )
    assert ("PAK", "IND") in _acts(nlp, gazetteer, text)


def test_threats_a_side_points_to_blame_the_side_they_come_from(nlp, gazetteer):
    text = (
        "The Lebanese foreign minister said on Monday he had highlighted repeated threats "
        "from Israeli officials to destroy Lebanon."
    )
    assert ("LBN", "ISR") in _acts(nlp, gazetteer, text)


def test_an_attack_a_side_says_another_sides_strike_caused_blames_that_side(nlp, gazetteer):
    text = (
        "The Syrian health ministry said on Monday that a Turkish airstrike was "
        "responsible for the explosion at the market."
    )
    assert ("SYR", "TUR") in _acts(nlp, gazetteer, text)


def test_an_attack_a_side_calls_deliberate_blames_its_attacker(nlp, gazetteer):
    text = (
        "Turkish forces shelled the market in Afrin on Monday. "
        '"This is a deliberate attack on the civilians of Afrin," the Syrian foreign '
        "minister said on Monday."
    )
    assert ("SYR", "TUR") in _acts(nlp, gazetteer, text)


def test_a_foes_fighters_named_with_scorn_blame_their_side(nlp, gazetteer):
    text = '"Georgian fascists do not abandon their methods," the Russian president said.'
    assert ("RUS", "GEO") in _acts(nlp, gazetteer, text)


def test_scorned_attackers_with_no_side_named_blame_the_speakers_foe(nlp, gazetteer):
    text = (
        "Turkish artillery shelled the Syrian village of Tal Rifaat on Monday. "
        'The Syrian president said "brutal terrorists" attacked the Syrian hospital there '
        "on Monday."
    )
    assert ("SYR", "TUR") in _acts(nlp, gazetteer, text)


def test_scorn_for_fighters_who_attack_no_one_blames_no_side(nlp, gazetteer):
    text = (
        "Turkish artillery shelled the Syrian village of Tal Rifaat on Monday. "
        '"We are concerned about the presence of terrorists in the region," the '
        "Iranian foreign minister said on Monday."
    )
    assert not [a for a in _acts(nlp, gazetteer, text) if a[0] == "IRN"]


def test_an_embedded_post_is_its_authors_quote_on_its_day(nlp, gazetteer):
    from sitroom.extract.quotes import extract_quotes

    text = (
        "Turkish artillery shelled the Syrian village of Tal Rifaat on Monday.\n\n"
        "The whole world should know: it was brutal terrorists who attacked the Syrian "
        "hospital, not our army. — Recep Tayyip Erdogan (@RTErdogan) March 13, 2022\n\n"
        "The Syrian foreign ministry condemned the shelling."
    )
    doc = nlp(text)
    posts = [q for q in extract_quotes(doc) if q.content.startswith("The whole world")]
    assert [(q.speaker, q.date, q.direct) for q in posts] == [
        ("Recep Tayyip Erdogan", "2022-03-13", True)
    ]
    assert posts[0].content.endswith("not our army.")


def test_two_sides_blaming_in_one_sentence_are_two_accusations(nlp, gazetteer):
    text = (
        "Turkey accused Syrian forces of the shelling on Monday, while the Syrian army "
        "blamed a mortar round from a Turkish position."
    )
    acts = _acts(nlp, gazetteer, text)
    assert ("TUR", "SYR") in acts
    assert ("SYR", "TUR") in acts


def test_a_truce_that_mediation_led_to_is_an_agreement(nlp, gazetteer):
    text = (
        "After heavy fighting between Georgia and Russia on Monday, French mediation led "
        "to a ceasefire starting at 18:30 local time."
    )
    assert "AGREE" in _types(nlp, gazetteer, text)


def test_a_side_calling_anothers_strike_a_massacre_blames_it(nlp, gazetteer):
    text = 'The Syrian government called the Turkish strike on the market "a horrific massacre".'
    assert ("SYR", "TUR") in _acts(nlp, gazetteer, text)


def test_a_body_prompted_to_hold_a_meeting_held_it(nlp, gazetteer):
    text = (
        "Fighting on the Georgian border escalated on Sunday, prompting the UN Security "
        "Council to hold an emergency meeting on the crisis."
    )
    events = article_events(nlp, gazetteer, text, DAY)
    meetings = [e for e in events if e.type == "CONSULT" and e.mode == "meeting"]
    assert meetings and meetings[0].status == "occurred"


def test_a_body_warned_to_hold_a_meeting_did_not_hold_it(nlp, gazetteer):
    text = "Georgia warned the UN Security Council to hold an emergency meeting on the crisis."
    events = article_events(nlp, gazetteer, text, DAY)
    assert not [e for e in events if e.type == "CONSULT" and e.status == "occurred"]


def test_thanks_for_facilitating_a_deal_tell_the_mediation(nlp, gazetteer):
    text = (
        "The Georgian prime minister welcomed the truce, expressing gratitude to Turkey "
        "for facilitating the deal."
    )
    events = article_events(nlp, gazetteer, text, DAY)
    mediation = [e for e in events if e.type == "CONSULT" and e.mode == "mediation"]
    assert mediation and {a.country for a in mediation[0].source} == {"TUR"}
    assert "SUPPORT" in [e.type for e in events]  # the thanks stay a statement of their own


def test_diplomatic_engagement_led_by_a_party_is_its_mediation(nlp, gazetteer):
    text = (
        "Georgia and Russia agreed to a truce on Sunday after intense diplomatic "
        "engagement led by Turkey."
    )
    events = article_events(nlp, gazetteer, text, DAY)
    mediation = [e for e in events if e.type == "CONSULT" and e.mode == "mediation"]
    assert mediation and {a.country for a in mediation[0].source} == {"TUR"}


def test_posts_lost_are_a_retreat(nlp, gazetteer):
    text = "The Georgian defence ministry said Georgian forces lost two military posts on Sunday."
    retreats = [e for e in article_events(nlp, gazetteer, text, DAY) if e.type == "RETREAT"]
    assert retreats and {a.country for a in retreats[0].source} == {"GEO"}


def test_soldiers_taken_captive_are_coerced(nlp, gazetteer):
    text = "Russian troops took twelve Georgian soldiers captive near the border on Sunday."
    assert "COERCE" in _types(nlp, gazetteer, text)


def test_a_participle_reporter_speaks_for_its_clause_subject(nlp, gazetteer):
    text = (
        "Georgia on Sunday responded to Russia's accusation, stating that it would "
        "hold talks with Turkey."
    )
    talks = [e for e in article_events(nlp, gazetteer, text, DAY) if e.type == "CONSULT"]
    assert talks and {a.country for a in talks[0].source} == {"GEO"}


def test_a_body_after_an_apposition_is_the_subject_of_its_verb(nlp, gazetteer):
    text = (
        "The Georgian foreign ministry said that, at the request of Georgian Prime "
        "Minister, Irakli Garibashvili, the United Nations Security Council convened an "
        "emergency meeting on Sunday to address the clashes between Georgia and Russia."
    )
    events = article_events(nlp, gazetteer, text, DAY)
    meetings = [e for e in events if e.type == "CONSULT"]
    assert meetings and any(a.sector == "IGO" for a in meetings[0].source)


def test_sites_cleared_out_are_a_withdrawal(nlp, gazetteer):
    text = "Security sources said Russian forces had cleared out key sites near the border."
    retreats = [e for e in article_events(nlp, gazetteer, text, DAY) if e.type == "RETREAT"]
    assert retreats and {a.country for a in retreats[0].source} == {"RUS"}
