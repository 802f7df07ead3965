"""The JupyterLite timings: run every ``benchmarks/lite_*.py`` (written by the Lite site's owner).

Contract for such a file: it defines ``run(quick: bool) -> list[dict]`` returning rows
in the results format (``name, value, unit, baseline, ratio, note``). A file without
``run`` is run as a script (``python benchmarks/lite_x.py [--quick]``) whose stdout is
that JSON list. Skip them all with ``--no-lite``.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

from .harness import REPO, Config, Result

FIELDS = ("name", "value", "unit", "baseline", "ratio", "note")


def _rows(raw: list[dict]) -> list[Result]:
    return [Result(**{k: row.get(k) for k in FIELDS if k in row}) for row in raw]


def run(config: Config) -> list[Result]:
    results: list[Result] = []
    scripts = sorted((REPO / "benchmarks").glob("lite_*.py"))
    if not scripts:
        config.log("   no benchmarks/lite_*.py yet: nothing to run")
    for script in scripts:
        module = importlib.import_module(f"benchmarks.{script.stem}")
        if hasattr(module, "run"):
            raw = module.run(quick=config.quick)
        else:
            done = subprocess.run(
                [sys.executable, str(script)] + ["--quick"] * config.quick,
                cwd=REPO,
                check=True,
                capture_output=True,
                text=True,
            )
            raw = json.loads(done.stdout)
        results.extend(r if isinstance(r, Result) else _rows([r])[0] for r in raw)
    return results
