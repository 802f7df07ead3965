"""The seed story's modules, built fresh into ``.work/`` (never the committed modules/),
and what a module notebook carries: its spec, parsed back out of the setup cell."""

from __future__ import annotations

import contextlib
import functools
import io
import json
from pathlib import Path
from typing import Any

from .harness import Config

SPEC_FORMAT = "samestory-module/1"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RESULTS_MIME = "application/vnd.samestory.results+json"


def build_quietly(corpus: Path, out: Path) -> list[str]:
    """``build_corpus`` with its progress lines (stderr, >5 stories) kept out of the log."""
    from generator.build import build_corpus

    with contextlib.redirect_stderr(io.StringIO()):
        return build_corpus(corpus, out)


def seed_modules(config: Config) -> list[Path]:
    """The seed corpus's module notebooks, built into ``.work/seed-modules`` for this run."""
    out = config.work / "seed-modules"
    build_quietly(config.corpus, out)
    notebooks = sorted(out.glob("*/*.ipynb"))
    if not notebooks:
        raise RuntimeError(f"building {config.corpus} gave no notebooks")
    return notebooks


def module_spec(notebook: dict[str, Any]) -> dict[str, Any]:
    """The module spec a notebook passes to the runtime: the literal of its setup cell's
    ``load_module`` call (encoded, or the JSON text of notebooks built before)."""
    from generator.notebook import spec_from_setup

    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        with contextlib.suppress(ValueError):
            spec = spec_from_setup(source)
            if spec.get("format") == SPEC_FORMAT:
                return spec
    raise ValueError("no module spec found in the notebook's code cells")


def keyed_questions(corpus: Path, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The module's questions with their key, from the corpus: a pretest's or
    posttest's notebook carries none (the export derives it the same way)."""
    return list(_key(Path(corpus).resolve()).modules[spec["story"], spec["module"]].questions)


@functools.cache
def _key(corpus: Path):
    from generator.modulekeys import load_key

    return load_key(corpus)


def read_notebook(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
