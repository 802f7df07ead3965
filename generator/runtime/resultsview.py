"""The results record as the learner reads it in a widget, and the download box.

The results *display output* (records.results_bundle) is what a saved notebook keeps,
and JupyterLab, Notebook 7 and JupyterLite update it in place. Voila renders display
outputs once, into static HTML, and ignores later updates (it keeps no output model
for a display id), so a widget with the same table stands in for it there; style.py
shows each where it applies. The download box says, per front end, how work is kept:
Voila and the notebook front ends by CSS on Voila's ``body[data-voila]``, JupyterLite
by the kernel (Pyodide runs as ``sys.platform == "emscripten"``).
"""

from __future__ import annotations

import sys
from typing import Any

from .phrases import Phrases
from .records import (
    download_html,
    download_name,
    heading_of,
    is_graded,
    local_time,
    score_line,
)
from .texthtml import esc

IN_BROWSER = sys.platform == "emscripten"  # JupyterLite: a kernel inside the browser


def results_html(record: dict[str, Any], spec: dict[str, Any], say: Phrases) -> str:
    """The same lines and table as records.results_markdown, as escaped HTML."""
    learner = record["learner"] or say("results_no_learner")
    score = score_line(record, say)  # a test's record has no score: the export gives it
    head = "".join(
        f'<th scope="col">{esc(say(k))}</th>'
        for k in ("results_question", "results_attempts", "results_first", "results_last")
    )
    rows = "".join(
        _row(q, heading_of(q, spec), record["answers"].get(q["id"]), say) for q in spec["questions"]
    )
    return (
        '<div class="samestory samestory-results" role="status">'
        f"<p><strong>{esc(say('results_heading', title=spec['title']))}</strong></p>"
        f"<p>{esc(say('results_learner', learner=learner))}<br>{esc(score)}<br>"
        f"{esc(say('results_updated', updated=local_time(record['updated'])))}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _row(question: dict[str, Any], heading: str, answer: dict[str, Any] | None, say: Phrases):
    cells: list[str]
    if answer is None:
        cells = ["0", say("results_not_checked"), ""]
    elif not is_graded(question):
        cells = [str(answer["attempts"]), say("results_ungraded"), say("results_ungraded")]
    elif answer["first"]["score"] is None:  # a test: recorded, scored by the export
        cells = [str(answer["attempts"]), say("test_recorded"), say("test_recorded")]
    else:
        first, last = answer["first"]["score"], answer["last"]["score"]
        cells = [str(answer["attempts"]), say.score(first), say.score(last)]
    return (
        f'<tr><th scope="row">{esc(heading)}</th>'
        + "".join(f"<td>{esc(c)}</td>" for c in cells)
        + "</tr>"
    )


def download_box_html(record: dict[str, Any], say: Phrases, *, in_browser: bool) -> str:
    """How work is kept here, the download button, and whose file it is."""
    keep = say("keep_lite") if in_browser else say("keep_notebook")
    if record["learner"]:
        whose = say("download_for", learner=record["learner"], file=download_name(record, say))
        css = "samestory-download-named"
    else:
        whose = say("download_unnamed", file=download_name(record, say))
        css = "samestory-download-unnamed"
    return (
        '<div class="samestory samestory-download-box">'
        f'<p class="samestory-for-notebook">{esc(keep)}</p>'
        f'<p class="samestory-for-voila">{esc(say("keep_voila"))}</p>'
        f"<p>{download_html(record, say)}</p>"
        f'<p class="{css}" role="status">{esc(whose)}</p></div>'
    )
