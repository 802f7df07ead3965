"""Build scale: seconds per module for corpora of 1, 10 and 100 stories, against a floor.

The floor is the least any build must do to produce the same files: write the same
notebooks (already built, held in memory as nbformat nodes) with ``nbformat.write``.
The build additionally loads and validates the corpus, resolves quotes, derives the
questions and renders the cells. Both run in this process with imports already
warm, interleaved, so the ratio compares work, not start-up; the cold command line
(imports included) is measured separately against a cold ``import nbformat``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .harness import (
    Config,
    Result,
    cpu_seconds,
    interleaved,
    log_slope,
    median,
    spread,
    timed,
)
from .seed import build_quietly
from .synth_corpus import make_corpus, seed_story


def _floor_writer(built: Path, target: Path):
    """A function that writes every notebook of ``built`` again, from memory, into ``target``."""
    import nbformat

    notebooks = []
    for path in sorted(built.rglob("*.ipynb")):
        out = target / path.relative_to(built)
        out.parent.mkdir(parents=True, exist_ok=True)
        notebooks.append((nbformat.read(path, as_version=4), out))

    def write_all() -> None:
        for nb, out in notebooks:
            nbformat.write(nb, out)

    return write_all, len(notebooks)


def scale(config: Config) -> list[Result]:
    seed = seed_story(config.corpus)
    results: list[Result] = []
    wall_totals, cpu_totals, modules_at = [], [], []
    for stories in config.stories:
        corpus = make_corpus(stories, config.work / f"corpus-{stories}", seed)
        out = config.work / f"build-{stories}"
        before = cpu_seconds()
        first = timed(lambda c=corpus, o=out: build_quietly(c, o))  # also warms caches
        first_cpu = cpu_seconds() - before
        floor, modules = _floor_writer(out, config.work / f"floor-{stories}")
        cpu: dict[str, list[float]] = {}
        long_run = stories > 10
        times = interleaved(
            {"build": lambda c=corpus, o=out: build_quietly(c, o), "floor": floor},
            config.repeats if not long_run else 1,
            warmup=False,
            cpu=cpu,
        )
        if long_run:
            # A 100-story build runs tens of seconds (imports and caches long warm from
            # the smaller corpora), so its first run counts as a sample, and the floor
            # gets a second run too: two of each keep `make bench` within its budget.
            times["build"].append(first)
            cpu["build"].append(first_cpu)
            before = cpu_seconds()
            times["floor"].append(timed(floor))
            cpu["floor"].append(cpu_seconds() - before)
        build_s, floor_s = median(times["build"]), median(times["floor"])
        cpu_ratio = median(cpu["build"]) / median(cpu["floor"])
        wall_totals.append(build_s)
        cpu_totals.append(median(cpu["build"]))
        modules_at.append(modules)
        results.append(
            Result(
                f"build: {stories} stor{'y' if stories == 1 else 'ies'}, per module",
                build_s / modules,
                "s/module",
                floor_s / modules,
                note=f"{modules} modules, build {build_s:.2f} s ({spread(times['build'])}); floor "
                f"= nbformat.write of the same notebooks ({spread(times['floor'])}); CPU-time "
                f"ratio {cpu_ratio:.2f}×; aim ≤ 2×",
            )
        )
        config.log(f"   {stories} stories: {build_s:.2f} s build, {floor_s:.2f} s floor")
    if len(config.stories) >= 2:
        per_module = [1000 * c / m for c, m in zip(cpu_totals, modules_at, strict=True)]
        results.append(
            Result(
                "build: growth exponent (time ∝ modules^k)",
                log_slope(modules_at, wall_totals),
                "k",
                1.0,
                note=f"least squares over {'/'.join(map(str, config.stories))} stories; 1.0 = "
                f"linear; on CPU time k = {log_slope(modules_at, cpu_totals):.2f}, CPU ms per "
                f"module {' → '.join(f'{v:.1f}' for v in per_module)}",
            )
        )
    return results


def cold_command(config: Config) -> list[Result]:
    """``python -m generator build`` of the seed corpus from a cold process, imports included."""
    out = config.work / "cli-build"
    cmd = [sys.executable, "-m", "generator", "build", str(config.corpus), "--out", str(out)]
    floor = [sys.executable, "-c", "import nbformat"]
    times = interleaved(
        {
            "cli": lambda: subprocess.run(cmd, check=True, capture_output=True),
            "floor": lambda: subprocess.run(floor, check=True),
        },
        config.repeats,
    )
    return [
        Result(
            "build: `python -m generator build` (seed corpus, cold)",
            median(times["cli"]),
            "s",
            median(times["floor"]),
            note=f"{spread(times['cli'])}; baseline = a cold `python -c 'import nbformat'`"
            " (jupyter_server in the venv makes that import slow)",
        )
    ]


def run(config: Config) -> list[Result]:
    return scale(config) + cold_command(config)
