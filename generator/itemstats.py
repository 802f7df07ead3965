"""Item statistics: how hard each question was, whether it told stronger learners from
weaker ones, and which wrong answers were common — as a CSV and as a chart.

Only first attempts count (the later ones follow feedback). ``reflect`` questions
have no score and are left out. Discrimination is the *corrected item-total
correlation*: Pearson's r between a question's first-attempt score and the learner's
score on the rest of the module (the point-biserial when a question scores 0 or 1).
"Rest", not total, so a question does not correlate with itself, which matters in
modules of a few questions; correlation, not upper-lower 27 % groups, because classes
are small (27 % of 20 learners is 5) and partial credit is common.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .gradebook import Row
from .gradetables import format_number, json_text, safe_cell
from .modulekeys import is_graded

WRONG_SHOWN = 3
ITEM_COLUMNS = (
    "story",
    "module",
    "question",
    "kind",
    "move",
    "n_learners",
    "n_responses",
    "mean_first_score",
    "discrimination",
    *(f"wrong_{i}{part}" for i in range(1, WRONG_SHOWN + 1) for part in ("", "_count")),
)
LOW_DISCRIMINATION = 0.2  # the usual rule of thumb (Ebel): below it, review the question


@dataclass(frozen=True)
class ItemStat:
    story: str
    module: str
    question: dict[str, Any]
    n_learners: int
    n_responses: int
    mean: float | None  # mean first-attempt score (difficulty index: low = hard)
    discrimination: float | None  # None when it cannot be computed (n < 2, no variance)
    wrong: tuple[tuple[str, int], ...]  # most frequent not-fully-right responses


def item_stats(rows: list[Row]) -> list[ItemStat]:
    """One entry per graded question of every module in ``rows``, module by module,
    grouped by move (moves in the order their first questions come, questions in
    module order within a move; questions without a move, from older specs, last)."""
    modules: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        modules.setdefault((row.story, row.module), []).append(row)
    stats = []
    for (story, module), group in modules.items():
        graded = [q for q in group[0].key.questions if is_graded(q)]
        for question in grouped_by_move(graded):
            stats.append(_item(story, module, question, group))
    return stats


def grouped_by_move(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    moves: dict[str, list[dict[str, Any]]] = {}
    for question in questions:
        moves.setdefault(move_of(question), []).append(question)
    ordered = sorted(moves.items(), key=lambda entry: entry[0] == "")  # stable: "" last
    return [question for _move, group in ordered for question in group]


def move_of(question: dict[str, Any]) -> str:
    move = question.get("move")
    return move if isinstance(move, str) else ""


def _item(story: str, module: str, question: dict[str, Any], rows: list[Row]) -> ItemStat:
    qid = question["id"]
    answered = [row for row in rows if qid in row.answers]
    scores = [row.answers[qid].first_score for row in answered]
    rest = [row.score - row.answers[qid].first_score for row in answered]
    wrong = Counter(
        describe_response(question, row.answers[qid].response)
        for row in answered
        if row.answers[qid].first_score < 1 - 1e-9
    )
    top = sorted(wrong.items(), key=lambda item: (-item[1], item[0]))[:WRONG_SHOWN]
    return ItemStat(
        story=story,
        module=module,
        question=question,
        n_learners=len(rows),
        n_responses=len(answered),
        mean=statistics.fmean(scores) if scores else None,
        discrimination=correlation(scores, rest),
        wrong=tuple(top),
    )


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None where it is undefined (fewer than 2 values, no variance)."""
    if len(xs) < 2:
        return None
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:  # a constant input: everyone scored the same
        return None


def describe_response(question: dict[str, Any], response: Any) -> str:
    """A response as a teacher reads it: labels and words, not indices and keys."""
    try:
        return _describe(question, response)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return json_text(response)  # malformed: show what was stored


def _describe(question: dict[str, Any], response: Any) -> str:
    kind = question["kind"]
    labels = {item["key"]: item["label"] for item in question.get("items", [])}
    if response is None or response == "" or response == []:
        return "(no answer)"
    if kind == "choice":
        return str(response)
    if kind == "multi":
        return ", ".join(map(str, response))
    if kind == "match":
        return "; ".join(f"{labels.get(k, k)} → {v}" for k, v in response.items())
    if kind == "number":
        unit = question.get("unit")
        return f"{float(response):g}" + (f" {unit}" if unit else "")
    if kind == "words":
        tokens = question["tokens"]
        picked = sorted(int(i) for i in response)
        parts = [
            tokens[i] if i - 1 in picked or n == 0 else "… " + tokens[i]
            for n, i in enumerate(picked)
        ]
        return " ".join(parts)
    if kind == "order":
        return " → ".join(labels.get(k, str(k)) for k in response)
    return str(response)


# ---------------------------------------------------------------- CSV


def items_table(stats: list[ItemStat]) -> list[list[str]]:
    table = [list(ITEM_COLUMNS)]
    for item in stats:
        wrong = [cell for text, count in item.wrong for cell in (safe_cell(text), str(count))]
        wrong += [""] * (2 * WRONG_SHOWN - len(wrong))
        table.append(
            [
                item.story,
                item.module,
                item.question["id"],
                item.question["kind"],
                move_of(item.question),
                str(item.n_learners),
                str(item.n_responses),
                _blank_num(item.mean),
                _blank_num(item.discrimination, digits=2),
                *wrong,
            ]
        )
    return table


def _blank_num(value: float | None, digits: int = 4) -> str:
    return "" if value is None else format_number(round(value, digits))


# ---------------------------------------------------------------- chart


# SVG geometry, in pixels: label column, bar area, figures column, row height.
LABEL_W, BAR_W, FIG_W, ROW_H, TOP = 300, 340, 250, 30, 34


def chart_modules(stats: list[ItemStat]) -> list[dict[str, Any]]:
    """Per module: the questions sorted hardest first, with bar geometry precomputed so
    that the template holds no arithmetic."""
    modules: dict[tuple[str, str], list[ItemStat]] = {}
    for item in stats:
        modules.setdefault((item.story, item.module), []).append(item)
    out = []
    for (story, module), items in modules.items():
        ordered = sorted(items, key=lambda i: (i.mean is None, i.mean or 0.0, i.question["id"]))
        bars = [_bar(n, item) for n, item in enumerate(ordered)]
        out.append(
            {
                "story": story,
                "module": module,
                "learners": items[0].n_learners,
                "bars": bars,
                "height": TOP + ROW_H * len(bars) + 10,
                "ticks": [{"x": LABEL_W + BAR_W * t / 4, "label": f"{25 * t}%"} for t in range(5)],
            }
        )
    return out


def _bar(n: int, item: ItemStat) -> dict[str, Any]:
    prompt = str(item.question.get("prompt", ""))
    mean, disc = item.mean, item.discrimination
    low = disc is not None and disc < LOW_DISCRIMINATION
    disc_value = "n/a" if disc is None else f"{disc:+.2f}" + (" ⚠ low" if low else "")
    return {
        "y": TOP + ROW_H * n,
        "id": item.question["id"],
        "prompt": prompt,
        "short": prompt if len(prompt) <= 42 else prompt[:41] + "…",
        "width": 0 if mean is None else round(BAR_W * mean, 1),
        "pct": "no answers" if mean is None else f"{100 * mean:.0f}% right",
        "n": f"{item.n_responses} of {item.n_learners} answered",
        "disc": disc_value,
        "low": low,
        "wrong": item.wrong,
        "kind": item.question["kind"],
    }


def render_chart(stats: list[ItemStat]) -> str:
    """The chart page (templates/item_report.html.j2, HTML-escaped by the shared
    Jinja environment: question text and responses are data)."""
    from .templating import render

    return render(
        "item_report.html.j2",
        modules=chart_modules(stats),
        label_w=LABEL_W,
        bar_w=BAR_W,
        fig_w=FIG_W,
        row_h=ROW_H,
        total_w=LABEL_W + BAR_W + FIG_W,
        low=LOW_DISCRIMINATION,
    )
