"""Numeric suggestions: figures of different texts that are about the same thing.

Two figures of different texts are linked when they are of one kind (counts with
counts, dates with dates) and their sentences share enough rare words (weighted by
:class:`~.texts.Weights`), or when they give the same date and share at least some.
Groups are then built from the strongest link down, one figure per text. A group
whose texts give *different* values ranks first ("grouped where texts give different
figures for the same thing"); one where they agree still asks who stands behind it.
The texts' own datelines make one suggestion of their own: dates decide which text
can have copied which.
"""

from __future__ import annotations

from itertools import combinations

from .model import Mention, Suggestion
from .numbers import Figure
from .texts import STEM, Text, Weights

# Share of the lighter sentence's weight that two sentences must have in common for
# their figures to be about the same thing, and how many words at least: counts
# rarely share a figure by chance, dates often do (a busy day), so two different
# dates need much more in common; two equal dates need little.
COUNT_SHARE, COUNT_WORDS = 0.2, 2
DATE_SHARE, DATE_WORDS = 0.5, 3
SAME_DATE_SHARE = 0.12
_ANYONE = frozenset(["people", "persons", "person", "times"])
# Figures compared with figures of their own kind only (years and datelines apart).
_KINDS = ("count", "duration", "date")


def numeric_suggestions(
    texts: list[Text], found: list[Figure], weights: Weights, credits: dict
) -> list[Suggestion]:
    """``credits``: source → sentence index → :class:`~.attribution.Credit`."""
    by_id = {t.id: t for t in texts}
    suggestions = [s for s in [_datelines(texts, found)] if s]
    linked = []
    usable = [f for f in found if f.kind in _KINDS]
    for a, b in combinations(usable, 2):
        if a.source == b.source or a.kind != b.kind:
            continue
        strength = _link(a, b, weights)
        if strength:
            linked.append((strength, a, b))
    linked.sort(key=lambda t: (-t[0], t[1].source, t[1].start, t[2].source, t[2].start))
    for group in _groups(linked):
        suggestions.append(_suggestion(_same_date_too(group, linked), by_id, credits))
    return suggestions


def _same_date_too(group: list[Figure], linked) -> list[Figure]:
    """A text that gives the group's one date twice (a caption and a sentence) gets
    both passages: either may be the one the teacher wants."""
    if len({f.value for f in group}) > 1 or group[0].kind != "date":
        return group
    more = {
        other
        for _, a, b in linked
        for mine, other in ((a, b), (b, a))
        if mine in group
        and other not in group
        and other.value == group[0].value
        and any(f.source == other.source for f in group)
    }
    by_source = {}
    for f in sorted(more, key=lambda f: f.start):
        by_source.setdefault(f.source, f)
    return sorted([*group, *by_source.values()], key=lambda f: (f.source, f.start))


def _link(a: Figure, b: Figure, weights: Weights) -> float:
    """How strongly two figures seem to be about one thing (0: not linked), from the
    rare words their sentences share, the figures themselves left out."""
    ca = {w for w in a.sentence.content if not _figure_word(w)}
    cb = {w for w in b.sentence.content if not _figure_word(w)}
    shared = ca & cb
    share = weights.weight(shared) / (min(weights.weight(ca), weights.weight(cb)) or 1.0)
    if a.kind != "date":
        # Short sentences ("Nearly 300 residents were evacuated.") may share only
        # what they count: the same counted noun stands in for the second word,
        # unless it names no particular group ("3,000 people" arrested vs deployed).
        same_unit = a.unit == b.unit and a.unit.isalpha() and a.unit not in _ANYONE
        words = len(shared) + same_unit
        return share if share >= COUNT_SHARE and words >= COUNT_WORDS else 0.0
    if a.value == b.value:
        return share + 0.5 if share >= SAME_DATE_SHARE else 0.0
    return share if share >= DATE_SHARE and len(shared) >= DATE_WORDS else 0.0


def _figure_word(stem: str) -> bool:
    return stem[:1].isdigit() or stem in _DATE_WORDS


_DATE_WORDS = frozenset(
    w[:STEM]
    for w in [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


def _groups(linked) -> list[list[Figure]]:
    group_of: dict[Figure, int] = {}
    groups: list[list[Figure]] = []
    for _, a, b in linked:
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is None and gb is None:
            group_of[a] = group_of[b] = len(groups)
            groups.append([a, b])
            continue
        if (ga is None) == (gb is None):
            continue
        number, new = (ga, b) if gb is None else (gb, a)
        if all(f.source != new.source for f in groups[number]):
            groups[number].append(new)
            group_of[new] = number
    return [sorted(g, key=lambda f: (f.source, f.start)) for g in groups]


def _mention(f: Figure, text: Text, credit) -> Mention:
    """The figure's whole sentence: the reader needs to see what is counted."""
    fields: dict = {"value": f.value, "shown": f.shown, "credited_to": credit.label}
    if f.approx:
        fields["approx"] = True
    if f.unit and f.kind in ("count", "duration"):
        fields["unit"] = f.unit
    if f.inferred:
        fields["inferred"] = True
    if f.note:
        fields["note"] = f.note
    fields["figure"] = text.text[f.start : f.end]
    s = f.sentence
    return Mention(f.source, s.start, s.end, text.text[s.start : s.end], fields)


def _suggestion(group: list[Figure], texts: dict[str, Text], credits: dict) -> Suggestion:
    values = sorted({f.shown for f in group})
    differ = len({f.value for f in group}) > 1
    what = "different figures" if differ else "the same figure"
    why = f"{len(group)} texts give {what} for what reads as one thing: " + "; ".join(
        f"{f.source}: {f.shown}" for f in group
    )
    score = (0.62 if differ else 0.45) + 0.04 * len(group) - 0.05 * any(f.inferred for f in group)
    topic = (
        "Which figure do the texts give, and who stands behind it?"
        if differ
        else f"The texts agree on {values[0]}: who stands behind it?"
    )
    mentions = tuple(
        _mention(f, texts[f.source], credits[f.source][f.sentence.index]) for f in group
    )
    return Suggestion("numeric", mentions, why, score, topic)


def _datelines(texts: list[Text], found: list[Figure]) -> Suggestion | None:
    lines = [f for f in found if f.kind == "dateline"]
    if len(lines) < 2:
        return None
    undated = [t.id for t in texts if t.id not in {f.source for f in lines}]
    why = "The texts' own dates: " + "; ".join(f"{f.source}: {f.value}" for f in lines)
    if undated:
        why += f"; no date shown by {', '.join(undated)}"
    text = {t.id: t.text for t in texts}
    mentions = tuple(
        Mention(f.source, f.start, f.end, text[f.source][f.start : f.end], {"value": f.value})
        for f in lines
    )
    return Suggestion(
        "numeric", mentions, why, 0.6, "Which text is dated earlier? Check before tracing copies."
    )
