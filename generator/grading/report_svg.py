"""Geometry of the class report's inline SVG charts, precomputed so that the template
(templates/class_report.html.j2) holds no arithmetic.

Hand-drawn SVG, like the item chart of ``export --items`` (generator/itemstats.py),
rather than matplotlib: two bar charts do not justify a 40 MB dependency (with
numpy) that is not installed today, and matplotlib's SVG embeds its text as paths
unless told otherwise, which a screen reader or a search in the page cannot read.
Every bar carries its figure as text, and the pretest's bars are hatched, so colour
is never the only carrier.
"""

from __future__ import annotations

from typing import Any

from .report import ClassReport, PrePost

# Pixels: label column, bar area, figure column, row height, top margin.
LABEL_W, BAR_W, FIG_W, ROW_H, TOP = 260, 360, 80, 28, 30
# Pre → post histogram: bands of 10 %, two bars per band.
BANDS = 10
HIST_W, HIST_H, HIST_LEFT, HIST_BOTTOM, HIST_TOP = 720, 260, 40, 40, 40


def ticks(left: float, width: float) -> list[dict[str, Any]]:
    return [{"x": left + width * t / 4, "label": f"{25 * t} %"} for t in range(5)]


def mastery_chart(report: ClassReport, names: dict[str, str]) -> dict[str, Any]:
    """One bar per move: the class's mean mastery, threshold drawn as a line."""
    bars = []
    for n, move in enumerate(m for m in report.moves if m in report.class_mastery):
        value = report.class_mastery[move]
        bars.append(
            {
                "y": TOP + ROW_H * n,
                "label": names.get(move, move),
                "width": round(BAR_W * value, 1),
                "pct": percent(value),
                "low": value < report.threshold,
            }
        )
    return {
        "bars": bars,
        "width": LABEL_W + BAR_W + FIG_W,
        "height": TOP + ROW_H * len(bars) + 10,
        "label_w": LABEL_W,
        "bar_w": BAR_W,
        "threshold_x": round(LABEL_W + BAR_W * report.threshold, 1),
        "ticks": ticks(LABEL_W, BAR_W),
    }


def band_counts(values: list[float]) -> list[int]:
    """How many values fall in each 10 % band; 100 % counts in the last band."""
    counts = [0] * BANDS
    for value in values:
        counts[min(int(value * BANDS + 1e-9), BANDS - 1)] += 1
    return counts


def prepost_chart(pair: PrePost) -> dict[str, Any]:
    """Two bars per 10 % band: how many learners scored in it before and after."""
    pre = band_counts([pl.pre for pl in pair.learners])
    post = band_counts([pl.post for pl in pair.learners])
    top = max([*pre, *post, 1])
    plot_h = HIST_H - HIST_BOTTOM - HIST_TOP
    band_w = (HIST_W - HIST_LEFT - 10) / BANDS
    bar_w = band_w * 0.4
    bands = []
    for i in range(BANDS):
        x = HIST_LEFT + band_w * i
        bars = []
        for offset, count, kind in ((0.1, pre[i], "pre"), (0.5, post[i], "post")):
            h = round(plot_h * count / top, 1)
            bars.append(
                {
                    "kind": kind,
                    "x": round(x + band_w * offset, 1),
                    "y": round(HIST_TOP + plot_h - h, 1),
                    "h": h,
                    "w": round(bar_w, 1),
                    "count": count,
                    "text_x": round(x + band_w * offset + bar_w / 2, 1),
                }
            )
        label = f"{10 * i}–{10 * i + 9}" if i < BANDS - 1 else "90–100"
        bands.append({"label": label, "x": round(x + band_w / 2, 1), "bars": bars})
    return {
        "bands": bands,
        "width": HIST_W,
        "height": HIST_H,
        "baseline": HIST_TOP + plot_h,
        "left": HIST_LEFT,
        "right": HIST_W - 10,
    }


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f} %"
