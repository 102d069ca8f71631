"""Cleaning rules on text written for these tests."""

from __future__ import annotations

from sitroom.ingest.clean import clean_text, split_lost_paragraphs, split_paragraphs

LEDE = (
    "Rocket fire hit the outskirts of the river port overnight, the regional "
    "administration said on Thursday, wounding three civilians."
)
SECOND = (
    "The army of the neighbouring state denied firing at civilian areas and said it "
    "had struck only military positions across the river."
)


def test_title_repeated_as_first_paragraph_is_dropped() -> None:
    title = "Rockets hit river port"
    cleaned = clean_text(f"{title}\n{title}\n{LEDE}\n\n{SECOND}")
    assert cleaned.title == title
    assert cleaned.text == f"{LEDE}\n\n{SECOND}"


def test_title_from_metadata_is_not_repeated() -> None:
    cleaned = clean_text(f"Rockets hit river port\n\n{LEDE}", title="Rockets hit river port")
    assert cleaned.text == LEDE


def test_repeated_paragraphs_analysed_once() -> None:
    dateline = f"RIVERTON (Delta Wire) – {LEDE}"
    body = f"{LEDE}\n\n{dateline}\n\n{SECOND}\n\n{SECOND}"
    cleaned = clean_text(body)
    assert cleaned.text == f"{LEDE}\n\n{SECOND}"


def test_sentence_repeated_in_next_paragraph() -> None:
    extra = "Both sides agreed to let monitors visit the area next week."
    body = f"{LEDE} {SECOND}\n\n{SECOND} {extra}"
    cleaned = clean_text(body)
    assert cleaned.text.count("denied firing") == 1
    assert cleaned.text.endswith(extra)


def test_short_sentences_may_repeat() -> None:
    body = f"He said no.\n\n{LEDE} He said no."
    assert clean_text(body).text.count("He said no.") == 2


def test_furniture_and_markup_residue_removed() -> None:
    body = "\n\n".join(
        [
            "Home",
            "(media/2021-04-02/a1b2c3.jpg)",
            "*" + LEDE + "*",
            "A report by **Delta Institute** (<https://delta.example/report>) said the"
            " shelling lasted four hours [Photo: smoke over the port].",
            "🕒 2 Apr in 10:15",
            "👁 5,321 views",
            "[War (/tags/war)](/tags/war/) [Ports (/tags/ports)](/tags/ports/)",
            "(<https://social.example/share?url=https%3A%2F%2Fdelta.example>)",
            "← previous",
            "Another story about the river port",
            "(/news/another-story.html)",
            "Delta Wire",
            "Follow us on Telegram",
        ]
    )
    cleaned = clean_text(body)
    assert cleaned.text == (
        f"{LEDE}\n\nA report by Delta Institute said the shelling lasted four hours."
    )


def test_related_articles_and_reply_footer() -> None:
    body = f"{LEDE}\n\n{SECOND}\n\nRelated Articles\n\nLeave a Reply\n\nBack to top button"
    assert clean_text(body).text == f"{LEDE}\n\n{SECOND}"


def test_licence_line_and_editor_initials_trimmed() -> None:
    body = f"{LEDE} {SECOND} AB/CD All Content by Delta Wire is licensed under a Creative"
    body += " Commons Attribution 4.0 International License."
    assert clean_text(body).text == f"{LEDE} {SECOND}"


def test_single_line_text_gets_paragraphs_without_moving_offsets() -> None:
    flat = f"{LEDE}  {SECOND} Both sides agreed.\u00a0 Talks resume today."
    split = split_lost_paragraphs(flat)
    assert len(split) == len(flat)
    assert split_paragraphs(split) == [LEDE, f"{SECOND} Both sides agreed.", "Talks resume today."]
    for i, ch in enumerate(flat):
        if not ch.isspace():
            assert split[i] == ch


def test_hard_wrapped_paragraph_kept_whole() -> None:
    wrapped = (
        "Rocket fire hit the outskirts of the river port overnight,\n"
        "the regional administration said on Thursday, wounding\n"
        "three civilians and damaging a warehouse near the docks\n"
        "where grain is stored before shipping."
    )
    assert len(split_paragraphs(wrapped)) == 1


def test_sentences_are_not_rewritten() -> None:
    text = "“We will respond,” the minister said — adding that 2,000 troops were ready."
    assert clean_text(text).text == text


def test_dropping_a_repeated_sentence_keeps_quotes_intact() -> None:
    quoted = "“We will not accept any violation of the border,” the minister told reporters."
    body = f"{LEDE}\n\n{quoted} {LEDE} “Talks must resume,” he added."
    cleaned = clean_text(body)
    assert cleaned.text == f"{LEDE}\n\n{quoted} “Talks must resume,” he added."


def test_social_button_rows_and_hashtags_removed() -> None:
    rows = [
        "Share on Facebook | Share on Twitter | Send via WhatsApp",
        "Facebook Twitter WhatsApp Telegram Email",
        "#ceasefire #border #shelling",
        "Click here to get our daily briefing",
    ]
    cleaned = clean_text("\n\n".join([LEDE, *rows, SECOND]))
    assert cleaned.text == f"{LEDE}\n\n{SECOND}"
