"""Smoke test of the benchmark harness (benchmarks/): it runs and writes results.json.

Speed is never asserted here (these machines are shared and noisy); only that every
section runs on the smallest inputs and that results.json has the documented shape.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIELDS = {"name", "value", "unit", "baseline", "ratio", "note"}


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_quick_benchmarks_write_results_in_the_documented_shape(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    cmd = [
        sys.executable,
        "-m",
        "benchmarks",
        "--quick",
        "--stories",
        "1,2",
        "--notebooks",
        "20",
        "--submits",
        "20",
        "--repeats",
        "1",
        "--no-lite",
        "--no-nbgrader",
        "--no-binder",
        "--work",
        str(tmp_path / "work"),
        "--out",
        str(out),
    ]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stderr[-3000:]

    rows = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(rows, list) and rows
    for row in rows:
        assert set(row) == FIELDS, row
        assert isinstance(row["name"], str) and row["name"]
        assert isinstance(row["value"], int | float)
        assert isinstance(row["unit"], str)
        assert isinstance(row["note"], str)
        for key in ("baseline", "ratio"):
            assert row[key] is None or isinstance(row[key], int | float), row
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names)), names
    for section in ("build:", "learner:", "export:", "footprint:", "suggest:", "machine:"):
        assert any(name.startswith(section) for name in names), (section, names)
    assert "| benchmark |" in done.stdout  # the table is printed
