"""The word-level comparison behind copy tracing, "what the copy changed" and
"quote or paraphrase" (generator/building/reuse.py), on seed-like passages."""

from __future__ import annotations

import pytest

from generator.building.reuse import (
    align,
    changed_words,
    function_word_indices,
    is_reuse,
    keys,
    normalise,
    quote_verdict,
    quoted_text,
    words,
)

MFA = (
    "A number of publications in foreign mass media on the situation that has developed in "
    "our country since the introduction of the state of emergency are clearly superficial "
    "and one-sided."
)
LONG = (
    "A number of publications in foreign mass media are clearly superficial and one-sided in "
    "their report about Kazakhstan since the introduction of the state of emergency, according "
    "to the Kazakh Ministry of Foreign Affairs and insiders."
)
SHORT = (
    "According to Kazakhstan’s foreign ministry, some international media tend to be one-sided "
    "while covering the news from Kazakhstan."
)


def test_words_are_normalised_for_comparison_only():
    assert normalise("“Peaceful") == "peaceful" and normalise("Kazakhstan’s,") == "kazakhstan's"
    assert words("a  b\nc") == ["a", "b", "c"]  # the same split as a words question
    first, dash = keys("x – y")[:2]
    assert first == "x" and dash.startswith("\0")  # punctuation alone never matches


def test_a_long_shared_run_is_reuse_and_a_paraphrase_is_not():
    assert align(MFA, LONG).longest_run >= 8 and is_reuse(MFA, LONG)
    assert not is_reuse(MFA, SHORT)
    assert not is_reuse(LONG, SHORT)


@pytest.mark.parametrize(
    "a,b,reused",
    [
        (
            "one two three four five six seven eight",
            "one two three four five six seven eight",
            True,
        ),
        ("one two three four five six seven", "zero one two three four five six seven nine", True),
        ("one two three x four five six", "one two three y four five six", True),  # 6 of 7 in runs
        ("one two x three four y five six", "one two z three four w five six", False),  # runs of 2
        ("one two three", "one two three", False),  # too short to show anything by share
    ],
)
def test_reuse_thresholds(a, b, reused):
    assert is_reuse(a, b) is reused


def test_changed_words_are_what_the_copy_adds_even_when_it_reorders():
    changed = [words(LONG)[i] for i in changed_words(MFA, LONG)]
    # "clearly superficial and one-sided" moved but is in both texts: the copy kept it.
    assert "superficial" not in changed and "one-sided" not in changed
    assert changed == [
        "report",
        "Kazakhstan",
        "according",
        "Kazakh",
        "Ministry",
        "Foreign",
        "Affairs",
        "insiders.",
    ]
    # Function words ("the", "to", "and", "of") are never part of the answer.
    assert not {"the", "to", "and", "of"} & set(changed)


def test_a_copy_word_for_word_changes_nothing():
    assert changed_words(MFA, MFA) == []


def test_function_words_are_articles_prepositions_conjunctions_auxiliaries():
    tokens = words("The protests were hijacked by terrorist and criminal groups")
    assert [tokens[i] for i in function_word_indices(tokens)] == ["The", "were", "by", "and"]


@pytest.mark.parametrize(
    "passage,quoted",
    [
        ("He said: «We will stay» and left.", "We will stay"),
        (
            "«The data shows that some had combat experience.",
            "The data shows that some had combat experience.",
        ),
        ("to get the situation escalated,» the agency said.", "to get the situation escalated,"),
        ("not “peaceful protesters” as some media say", "peaceful protesters"),
        ("The protesters’ demands were met; it doesn’t matter.", ""),  # apostrophes only
        ('not "peaceful protesters" as some media', "peaceful protesters"),
        ("No quotation marks at all.", ""),
    ],
)
def test_quoted_text_finds_quotation_marks_and_guillemets(passage, quoted):
    assert quoted_text(passage) == quoted


def test_quote_verdict_compares_with_the_speakers_own_words():
    own = "It is particularly important that peaceful protesters are not prosecuted."
    assert (
        quote_verdict(
            "It is particularly important that peaceful protesters are not prosecuted", own
        )
        == "exact"
    )
    paraphrase = "Kazakhstan’s authorities aren’t going to go after the peaceful protesters"
    assert quote_verdict(paraphrase, own) == "paraphrase"
    # In between (9 of 11 words in runs): one added word settles nothing.
    middle = "It is particularly important that the peaceful protesters are not prosecuted"
    assert quote_verdict(middle, own) is None
