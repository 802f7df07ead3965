"""The guards of issue 16: warnings for a story that teaches what its texts do not show.

Each guard has a fixture under tests/fixtures/guards/ that it must flag, with the
line a teacher would open and what the warning names; the passing variants next to
each failure show what the guard must leave alone. The seed story gives none.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.authoring.guards import (
    figure_not_printed,
    fold,
    guard_warnings,
    primary_dated_later,
    quote_not_in_sources,
    quoted_phrases,
)
from generator.corpus import load_story
from generator.yamlsource import load_yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "guards"
SEED = REPO / "corpus" / "kazakhstan-2022"


def load(folder: Path):
    story, problems = load_story(folder)
    assert not problems, problems  # a guard fixture is a valid story
    text = (folder / "story.yaml").read_text(encoding="utf-8")
    return story, load_yaml(text, "story.yaml"), text


def with_mention(story, claim_id: str, index: int, **changes):
    """The story with one mention of one claim changed (the loaded YAML stays as is)."""
    claims = []
    for claim in story.claims:
        if claim.id == claim_id:
            mentions = list(claim.mentions)
            mentions[index] = replace(mentions[index], **changes)
            claim = replace(claim, mentions=tuple(mentions))
        claims.append(claim)
    return replace(story, claims=tuple(claims))


def line_of(text: str, marker: str) -> int:
    assert marker in text, f"test bug: {marker!r} not in the story"
    return text[: text.index(marker)].count("\n") + 1


def test_primary_dated_after_another_text_is_flagged():
    story, loaded, text = load(FIXTURES / "primary-dated-later")
    (warning,) = primary_dated_later(story, loaded, "story.yaml")
    assert warning.line == line_of(text, "primary: true")
    assert "'statement' is marked primary but is dated 2024-05-12, after interview" in str(warning)
    assert str(warning).startswith(f"story.yaml:{warning.line}: claim 'no-choice'")
    assert " — remove `primary: true`" in str(warning)


def test_figure_that_the_quote_does_not_print_is_flagged_unless_inferred():
    story, loaded, text = load(FIXTURES / "figure-not-printed")
    (warning,) = figure_not_printed(story, loaded, "story.yaml")
    # The blog's "Crowds filled the square" gives 3000 without printing it; its
    # "The march ended peacefully." is marked inferred with a note, so it passes,
    # and "Over 3,000 … on Friday" prints both the figure and the day.
    assert warning.line == line_of(text, 'quote: "Crowds filled the square"')
    assert "claim 'marchers': the quote of 'blog' prints no figure or date" in warning.what
    assert "inferred: true" in warning.fix


@pytest.mark.parametrize(
    "quote",
    [
        "Dozens of people were killed",
        "consists of six countries",
        "In his Jan 4 statement",
        "On Wednesday, the president spoke",
        "hundreds more injured",
        "the march of 3 March",
        "until the end of May",
    ],
)
def test_number_words_months_and_weekdays_count_as_printed(quote):
    story, loaded, _ = load(FIXTURES / "figure-not-printed")
    story = with_mention(story, "marchers", 1, quote=quote)
    assert figure_not_printed(story, loaded, "story.yaml") == []


def test_inferred_figure_without_a_note_is_still_flagged():
    story, loaded, _ = load(FIXTURES / "figure-not-printed")
    story = with_mention(story, "march-day", 1, note=None)
    flagged = {w.what.split(":")[0] for w in figure_not_printed(story, loaded, "story.yaml")}
    assert flagged == {"claim 'marchers'", "claim 'march-day'"}


def test_quotation_no_source_contains_is_flagged_wherever_learners_read_it():
    story, loaded, text = load(FIXTURES / "quote-not-in-sources")
    warnings = quote_not_in_sources(story, loaded, "story.yaml")
    found = {(w.line, w.what) for w in warnings}
    assert found == {
        (
            line_of(text, 'note: "The report calls'),
            "source 'report' note: “an uprising” is in quotation marks but occurs in no "
            "source text",
        ),
        (
            line_of(text, "explanation: >-"),
            "claim 'minority' explanation: “a tiny fringe” is in quotation marks but "
            "occurs in no source text",
        ),
        (
            line_of(text, "note: \"The report's quotation"),
            "claim 'minority', mention 1 (source report), note: “a small minority, nothing "
            "more” is in quotation marks but occurs in no source text",
        ),
    }
    # Folded and allowed, so not flagged: case and spaces ("A SMALL   minority"), a
    # straight apostrophe for the source's curly one ("ministry's spokesman" in
    # guillemets), an ellipsis between two quoted parts, and the not_quoted "so-called".
    assert all("so-called" not in w.what and "SMALL" not in w.what for w in warnings)


def test_quoted_phrases_close_each_mark_with_its_own_pair():
    text = 'A "“ forgery “" here, «a b», “c "d" e” and an unclosed "f'
    assert list(quoted_phrases(text)) == ["“ forgery “", "a b", 'c "d" e']
    assert fold("The  Ministry’s “Words”") == 'the ministry\'s "words"'


def test_guard_warnings_runs_every_guard():
    for name in ("primary-dated-later", "figure-not-printed", "quote-not-in-sources"):
        story, loaded, _ = load(FIXTURES / name)
        assert guard_warnings(story, loaded, "story.yaml"), name


def test_seed_story_gives_no_warning():
    story, loaded, _ = load(SEED)
    assert [str(w) for w in guard_warnings(story, loaded, "story.yaml")] == []
