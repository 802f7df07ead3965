"""``python -m benchmarks``: run the sections, print the table, write ``results.json``.

    python -m benchmarks                      # everything (what `make bench` runs)
    python -m benchmarks --quick              # smoke run of the harness (BENCH_QUICK=1 too)
    python -m benchmarks --section export     # one section (repeatable option)

A section that fails is reported (and the exit code is 1), but the others still run
and their rows are still written: one broken piece must not hide every other figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from .harness import DEFAULT_WORK, REPO, Config, Result, format_table, write_results

SECTIONS = ("build", "latency", "export", "footprint", "suggest", "lite")


def _section(name: str) -> Callable[[Config], list[Result]]:
    # Imported on demand so that `--section build` does not pay for nbclient, etc.
    if name == "build":
        from .bench_build import run
    elif name == "latency":
        from .bench_latency import run
    elif name == "export":
        from .bench_export import run
    elif name == "footprint":
        from .bench_footprint import run
    elif name == "suggest":
        from .bench_suggest import run
    else:
        from .lite import run
    return run


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        default=os.environ.get("BENCH_QUICK", "") not in ("", "0"),
        help="smoke run: fewer repeats, 1,000 notebooks (also BENCH_QUICK=1)",
    )
    parser.add_argument(
        "--section",
        action="append",
        choices=SECTIONS,
        help="run only this section (repeatable); default: all",
    )
    parser.add_argument(
        "--no-lite",
        dest="lite",
        action="store_false",
        help="skip the JupyterLite timings (benchmarks/lite_*.py)",
    )
    parser.add_argument(
        "--no-nbgrader",
        dest="nbgrader",
        action="store_false",
        help="skip the nbgrader peer (its venv takes ~30 s to create)",
    )
    parser.add_argument(
        "--no-binder",
        dest="binder",
        action="store_false",
        help="skip installing binder/requirements.txt to measure its size",
    )
    parser.add_argument(
        "--stories",
        type=lambda s: tuple(int(n) for n in s.split(",")),
        help="corpus sizes for the build section, e.g. 1,10,100",
    )
    parser.add_argument("--notebooks", type=int, help="saved notebooks for the export section")
    parser.add_argument(
        "--submits", type=int, help="learner-API submits in all (shared among the modules)"
    )
    parser.add_argument("--repeats", type=int, help="repeats per measurement")
    parser.add_argument(
        "--corpus", type=Path, help="seed corpus (its first story is the seed); default corpus/"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=DEFAULT_WORK,
        help="scratch folder (git-ignored); default benchmarks/.work",
    )
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.json")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    config = Config.make(
        args.quick,
        work=args.work.resolve(),
        stories=args.stories,
        notebooks=args.notebooks,
        submits=args.submits,
        repeats=args.repeats,
        lite=args.lite,
        nbgrader=args.nbgrader,
        binder=args.binder,
        corpus=args.corpus and args.corpus.resolve(),
    )
    config.work.mkdir(parents=True, exist_ok=True)
    sections = args.section or [s for s in SECTIONS if s != "lite" or config.lite]
    results: list[Result] = []
    failed: list[str] = []
    started = time.perf_counter()
    load: list[float] = []
    for name in sections:
        config.log(f"== {name}")
        section_start = time.perf_counter()
        try:
            rows = _section(name)(config)
        except Exception:  # noqa: BLE001 — report it, keep the other sections' figures
            failed.append(name)
            config.log(traceback.format_exc())
            continue
        results.extend(rows)
        load.append(os.getloadavg()[0])
        config.log(f"   {name}: {time.perf_counter() - section_start:.0f} s, load {load[-1]:.1f}")
        write_results(results, args.out)  # after each section: a late failure loses nothing
    if load:
        results.append(machine_load(load))
    write_results(results, args.out)
    print(format_table(results))
    total = time.perf_counter() - started
    print(
        f"\n{len(results)} figures in {total:.0f} s → {_shown(args.out)}"
        + (" (quick: a smoke run, not a measurement)" if config.quick else "")
    )
    if failed:
        print(f"failed sections: {', '.join(failed)} (tracebacks above)", file=sys.stderr)
        return 1
    return 0


def machine_load(samples: list[float]) -> Result:
    """How busy the shared machine was: every ratio above is only as good as this."""
    return Result(
        "machine: load average (1 min) after each section",
        sum(samples) / len(samples),
        "runnable",
        float(os.cpu_count() or 1),
        note=f"max {max(samples):.1f}; baseline = cores; above 1× other work competed "
        "for the CPU, so medians are noisier (ratios still compare like with like)",
    )


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
