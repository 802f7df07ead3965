"""Warnings about the labels learners choose between: speakers and frames.

A speaker (``credited_to``) or frame label is an answer option, and the labels of
other claims become the wrong options. Two spellings of one label ("Mayor Brandt" /
"Mayor Ilse Brandt", "council failure" / "Council failure") therefore put the same
answer on the screen twice, one of them marked wrong. And a framing claim whose
mentions carry a ``frame`` only in part asks the frames question without some texts.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

from rapidfuzz import fuzz

from ..model import Story
from ..yamlsource import LoadedYaml
from .lint import LintWarning

# fuzz.ratio (0..100) from which two labels read as one label misspelt ("Tokayev" /
# "Tokaev"); the seed story's closest distinct labels stay well below it.
_TYPO_RATIO = 85.0
_WORD = re.compile(r"[^\W_]+")

Where = tuple  # a YAML path of the first occurrence: ("claims", ci, "mentions", mi, field)


def _occurrences(story: Story) -> dict[str, dict[str, Where]]:
    """``{"speaker" | "frame": {label: path of its first occurrence}}``."""
    found: dict[str, dict[str, Where]] = {"speaker": {}, "frame": {}}
    for ci, claim in enumerate(story.claims):
        for mi, mention in enumerate(claim.mentions):
            at = ("claims", ci, "mentions", mi)
            if mention.credited_to is not None:
                found["speaker"].setdefault(mention.credited_to, (*at, "credited_to"))
            if mention.frame is not None:
                found["frame"].setdefault(mention.frame, (*at, "frame"))
            kind = "frame" if claim.family == "framing" else "speaker"
            for value in mention.also:
                found[kind].setdefault(value, (*at, "also"))
    return found


def _words(label: str) -> list[str]:
    return _WORD.findall(label.casefold())


def near_duplicates(a: str, b: str) -> str | None:
    """Why labels ``a`` and ``b`` look like one label, or None."""
    wa, wb = _words(a), _words(b)
    if wa == wb:
        return "differ only in capitals, spacing or punctuation"
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) >= 2 and set(short) <= set(long_):
        return "one has every word of the other"
    if fuzz.ratio(" ".join(wa), " ".join(wb)) >= _TYPO_RATIO:
        return "differ by a letter or two"
    return None


def label_warnings(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    """Near-duplicate speaker and frame labels, and frames missing on some mentions."""
    warnings = []
    for kind, labels in _occurrences(story).items():
        for a, b in itertools.combinations(sorted(labels), 2):
            why = near_duplicates(a, b)
            if why is None:
                continue
            later = max(labels[a], labels[b])
            claims = sorted({story.claims[labels[x][1]].id for x in (a, b)})
            named = " and ".join(f"'{c}'" for c in claims)
            warnings.append(
                LintWarning(
                    shown,
                    loaded.line(later),
                    f"claim{'s' if len(claims) > 1 else ''} {named}: {kind} labels '{a}' and "
                    f"'{b}' look like one {kind} ({why})",
                    f"if they name the same {kind}, spell it one way everywhere (each "
                    "spelling becomes an answer option); else make them clearly different",
                )
            )
    return warnings + _partial_frames(story, loaded, shown)


def _partial_frames(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    warnings = []
    for ci, claim in enumerate(story.claims):
        framed = [m.frame is not None for m in claim.mentions]
        if claim.family != "framing" or all(framed) or not any(framed):
            continue
        by_source: dict[str, list[int]] = defaultdict(list)
        for mi, has_frame in enumerate(framed):
            if not has_frame:
                by_source[claim.mentions[mi].source].append(mi)
        for source, indexes in by_source.items():
            warnings.append(
                LintWarning(
                    shown,
                    loaded.line(("claims", ci, "mentions", indexes[0])),
                    f"claim '{claim.id}', mention {indexes[0] + 1} (source {source}) has no "
                    f"frame:, while {sum(framed)} other mention(s) of the claim have one, so "
                    "the frames question leaves this text out",
                    "add frame: to it, or remove frame: from every mention to ask only for "
                    "the words",
                )
            )
    return warnings
