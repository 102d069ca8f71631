"""Finding trigger-word candidates in a parsed document."""

from __future__ import annotations

from spacy.tokens import Doc

from sitroom.extract.events.triggers import candidate_indices


def _plain(doc: Doc, words: frozenset[str]) -> list[int]:
    return [t.i for t in doc if t.lemma_ in words or t.lower_ in words]


def test_candidate_indices_match_lemma_or_lower_case_form(nlp):  # type: ignore[no-untyped-def]
    doc = nlp("Shelling killed two. The Army SHELLED Ganja again, and shells fell on Tartar.")
    shelled = [t.i for t in doc if t.text == "SHELLED"]
    assert candidate_indices(doc, frozenset({"shell"})) == _plain(doc, frozenset({"shell"}))
    assert set(shelled) <= set(candidate_indices(doc, frozenset({"shelled"})))
    assert candidate_indices(doc, frozenset({"army", "tartar"})) == [
        t.i for t in doc if t.lower_ in {"army", "tartar"}
    ]
    assert candidate_indices(doc, frozenset({"ceasefire"})) == []


def test_candidate_indices_agree_for_many_word_lists_on_one_doc(nlp):  # type: ignore[no-untyped-def]
    # The document's keys are read once and reused: each list must still get its own answer.
    doc = nlp("Azerbaijan accused Armenia of violating the truce; both sides must hold fire.")
    lists = [
        frozenset({"accuse", "violate"}),
        frozenset({"must", "should"}),
        frozenset({"truce", "fire", "side"}),
        frozenset({"accuse", "violate"}),
        frozenset(),
    ]
    for words in lists:
        assert candidate_indices(doc, words) == _plain(doc, words)
    assert candidate_indices(nlp(""), frozenset({"fire"})) == []


def test_phrases_read_passives_quantities_and_thrown_weapons(nlp):  # type: ignore[no-untyped-def]
    from sitroom.extract.events.lexicon import load_trigger_lexicon
    from sitroom.extract.events.triggers import find_triggers

    lex = load_trigger_lexicon()

    def attacks(text: str) -> list[str]:
        doc = nlp(text)
        return [doc[t.start : t.end].text for t in find_triggers(doc, lex) if t.type == "ASSAULT"]

    assert attacks("The army said the missile was fired by the rebels from the hills.")
    assert attacks("Officials said a barrage of rockets was fired at the town overnight.")
    assert attacks("A man threw a grenade at the soldiers at a checkpoint.")
    assert attacks("The air force said it had hit militant targets in the valley.")
    # a verb's own subject is still no part of its phrase
    assert not attacks("The missile expert gave a lecture on rockets.")


def test_meetings_held_and_contacts_made_are_consultations(nlp):  # type: ignore[no-untyped-def]
    from sitroom.extract.events.lexicon import load_trigger_lexicon
    from sitroom.extract.events.triggers import find_triggers

    lex = load_trigger_lexicon()
    for text in (
        "The parliament will hold an emergency session on the border.",
        "The envoy contacted several officials in Beirut.",
        "The president landed in Tel Aviv on Wednesday.",
    ):
        doc = nlp(text)
        assert any(t.type == "CONSULT" for t in find_triggers(doc, lex)), text


def test_a_weapon_refines_an_attack_not_a_statement_about_it(nlp):  # type: ignore[no-untyped-def]
    from sitroom.extract.events.lexicon import load_trigger_lexicon
    from sitroom.extract.events.triggers import find_triggers

    lex = load_trigger_lexicon()

    def modes(text: str) -> dict[str, str]:
        return {t.type: t.mode for t in find_triggers(nlp(text), lex)}

    blame = modes("Hamas accused an Israeli air strike of the killings.")["DISAPPROVE"]
    assert blame == "accusation"
    assert modes("The army launched an air strike on the depot.")["ASSAULT"] == "air"
    assert modes("The minister held a phone call with his counterpart.")["CONSULT"] == "phone"
