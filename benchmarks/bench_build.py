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

from .harness import Config, Result, interleaved, log_slope, median, spread
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


def _repeats_for(stories: int, config: Config) -> int:
    # A 100-story build is the longest single run of the whole benchmark (tens of
    # seconds), so it averages out short noise by itself; two repeats keep `make bench`
    # within its budget, and their spread is reported next to the median.
    return config.repeats if stories <= 10 else min(config.repeats, 2)


def scale(config: Config) -> list[Result]:
    seed = seed_story(config.corpus)
    results, totals, modules_at = [], [], []
    for stories in config.stories:
        corpus = make_corpus(stories, config.work / f"corpus-{stories}", seed)
        out = config.work / f"build-{stories}"
        build_quietly(corpus, out)  # also the warm-up: imports, page cache
        floor, modules = _floor_writer(out, config.work / f"floor-{stories}")
        times = interleaved(
            {"build": lambda c=corpus, o=out: build_quietly(c, o), "floor": floor},
            _repeats_for(stories, config),
            warmup=False,
        )
        build_s, floor_s = median(times["build"]), median(times["floor"])
        totals.append(build_s)
        modules_at.append(modules)
        results.append(
            Result(
                f"build: {stories} stor{'y' if stories == 1 else 'ies'}, per module",
                build_s / modules,
                "s/module",
                floor_s / modules,
                note=f"{modules} modules, build {build_s:.2f} s ({spread(times['build'])}); floor "
                f"= nbformat.write of the same notebooks ({spread(times['floor'])}); aim ≤ 2×",
            )
        )
        config.log(f"   {stories} stories: {build_s:.2f} s build, {floor_s:.2f} s floor")
    if len(config.stories) >= 2:
        slope = log_slope(modules_at, totals)
        first, last = (
            1000 * t / m for t, m in ((totals[0], modules_at[0]), (totals[-1], modules_at[-1]))
        )
        results.append(
            Result(
                "build: growth exponent (time ∝ modules^k)",
                slope,
                "k",
                1.0,
                note=f"least squares over {'/'.join(map(str, config.stories))} stories; "
                f"1.0 = linear; per module {first:.1f} → {last:.1f} ms",
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
