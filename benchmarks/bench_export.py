"""Export throughput: saved notebooks → gradebook, against a floor and against nbgrader.

The floor is the least any export of saved notebooks must do: ``json.load`` each
file and pick out the results output. The export also finds the inputs, derives the
answer key from the corpus, re-scores every answer, checks cell ids, and writes the
CSV. Both run in this process, interleaved; the floor is measured on one process
(the aim's baseline) and on two (what the export's process pool could at best reach
on these 2-core machines). The command line is measured too, imports included.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .harness import Config, Result, interleaved, median, spread, timed
from .nbgrader_peer import autograde
from .saved_notebooks import make_saved
from .seed import RESULTS_MIME, seed_modules

PEER_REPEATS = 3


def pick_results(path: Path) -> Any:
    """The floor's whole job for one file."""
    with open(path, "rb") as f:
        notebook = json.load(f)
    for cell in notebook["cells"]:
        for output in cell.get("outputs", ()):
            data = output.get("data")
            if data and RESULTS_MIME in data:
                return data[RESULTS_MIME]
    return None


def floor_one_process(folder: Path) -> int:
    return sum(pick_results(p) is not None for p in sorted(folder.glob("*.ipynb")))


def floor_two_processes(folder: Path) -> int:
    with ProcessPoolExecutor(max_workers=2) as pool:
        picked = pool.map(pick_results, sorted(folder.glob("*.ipynb")), chunksize=64)
        return sum(r is not None for r in picked)


def export_in_process(folder: Path, corpus: Path, output: Path) -> tuple[int, str]:
    from generator.export import run_export

    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = run_export([folder], corpus=corpus, output=output)
    return code, stderr.getvalue()


def export_command(folder: Path, corpus: Path, output: Path) -> None:
    cmd = [sys.executable, "-m", "generator", "export", str(folder), "--corpus", str(corpus)]
    done = subprocess.run([*cmd, "-o", str(output)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"export exited {done.returncode}:\n{done.stderr[-2000:]}")


def throughput(config: Config, folder: Path, count: int) -> list[Result]:
    grades = config.work / "grades.csv"
    checked: list[str] = []

    def export() -> None:
        code, problems = export_in_process(folder, config.corpus, grades)
        if not checked:  # the first run's output is checked; no separate warm-up run
            rows = sum(1 for _ in grades.open(encoding="utf-8")) - 1
            if code != 0 or rows != count:
                raise RuntimeError(
                    f"export gave {rows} rows for {count} notebooks, exit "
                    f"{code}:\n{problems[:2000]}"
                )
            checked.append("ok")

    for path in folder.glob("*.ipynb"):  # into the page cache, so no run pays the disk
        path.read_bytes()
    cpu: dict[str, list[float]] = {}
    # Every run reads all the files (1.5 GB for 10,000): three rounds for the aim's pair,
    # two for the secondary figures, and no warm-up round (the files were just written
    # or read, so they are in the page cache, and imports are warm from the seed build).
    times = interleaved(
        {
            "export": export,
            "floor": lambda: floor_one_process(folder),
            "floor2": lambda: floor_two_processes(folder),
            "cli": lambda: export_command(folder, config.corpus, config.work / "grades-cli.csv"),
        },
        max(2, min(config.repeats, 3)),
        warmup=False,
        fewer={"floor2": 2, "cli": 2},
        cpu=cpu,
    )
    cli = times["cli"]
    export_s, floor_s, floor2_s = (median(times[k]) for k in ("export", "floor", "floor2"))
    size = sum(p.stat().st_size for p in folder.glob("*.ipynb")) / count / 1024
    label = f"{count:,} notebooks"
    return [
        Result(
            f"export: {label} → gradebook",
            export_s,
            "s",
            floor_s,
            note=f"in-process run_export, {spread(times['export'])}; floor = json.load + "
            f"pick the results output, one process; {size:.0f} KB/notebook; CPU-time ratio "
            f"{median(cpu['export']) / median(cpu['floor']):.2f}×; aim ≤ 2×",
        ),
        Result(
            f"export: {label}, vs a 2-process floor",
            export_s,
            "s",
            floor2_s,
            note=f"the same floor on a pool of 2 processes ({spread(times['floor2'])})",
        ),
        Result(
            f"export: `python -m generator export` ({label})",
            median(cli),
            "s",
            floor_s,
            note=f"command line, imports included, {spread(cli)}; baseline = 1-process floor",
        ),
    ]


def timed_command(folder: Path, corpus: Path, output: Path) -> float:
    return timed(lambda: export_command(folder, corpus, output))


def versus_nbgrader(config: Config, folder: Path) -> list[Result]:
    """nbgrader autograde and samestory's export on the same number of submissions."""
    count = config.nbgrader_submissions
    subset = config.work / f"export-{count}"
    shutil.rmtree(subset, ignore_errors=True)
    subset.mkdir()
    for path in sorted(folder.glob("*.ipynb"))[:count]:
        shutil.copy(path, subset / path.name)
    ours = [
        timed_command(subset, config.corpus, config.work / f"grades-{count}.csv")
        for _ in range(PEER_REPEATS)
    ]
    peer = autograde(config.work, count, log=config.log)
    config.log(f"   nbgrader autograde {count}: {peer['autograde']:.1f} s")
    return [
        Result(
            f"peer: nbgrader autograde, per submission ({count})",
            peer["autograde"] / count,
            "s/submission",
            median(ours) / count,
            note=f"nbgrader {peer['version']} re-runs each submission in a kernel: "
            f"{peer['autograde']:.1f} s for {count} (+ generate_assignment "
            f"{peer['generate']:.1f} s); baseline = `python -m generator export` on {count} "
            f"saved notebooks, {median(ours):.2f} s, imports included",
        )
    ]


def run(config: Config) -> list[Result]:
    modules = seed_modules(config)
    if config.quick:  # a smoke run: one module's kernel is enough to exercise the path
        modules = modules[:1]
    folder = make_saved(config, modules, config.notebooks)
    results = throughput(config, folder, config.notebooks)
    if config.nbgrader:
        results += versus_nbgrader(config, folder)
    return results
