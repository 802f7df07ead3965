"""Render a module spec as a Jupyter notebook.

Layout (docs/questions.md shows it to teachers): title, objectives and summary; how
to run the module; the hidden setup cell; the name field; the sources; progress;
per question a Markdown heading and a one-call code cell; the summary; the results
record; the download link.

Every cell has a stable id derived from what it shows (``q-<claim>--<slot>``), never
a position or a random value, so a rebuild gives byte-identical files and a grader
can tell which cells of a saved copy were deleted or duplicated.

Corpus text reaches code only as one string literal, the spec encoded by
:func:`generator.runtime.literal.encode_spec` (compressed, base64: no answer or
explanation is readable in the hidden cell), and Markdown only through
templates/notebook.md.j2, which escapes it.

``cell_plan`` needs no nbformat (importing it costs seconds where jupyter_server is
installed); ``render_module`` builds the cells with nbformat.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .building.testspec import learner_spec
from .i18n import gettext as _
from .i18n import speaking
from .runtime.literal import decode_spec_text, encode_spec, is_encoded
from .runtime.testmode import is_test
from .templating import macro

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from .model import Story

_CELL_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


@dataclass(frozen=True)
class PlannedCell:
    id: str
    cell_type: str  # "markdown" | "code"
    source: str
    metadata: dict[str, Any] = field(default_factory=dict)


def render_module(spec: dict[str, Any], story: Story | None = None) -> NotebookNode:
    """The notebook of one module spec (``story`` is not needed: the spec is complete).

    Cells are the same dicts ``nbformat.v4.new_code_cell``/``new_markdown_cell`` make,
    without the per-cell schema validation those helpers run (tests/test_build.py
    checks they are equal).
    """
    from nbformat import from_dict

    return from_dict(notebook_dict(spec))


def notebook_dict(spec: dict[str, Any]) -> dict[str, Any]:
    """The notebook as plain JSON-able dicts (nbformat 4.5)."""
    return {
        "cells": [cell_dict(c) for c in cell_plan(spec)],
        "metadata": notebook_metadata(spec),
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_file_text(spec: dict[str, Any]) -> str:
    """Exactly what ``nbformat.write(render_module(spec), file)`` writes, in half the time.

    The notebook is validated once against the nbformat schema; nbformat's writer
    would also deep-copy it and convert it to NotebookNode objects first, which cost
    as much as everything else a build does (tests/test_build.py checks the bytes).
    """
    from nbformat import validate

    nb = notebook_dict(spec)
    validate(nb)
    for cell in nb["cells"]:  # nbformat's split_lines: one string per line, for diffs
        cell["source"] = cell["source"].splitlines(True)
    text = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False, separators=(",", ": "))
    return text + "\n"


def cell_dict(cell: PlannedCell) -> dict[str, Any]:
    if cell.cell_type == "markdown":
        return {"cell_type": "markdown", "id": cell.id, "metadata": {}, "source": cell.source}
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": cell.id,
        "metadata": cell.metadata,
        "outputs": [],
        "source": cell.source,
    }


def notebook_metadata(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "samestory": {"story": spec["story"], "module": spec["module"], "version": spec["version"]},
    }


def cell_plan(spec: dict[str, Any]) -> list[PlannedCell]:
    """Every cell of the module's notebook, in order, in the spec's language."""
    with speaking(spec.get("language")):
        return _cell_plan(spec)


def _cell_plan(spec: dict[str, Any]) -> list[PlannedCell]:
    questions = spec["questions"]
    count = len(questions)
    reuse = spec.get("reuse")
    test = is_test(spec)
    cells = [
        markdown("title", "title", spec),
        markdown("how-to-run", "how_to_run", count, test),
        code(
            "setup",
            _("load this module"),
            f"from generator import runtime\nm = runtime.load_module({setup_literal(spec)})",
        ),
        code("learner", _("your name"), "m.show_learner()"),
        markdown("sources-heading", "sources"),
        code("sources", _("the sources"), "m.show_sources()"),
        # the reuse map, only where texts share passages (it opens after its questions)
        *(
            [code("reuse-map", _("passages the texts share"), "m.show_reuse_map()")]
            if reuse
            else []
        ),
        markdown("questions-heading", "questions", count),
        code("progress", _("your progress"), "m.show_progress()"),
    ]
    for number, question in enumerate(questions, start=1):
        cells += question_cells(spec, question, number, count)
    cells += [
        markdown("summary-heading", "summary", test),
        code("summary", _("your summary"), "m.show_summary()"),
        markdown("results-heading", "results"),
        code("results", _("results record (saved with the notebook)"), "m.show_results()"),
        markdown("download-heading", "download"),
        code("download", _("download your results"), "m.show_download()"),
    ]
    return unique_ids(cells)


def question_cells(
    spec: dict[str, Any], question: dict[str, Any], number: int, count: int
) -> list[PlannedCell]:
    # The heading names the place only: the runtime's own heading and statement say
    # what the question is about, right under it.
    qid = question["id"]
    return [
        markdown(cell_id("h", qid), "question", number, count),
        code(
            cell_id("q", qid),
            _("question %(number)s of %(count)s") % {"number": number, "count": count},
            f"m.show_question({json.dumps(qid)})",
        ),
    ]


def setup_literal(spec: dict[str, Any]) -> str:
    """The spec as one Python string literal: corpus text is data, never code, and the
    key is not readable at a click (base64 of zlib; ASCII only, so ``repr`` is exact).
    A pretest or posttest carries no key at all (:mod:`.building.testspec`)."""
    return repr(encode_spec(learner_spec(spec)))


def spec_from_setup(source: str) -> dict[str, Any]:
    """The spec a setup cell's ``load_module('…')`` call passes: the encoded literal of
    today's notebooks or the JSON text of older ones. Parsed, never executed.
    ValueError when the cell holds no such call."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        raise ValueError("the setup cell is not Python") from None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "load_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            text = node.args[0].value
            spec = json.loads(decode_spec_text(text) if is_encoded(text) else text)
            if isinstance(spec, dict):
                return spec
    raise ValueError("no load_module('<spec>') call in the setup cell")


def markdown(cell: str, macro_name: str, *args: Any) -> PlannedCell:
    return PlannedCell(cell, "markdown", str(macro("notebook.md.j2", macro_name)(*args)).strip())


def code(cell: str, comment: str, call: str) -> PlannedCell:
    # JupyterLab shows the first line of a hidden cell: make it say what the cell does.
    metadata = code_metadata()
    return PlannedCell(cell, "code", f"# samestory: {comment}\n{call}", metadata)


def code_metadata() -> dict[str, Any]:
    """A fresh dict per cell. Hidden code cells stay runnable but are not for editing;
    "remove-input" also hides the code in nbconvert/jupyter-book exports."""
    return {
        "deletable": False,
        "editable": False,
        "jupyter": {"source_hidden": True},
        "tags": ["remove-input"],
    }


def cell_id(prefix: str, question_id: str) -> str:
    """``q-no-choice--credited`` for question ``no-choice/credited``; at most 64 chars."""
    readable = f"{prefix}-{_UNSAFE.sub('-', question_id.replace('/', '--'))}"
    if _CELL_ID.fullmatch(readable):
        return readable
    digest = hashlib.sha256(question_id.encode()).hexdigest()[:10]
    return f"{readable[:53]}-{digest}"


def unique_ids(cells: list[PlannedCell]) -> list[PlannedCell]:
    """Cells with distinct ids: a repeat (e.g. hand-written ``a--b`` next to derived
    ``a/b``) gets a suffix from its position among the repeats, stable across builds."""
    seen: dict[str, int] = {}
    result = []
    for c in cells:
        n = seen.get(c.id, 0)
        seen[c.id] = n + 1
        if n:
            suffix = f"-{n + 1}"
            c = PlannedCell(c.id[: 64 - len(suffix)] + suffix, c.cell_type, c.source, c.metadata)
        result.append(c)
    return result
