"""The class report as one self-contained HTML page (templates/class_report.html.j2).

The page asks for nothing outside itself: inline CSS, inline SVG, no script that
runs, no font or image to fetch, so it opens offline, prints and can be mailed.
Its figures are also embedded as JSON in ``<script type="application/json"
id="samestory-report">`` (a data block: browsers never run it), so a test or a
spreadsheet macro can read them without scraping the tables; docs/grading.md
describes its fields.

The page speaks the language of the exported stories (``ClassReport.language``):
every phrase goes through the catalogs (docs/translating.md), figures take the
language's decimal sign. The JSON block stays English: it is for programs.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..building.moves import MOVES, move_name
from ..i18n import N_, base_language, catalog, current_language, gettext, is_source, speaking
from ..itemstats import LOW_DISCRIMINATION, grouped_by_move, move_of
from .report import ClassReport, PrePost
from .report_svg import mastery_chart, percent, prepost_chart

REPORT_FORMAT = "samestory-class-report/1"
# Heat-map bands, lowest first: (upper bound, CSS class). Each cell also prints its
# number, so the colour only repeats what the text says.
BANDS = ((0.25, "b0"), (0.5, "b1"), (0.75, "b2"), (1.01, "b3"))
# Words report.py and itemstats.py write in English for programs (the figures, the
# items CSV), translated where the page shows them.
CHANGES = {"improved": N_("improved"), "stayed": N_("stayed"), "fell": N_("fell")}
NO_ANSWER = N_("(no answer)")  # itemstats.describe_response of an empty response


def render_report(report: ClassReport) -> str:
    from ..templating import render

    with speaking(report.language):
        names = {move: move_name(move) if move in MOVES else move for move in report.moves}
        return render(
            "class_report.html.j2",
            report=report,
            language=report.language,
            names=names,
            data=data_block(report_data(report)),
            mastery=mastery_chart(report, names),
            heat=heat_rows(report),
            pairs=[pair_view(pair) for pair in report.pairs],
            items=items_by_move(report, names),
            changes={change: gettext(text) for change, text in CHANGES.items()},
            percent=percent,
            decimal=decimal,
            low=decimal(LOW_DISCRIMINATION, places=1),
        )


def decimal(value: float, places: int = 2, signed: bool = False) -> str:
    """A figure with ``places`` decimals in the language in force: "0.35" (English,
    as always), "0,35" (Russian: the decimal sign from Babel's CLDR data)."""
    return localised(f"{value:{'+' if signed else ''}.{places}f}")


def localised(figure: str) -> str:
    """A figure written the English way ("0.35") with the decimal sign of the language
    in force; English, and a language without a catalog, keep it as it is."""
    language = current_language()
    if is_source(language) or catalog(language) is None:
        return figure
    from babel.numbers import get_decimal_symbol

    return figure.replace(".", get_decimal_symbol(base_language(language)))


def band(value: float) -> str:
    return next(css for bound, css in BANDS if value < bound)


def heat_rows(report: ClassReport) -> list[dict[str, Any]]:
    rows = []
    for lm in report.learners:
        cells = []
        for move in report.moves:
            value = lm.mastery.get(move)
            cells.append(
                {"text": "—", "css": "none", "low": False}
                if value is None
                else {"text": percent(value), "css": band(value), "low": value < report.threshold}
            )
        rows.append({"name": lm.name, "cells": cells})
    return rows


def pair_view(pair: PrePost) -> dict[str, Any]:
    return {
        "pair": pair,
        "chart": prepost_chart(pair),
        "improved": pair.count("improved"),
        "stayed": pair.count("stayed"),
        "fell": pair.count("fell"),
        "within": f"{100 * pair.stayed_within:.0f} %",
        "gain": "—" if pair.gain is None else decimal(pair.gain),
        "interval": (
            gettext("not enough learners")
            if pair.interval is None
            else gettext("%(low)s to %(high)s")
            % {"low": decimal(pair.interval[0]), "high": decimal(pair.interval[1])}
        ),
    }


def items_by_move(report: ClassReport, names: dict[str, str]) -> list[dict[str, Any]]:
    """Item statistics grouped by move (then module order), hardest first in a move."""
    groups: dict[str, list[dict[str, Any]]] = {}
    ordered = grouped_by_move([item.question for item in report.items])
    position = {id(q): n for n, q in enumerate(ordered)}
    for item in sorted(report.items, key=lambda i: position[id(i.question)]):
        question = item.question
        disc = item.discrimination
        groups.setdefault(move_of(question), []).append(
            {
                "module": item.module,
                "id": question["id"],
                "heading": str(question.get("heading") or question["id"]),
                "mean": item.mean,
                "pct": percent(item.mean),
                "answered": gettext("%(answered)s of %(learners)s")
                % {"answered": item.n_responses, "learners": item.n_learners},
                "disc": gettext("n/a") if disc is None else decimal(disc, signed=True),
                "low": disc is not None and disc < LOW_DISCRIMINATION,
                "wrong": [  # already as a teacher reads them, but for an empty answer
                    (gettext(NO_ANSWER) if text == NO_ANSWER else text, count)
                    for text, count in item.wrong
                ],
            }
        )
    out = []
    for move, items in groups.items():
        items.sort(key=lambda i: (i["mean"] is None, i["mean"] or 0.0))
        name = names.get(move, move) or gettext("(no move)")
        out.append({"move": move, "name": name, "items": items})
    return out


def report_data(report: ClassReport) -> dict[str, Any]:
    """The figures as plain JSON (shares 0..1, rounded to 6 digits)."""
    return {
        "format": REPORT_FORMAT,
        "threshold": report.threshold,
        "moves": list(report.moves),
        "class_mastery": {m: _r(v) for m, v in report.class_mastery.items()},
        "learners": [
            {"learner": lm.name, "mastery": {m: _r(v) for m, v in lm.mastery.items()}}
            for lm in report.learners
        ],
        "prepost": [_pair_data(pair) for pair in report.pairs],
        "needs_help": [
            {
                "learner": h.name,
                "move": h.move,
                "mastery": _r(h.mastery),
                "missed": [q for _m, q in h.missed],
            }
            for h in report.needs_help
        ],
        "confident_mistakes": [
            {
                "story": c.story,
                "module": c.module,
                "question": c.question,
                "sure_wrong": c.sure_wrong,
                "sure": c.sure,
            }
            for c in report.confident
        ],
    }


def _pair_data(pair: PrePost) -> dict[str, Any]:
    return {
        "story": pair.story,
        "pretest": pair.pretest,
        "posttest": pair.posttest,
        "paired": len(pair.learners),
        "pre_only": list(pair.pre_only),
        "post_only": list(pair.post_only),
        "mean_pre": _r(pair.mean_pre),
        "mean_post": _r(pair.mean_post),
        "gain": _r(pair.gain),
        "gain_interval": None if pair.interval is None else [_r(v) for v in pair.interval],
        "interval_method": "95% percentile bootstrap over learners, fixed seed",
        "stayed_within": _r(pair.stayed_within),
        "improved": pair.count("improved"),
        "stayed": pair.count("stayed"),
        "fell": pair.count("fell"),
        "learners": [
            {"learner": pl.name, "pre": _r(pl.pre), "post": _r(pl.post), "gain": _r(pl.gain)}
            for pl in pair.learners
        ],
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def data_block(data: dict[str, Any]) -> Markup:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` escaped as JSON escapes,
    so a learner named ``</script>`` cannot end the block."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
