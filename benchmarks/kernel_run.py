"""Run a notebook with nbclient the way "Run All" does, timing when the first widget shows.

Each run starts its own kernel (the venv's Python, as the native ``python3`` kernel),
so kernel start-up is part of every figure, as it is for a learner who opens a module
and presses Run All. The clock starts before the kernel is asked for; "first widget"
is when the first widget-view display message arrives from the kernel, which is when
JupyterLab could begin drawing it.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbclient import NotebookClient

from .seed import WIDGET_MIME

TIMEOUT = 120


class FirstWidgetClient(NotebookClient):
    """A NotebookClient that notes the moment the first widget is displayed."""

    first_widget_at: float | None = None

    def process_message(self, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
        if (
            self.first_widget_at is None
            and msg["msg_type"] in ("display_data", "execute_result")
            and WIDGET_MIME in msg["content"].get("data", {})
        ):
            self.first_widget_at = time.perf_counter()
        return super().process_message(msg, cell, cell_index)


@dataclass
class Run:
    first_widget: float | None  # seconds from Run All to the first widget, None if none
    total: float  # seconds to the end, kernel shutdown included
    notebook: Any  # the executed NotebookNode


def run_notebook(notebook: dict[str, Any], cwd: Path, extra_cells: tuple[str, ...] = ()) -> Run:
    """Execute ``notebook`` (a JSON dict) in a new kernel started in ``cwd``.

    ``extra_cells`` are code cells appended at the end: they run in the same kernel
    after the module's own cells (for the learner-API measurements).
    """
    import nbformat

    nb = nbformat.reads(json.dumps(notebook), as_version=4)  # joins multi-line sources
    for source in extra_cells:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    cwd.mkdir(parents=True, exist_ok=True)
    client = FirstWidgetClient(
        nb, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    start = time.perf_counter()
    # The kernel's own stderr (a warning about TCP transport per start) is noise here.
    client.execute(stderr=subprocess.DEVNULL)
    total = time.perf_counter() - start
    first = None if client.first_widget_at is None else client.first_widget_at - start
    return Run(first, total, nb)


def floor_notebook() -> dict[str, Any]:
    """The least a widget notebook can be: import ipywidgets, show one widget."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "id": "floor",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": "import ipywidgets\nipywidgets.IntSlider()",
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
