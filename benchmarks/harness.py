"""What every benchmark section shares: the result row, timing, statistics, output.

Speed is measured, never asserted: these machines are shared and noisy (±25 %), so
each figure is a median of repeated runs, and each comes with a baseline measured in
the same run, interleaved with it (A B A B …) so that a noisy minute hits both alike.
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WORK = REPO / "benchmarks" / ".work"
SEED_CORPUS = REPO / "corpus"


@dataclass
class Result:
    """One row of ``results.json``: a figure, the baseline it is compared with, the ratio."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.ratio is None and self.baseline:
            self.ratio = self.value / self.baseline


@dataclass
class Config:
    """How much to measure. ``quick`` is a smoke run of the harness, not a measurement."""

    work: Path = DEFAULT_WORK
    quick: bool = False
    repeats: int = 5
    stories: tuple[int, ...] = (1, 10, 100)
    notebooks: int = 10_000
    submits: int = 1_000
    nbgrader_submissions: int = 20
    lite: bool = True
    nbgrader: bool = True
    binder: bool = True
    corpus: Path = SEED_CORPUS
    log: Callable[[str], None] = field(
        default=lambda line: print(line, file=sys.stderr, flush=True)
    )

    @classmethod
    def make(cls, quick: bool, **overrides: object) -> Config:
        if quick:
            base = dict(
                repeats=2, stories=(1, 10), notebooks=1_000, submits=100, nbgrader_submissions=3
            )
            base.update({k: v for k, v in overrides.items() if v is not None})
            return cls(quick=True, **base)
        return cls(**{k: v for k, v in overrides.items() if v is not None})


# ---------------------------------------------------------------- timing


def timed(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cpu_seconds() -> float:
    """CPU time used so far by this process and its waited-for children (pool workers,
    subprocesses). On a busy machine wall time includes waiting for a core; CPU time
    does not, so a CPU-time ratio tells the code's cost apart from the neighbours'."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def interleaved(
    runs: dict[str, Callable[[], object]],
    repeats: int,
    warmup: bool = True,
    fewer: dict[str, int] | None = None,
    cpu: dict[str, list[float]] | None = None,
) -> dict[str, list[float]]:
    """Seconds of each run, alternating between them ``repeats`` times.

    Alternating (rather than all of A, then all of B) is what makes a ratio
    meaningful on a shared machine: a burst of load from a neighbour slows both.
    One unrecorded warm-up round fills caches (page cache, imports, .pyc files).
    ``fewer`` runs some of them only in the first n rounds (secondary figures whose
    runs are long). ``cpu``, if given, receives each run's CPU seconds too.
    """
    if warmup:
        for fn in runs.values():
            fn()
    fewer = fewer or {}
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(repeats):
        for name, fn in runs.items():
            if round_ < fewer.get(name, repeats):
                before = cpu_seconds()
                times[name].append(timed(fn))
                if cpu is not None:
                    cpu.setdefault(name, []).append(cpu_seconds() - before)
    return times


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p99 of 1,000 samples is the 990th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def spread(values: list[float]) -> str:
    """The range of the repeats, for the note: how much to trust the median."""
    if len(values) < 2:
        return f"n={len(values)}"
    return f"n={len(values)}, min {min(values):.3g}, max {max(values):.3g}"


def log_slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) on log(x): 1.0 is linear growth, 2.0 quadratic."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    num = sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True))
    den = sum((a - mx) ** 2 for a in lx)
    return num / den


# ---------------------------------------------------------------- output


def write_results(results: list[Result], path: Path) -> None:
    rows = [asdict(r) for r in results]
    for row in rows:
        for key in ("value", "baseline", "ratio"):
            if isinstance(row[key], float):
                row[key] = float(f"{row[key]:.4g}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    if value == 0 or 0.01 <= abs(value) < 100_000:
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{value:.3g}"


def format_table(results: list[Result]) -> str:
    """A Markdown table (the README embeds it as printed)."""
    lines = [
        "| benchmark | value | unit | baseline | ratio | note |",
        "|---|---:|---|---:|---:|---|",
    ]
    for r in results:
        ratio = f"{r.ratio:.3g}×" if r.ratio is not None else "–"
        note = r.note.replace("|", "\\|")
        lines.append(
            f"| {r.name} | {_num(r.value)} | {r.unit} | {_num(r.baseline)} | {ratio} | {note} |"
        )
    return "\n".join(lines)
