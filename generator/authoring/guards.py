"""Guards against teaching what the texts do not show (issue 16).

Each guard is a function ``(story, loaded, shown) -> list[LintWarning]`` over a valid
story, its YAML with line numbers (:class:`~generator.yamlsource.LoadedYaml`) and the
story file's display path; :func:`guard_warnings` runs them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..model import Claim, Story
from ..yamlsource import LoadedYaml
from .lint import LintWarning

Guard = Callable[[Story, LoadedYaml, str], list[LintWarning]]


def primary_dated_later(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    """A ``primary`` mention whose source is dated after another dated source of the claim.

    An origin the dates contradict teaches a wrong origin: a text cannot be where a
    statement comes from when another text carried it earlier.
    """
    dates = {s.id: s.published for s in story.sources if s.published}
    warnings = []
    for ci, claim in enumerate(story.claims):
        for mi, mention in enumerate(claim.mentions):
            own = dates.get(mention.source)
            if not (mention.primary and own):
                continue
            earlier = sorted({m.source for m in claim.mentions if dates.get(m.source, own) < own})
            if earlier:
                warnings.append(
                    LintWarning(
                        shown,
                        loaded.line(("claims", ci, "mentions", mi, "primary")),
                        f"claim '{claim.id}': '{mention.source}' is marked primary but is "
                        f"dated {own}, after {', '.join(earlier)}",
                        "remove `primary: true`, or mark the earliest text that carries it",
                    )
                )
    return warnings


# What can print a figure or a date in words: digits, number words, months, weekdays.
_FIGURE = re.compile(
    r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec|january|february|april|"
    r"june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# "may" and "march" are also a verb and a noun: only capitalised do they name a month.
_MONTH_HOMONYM = re.compile(r"\b(?:May|Mar|March)\b")


def figure_not_printed(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    """A numeric mention whose quote prints no figure or date, unless marked inferred.

    A learner asked "which figure does this text give?" must find it in the passage;
    a value the author worked out (a weekday turned into a date) is marked as such.
    """
    warnings = []
    for ci, claim in enumerate(story.claims):
        if claim.family != "numeric":
            continue
        for mi, mention in enumerate(claim.mentions):
            printed = _FIGURE.search(mention.quote) or _MONTH_HOMONYM.search(mention.quote)
            if printed or (mention.inferred and mention.note):
                continue
            warnings.append(
                LintWarning(
                    shown,
                    loaded.line(("claims", ci, "mentions", mi, "quote")),
                    f"claim '{claim.id}': the quote of '{mention.source}' prints no figure "
                    f"or date, yet its value is {mention.value}",
                    "quote the words that give the figure, or mark the mention "
                    "`inferred: true` with a note saying how the value follows from the text",
                )
            )
    return warnings


_CLOSING = {'"': '"', "“": "”", "«": "»"}
_FOLD = str.maketrans({"“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "‘": "'", "’": "'"})
_TRIM = " \t\n\"'.,;:!?"


def fold(text: str) -> str:
    """Case, quote styles, apostrophes and runs of white space folded for comparison."""
    return " ".join(text.translate(_FOLD).casefold().split())


def quoted_phrases(text: str) -> Iterator[str]:
    """The phrases of ``text`` inside double quotes (straight, curly or guillemets).

    Each opening mark is closed by the first matching closing mark, so quotation marks
    inside a phrase stay part of it.
    """
    at = 0
    while True:
        opening = [(i, c) for c in _CLOSING if (i := text.find(c, at)) >= 0]
        if not opening:
            return
        start, mark = min(opening)
        end = text.find(_CLOSING[mark], start + 1)
        if end < 0:
            return
        yield text[start + 1 : end]
        at = end + 1


def _in_some_source(phrase: str, texts: list[str]) -> bool:
    """Whether every part of ``phrase`` (split at an ellipsis) occurs in one source."""
    parts = [p.strip(_TRIM) for p in re.split(r"…|\.\.\.", fold(phrase))]
    parts = [p for p in parts if p]
    return not parts or any(all(p in text for p in parts) for text in texts)


def _claim_texts(ci: int, claim: Claim) -> Iterator[tuple[tuple, str]]:
    """The texts of a claim shown to learners, with their YAML paths."""
    yield ("claims", ci, "topic"), claim.topic
    yield ("claims", ci, "explanation"), claim.explanation
    if claim.omission_note:
        yield ("claims", ci, "omission_note"), claim.omission_note
    for mi, mention in enumerate(claim.mentions):
        if mention.note:
            yield ("claims", ci, "mentions", mi, "note"), mention.note


def quote_not_in_sources(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    """A phrase in double quotes, in a note or explanation, that no source text contains.

    Learners take quotation marks as a source's exact words; a paraphrase or a
    mistyped quotation in them teaches words nobody wrote.
    """
    texts = [fold(s.text) for s in story.sources]
    places = [(("sources", si, "note"), s.note, ()) for si, s in enumerate(story.sources)]
    for ci, claim in enumerate(story.claims):
        exempt = tuple(fold(p) for p in claim.not_quoted)
        places += [(path, text, exempt) for path, text in _claim_texts(ci, claim)]
    warnings = []
    for path, text, exempt in places:
        for phrase in quoted_phrases(text or ""):
            if fold(phrase) in exempt or _in_some_source(phrase, texts):
                continue
            warnings.append(
                LintWarning(
                    shown,
                    loaded.line(path),
                    f"{_place(story, path)}: “{phrase}” is in quotation marks but occurs in "
                    "no source text",
                    "copy the source's exact words, drop the quotation marks, or (in a "
                    "claim) list the phrase under not_quoted:",
                )
            )
    return warnings


def _place(story: Story, path: tuple) -> str:
    section, index, *rest = path
    item = story.sources[index] if section == "sources" else story.claims[index]
    where = f"{section[:-1]} '{item.id}'"
    if len(rest) > 1:  # a mention's note: named by number and source, never by position
        mention = story.claims[index].mentions[rest[1]]
        return f"{where}, mention {rest[1] + 1} (source {mention.source}), note"
    return f"{where} {rest[0]}"


GUARDS: tuple[Guard, ...] = (primary_dated_later, figure_not_printed, quote_not_in_sources)


def guard_warnings(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    return [w for guard in GUARDS for w in guard(story, loaded, shown)]
