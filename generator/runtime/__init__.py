"""The in-notebook runtime: what a generated module notebook imports.

Standard library and ipywidgets only (it must also run under Pyodide), and cheap
to import: the parts are imported when the first module is loaded. Cell calls::

    from generator import runtime
    m = runtime.load_module('samestory-z1:…')  # the spec, encoded (see literal.py)
    m.show_learner(); m.show_sources(); m.show_progress()
    m.show_question("<question id>")  # one cell per question
    m.show_summary(); m.show_results(); m.show_download()

Learner API (DESIGN.md): ``runtime.active_module()``, ``m.questions[qid].submit(r)``,
``m.learner = "..."``, ``m.results()``; also ``submit(r, confidence="sure")`` where the
module asks "How sure are you?", and ``q.reveal()`` ("Show the answer" after a miss).
``q.options`` are in the order this learner sees them.
"""

from __future__ import annotations

# Not `from typing import TYPE_CHECKING`: importing typing alone costs ~10 ms, and
# opening a notebook pays every millisecond of this import (benchmarked).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from typing import Any

    from .module import Module

__all__ = ["active_module", "load_module"]


def load_module(
    spec: str | dict[str, Any], *, log_dir: str | os.PathLike[str] | None = None
) -> Module:
    """Load a module spec (the notebook's encoded literal, JSON text or a dict),
    restore the learner's answers from the answer log in ``log_dir`` (default:
    $SAMESTORY_LOG_DIR, else the working folder), and make it the active module.
    A malformed spec raises ValueError."""
    from .answerlog import log_folder
    from .module import Module, set_active
    from .spec import parse_spec

    module = Module(parse_spec(spec), log_folder(log_dir))
    set_active(module)
    return module


def active_module() -> Module:
    """The module displayed (or loaded) most recently in this kernel."""
    from .module import active_module as active

    return active()
