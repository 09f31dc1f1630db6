"""Headlines, inference sentences and root-cause lines read as whole sentences."""

from __future__ import annotations

from aiusage_doctor.core.rootcause import first_sentence, shorten


def test_a_quoted_vendor_message_is_not_cut_at_its_own_full_stop() -> None:
    summary = ("OpenAI refused the key (HTTP 401 “Incorrect API key provided. You can find your API key at "
               "https://platform.openai.com/account/api-keys.”): most likely it is wrong. Make a new key.")
    assert first_sentence(summary) == summary.split(". Make")[0]
    assert first_sentence('Vendor said "Bad key. Try again" today. Fix it.') == 'Vendor said "Bad key. Try again" today'
    assert first_sentence("It isn't on. Turn it on.") == "It isn't on"
    assert first_sentence("Plain first. Second.") == "Plain first"


def test_an_unclosed_quote_keeps_the_whole_summary() -> None:
    assert first_sentence("Refused (HTTP 401 “Bad key. Try again.") == "Refused (HTTP 401 “Bad key. Try again"


def test_a_long_root_cause_title_is_cut_at_a_word_boundary() -> None:
    title = "GitHub Copilot: " + "organization " * 10
    short = shorten(title.strip())
    assert len(short) <= 90 and short.endswith("organization…")
    assert shorten("short title") == "short title"
