"""Learner latency: Run All → first widget, per-check latency, and the runtime's import time.

* First widget, per seed module, against a floor notebook that only imports ipywidgets
  and shows one widget; each run is a new kernel (nbclient), interleaved with the floor.
* Per check: after a module's cells have run, one more cell in the same kernel calls
  ``m.questions[qid].submit(response)`` for its share of ``submits`` responses (right, partly right,
  wrong, malformed), timing each; the baseline is the least feedback can cost: one
  ipywidgets value update (one comm message), timed alternately in the same loop.
* Import: ``python -X importtime -c "import generator.runtime"`` against
  ``import ipywidgets``, which the runtime needs anyway.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from .harness import Config, Result, median, percentile, spread
from .kernel_run import floor_notebook, run_notebook
from .responses import plan
from .seed import keyed_questions, module_spec, read_notebook, seed_modules

CHECK_CELL = """\
import json as _json, os as _os, time as _time
import ipywidgets as _widgets
from generator import runtime as _runtime
_m = _runtime.active_module()
_m.learner = "Benchmark Learner"
_plan = _json.loads({plan!r})
_probe = _widgets.HTML()
# The answer log is fsync'ed on every check (it may be a learner's only copy); time
# those calls apart, since on a shared disk they, not the code, make the slow tail.
_real_fsync, _synced = _os.fsync, [0.0]
def _timed_fsync(fd):
    _start = _time.perf_counter()
    try:
        _real_fsync(fd)
    finally:
        _synced[0] += _time.perf_counter() - _start
_os.fsync = _timed_fsync
_t = {{"submit": [], "cpu": [], "fsync": [], "floor": []}}
try:
    for _i, (_qid, _response) in enumerate(_plan):
        _q = _m.questions[_qid]
        _synced[0] = 0.0
        _start, _cpu = _time.perf_counter(), _time.process_time()
        _q.submit(_response)
        _t["submit"].append(_time.perf_counter() - _start)
        _t["cpu"].append(_time.process_time() - _cpu)
        _t["fsync"].append(_synced[0])
        _start = _time.perf_counter(); _probe.value = str(_i)
        _t["floor"].append(_time.perf_counter() - _start)
finally:
    _os.fsync = _real_fsync
# A file, not print(): the runtime's Output widgets may capture this cell's stdout.
with open({out!r}, "w") as _f:
    _json.dump(_t, _f)
"""


def _first_widget(nb: dict, cwd: Path) -> tuple[float, float]:
    run = run_notebook(nb, cwd)
    if run.first_widget is None:
        raise RuntimeError(f"{cwd.name}: no widget was displayed")
    return run.first_widget, run.total


def first_widget(config: Config, modules: list[Path]) -> list[Result]:
    """Each module run right after a floor run, in pairs: a pair sees the same load, so
    the median of the pairs' ratios holds up even while the neighbours' load drifts."""
    scratch = config.work / "latency"
    floor_nb = floor_notebook()
    _first_widget(floor_nb, scratch / "warmup")  # .pyc files, page cache
    rounds = max(1, config.repeats - 2)  # each round runs every module and its floor
    first: dict[str, list[float]] = {p.stem: [] for p in modules}
    floors: dict[str, list[float]] = {p.stem: [] for p in modules}
    totals: dict[str, list[float]] = {p.stem: [] for p in modules}
    for _ in range(rounds):
        for path in modules:
            floors[path.stem].append(_first_widget(floor_nb, scratch / "floor")[0])
            widget, total = _first_widget(read_notebook(path), scratch / path.stem)
            first[path.stem].append(widget)
            totals[path.stem].append(total)
    ratios = {
        name: [m / f for m, f in zip(first[name], floors[name], strict=True)] for name in first
    }
    every = [r for values in ratios.values() for r in values]
    all_floors = [f for values in floors.values() for f in values]
    results = [
        Result(
            f"learner: Run All → first widget, {name}",
            median(first[name]),
            "s",
            median(floors[name]),
            ratio=median(ratios[name]),
            note=f"{spread(first[name])}; ratio = median of the {len(ratios[name])} pairs' "
            f"ratios; whole run incl. kernel shutdown {median(totals[name]):.2f} s; aim ≤ 1.3×",
        )
        for name in first
    ]
    results.append(
        Result(
            "learner: Run All → first widget, all seed modules",
            median(f for values in first.values() for f in values),
            "s",
            median(all_floors),
            ratio=median(every),
            note=f"median of all {len(every)} module/floor pairs' ratios (pair ratios "
            f"{min(every):.2f}–{max(every):.2f}); floor {spread(all_floors)}; aim ≤ 1.3×",
        )
    )
    return results


def per_check(config: Config, modules: list[Path]) -> list[Result]:
    t: dict[str, list[float]] = {"submit": [], "cpu": [], "fsync": [], "floor": []}
    worst = ("", 0.0)
    scoring: list[float] = []
    for path in modules:
        nb = read_notebook(path)
        questions = keyed_questions(config.corpus, module_spec(nb))
        pairs = plan(questions, -(-config.submits // len(modules)))  # ceil: ≥ submits in all
        out = config.work / "latency" / f"checks-{path.stem}.json"
        out.unlink(missing_ok=True)
        cell = CHECK_CELL.format(plan=json.dumps(pairs), out=str(out))
        run_notebook(nb, config.work / "latency" / f"checks-{path.stem}", (cell,))
        timings = json.loads(out.read_text())
        for key in t:
            t[key] += timings[key]
        worst = max(worst, (path.stem, percentile(timings["submit"], 99)), key=lambda w: w[1])
        scoring += _scoring_times(questions, pairs)
    ms = {key: [v * 1000 for v in values] for key, values in t.items()}
    unsynced = [w - f for w, f in zip(ms["submit"], ms["fsync"], strict=True)]
    where = f"{len(t['submit'])} submits over {len(modules)} module(s), in each module's kernel"
    return [
        Result(
            "learner: check latency p50",
            percentile(ms["submit"], 50),
            "ms",
            percentile(ms["floor"], 50),
            note=f"{where}; baseline = one widget value update (one comm message)",
        ),
        Result(
            "learner: check latency p99",
            percentile(ms["submit"], 99),
            "ms",
            percentile(ms["floor"], 99),
            note=f"aim < 20 ms; worst module {worst[0]} p99 {worst[1] * 1000:.1f} ms; max "
            f"{max(ms['submit']):.1f} ms; CPU time p99 {percentile(ms['cpu'], 99):.1f} ms",
        ),
        Result(
            "learner: check latency p99 without the answer log's fsync",
            percentile(unsynced, 99),
            "ms",
            percentile(ms["floor"], 99),
            note=f"wall time minus time in os.fsync (fsync p50 {percentile(ms['fsync'], 50):.1f}"
            f" ms, p99 {percentile(ms['fsync'], 99):.1f} ms, max {max(ms['fsync']):.1f} ms)",
        ),
        Result(
            "learner: scoring only p50 (in-process)",
            percentile(scoring, 50) * 1000,
            "ms",
            percentile(ms["submit"], 50),
            note="generator.runtime.scoring.score on the same responses: its share of a check",
        ),
    ]


def _scoring_times(questions: list[dict], pairs: list[tuple[str, object]]) -> list[float]:
    from generator.runtime.scoring import score

    by_id = {q["id"]: q for q in questions}
    times = []
    for qid, response in pairs:
        start = time.perf_counter()
        score(by_id[qid], response)
        times.append(time.perf_counter() - start)
    return times


# ---------------------------------------------------------------- import time

_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)$")


def _importtime(module: str) -> list[tuple[int, int, int, str]]:
    """(self µs, cumulative µs, depth, name) of each import of a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        found = _IMPORTTIME.match(line)
        if found:
            own, cumulative, indent, name = found.groups()
            rows.append((int(own), int(cumulative), len(indent) // 2, name))
    return rows


def _top_level_ms(rows: list[tuple[int, int, int, str]], package: str) -> float:
    """Cumulative ms of the top-level imports belonging to ``package``."""
    root = package.split(".")[0]
    return sum(c for _, c, depth, name in rows if depth == 0 and name.split(".")[0] == root) / 1e3


def _runtime_parts() -> str:
    """Every module of generator.runtime: what loading a module ends up importing."""
    from generator import runtime

    folder = Path(runtime.__file__).parent
    names = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
    return ", ".join(f"generator.runtime.{name}" for name in names)


def import_time(config: Config) -> list[Result]:
    """The notebook's ``from generator import runtime`` (the runtime imports its parts
    lazily), and all of its parts, each against ``import ipywidgets``."""
    targets = {"generator.runtime": "generator.runtime", "parts": _runtime_parts()}
    startup = {name for *_, name in _importtime("sys")}
    ms: dict[str, list[float]] = {"generator.runtime": [], "parts": [], "ipywidgets": []}
    trees: dict[str, list[tuple[int, int, int, str]]] = {}
    for _ in range(config.repeats):
        for key, statement in targets.items():
            trees[key] = _importtime(statement)
            ms[key].append(_top_level_ms(trees[key], "generator"))
        ms["ipywidgets"].append(_top_level_ms(_importtime("ipywidgets"), "ipywidgets"))
    results = []
    for key, label in (
        ("generator.runtime", "import generator.runtime"),
        ("parts", "import generator.runtime, all its parts"),
    ):
        tree = [(own, name) for own, _, _, name in trees[key] if name not in startup]
        heavy = ", ".join(f"{n} {own / 1e3:.0f} ms" for own, n in sorted(tree)[::-1][:3])
        traps = sorted(
            {n.split(".")[0] for _, n in tree} & {"nbformat", "jsonschema", "jinja2", "yaml"}
        )
        results.append(
            Result(
                f"learner: {label}",
                median(ms[key]),
                "ms",
                median(ms["ipywidgets"]),
                note=f"python -X importtime, {spread(ms[key])}; baseline = import ipywidgets; "
                f"largest self times: {heavy}"
                + (f"; pulls in {', '.join(traps)}" if traps else ""),
            )
        )
    return results


def run(config: Config) -> list[Result]:
    modules = seed_modules(config)
    if config.quick:
        modules = modules[:1]
    return first_widget(config, modules) + per_check(config, modules) + import_time(config)
