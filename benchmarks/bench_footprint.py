"""Footprint: bytes per generated and per saved notebook; Binder's installed size.

* A generated notebook (median) against its content: the module spec's JSON (sources,
  claims, questions, phrases), which the notebook must carry to work offline. The
  setup cell carries it compressed (``samestory-z1:`` literal), so the ratio is below
  1; the aim is a median under 60 KB (issue 10: it was 96 KB with readable JSON).
* A saved notebook (executed, answered) against the same notebook unexecuted.
* ``binder/requirements.txt`` installed into a venv under ``.work/`` (cached by the
  file's hash): ``du`` of its site-packages, against the part of it that JupyterLab
  and a kernel need on their own (their dependency closure, sized from each
  distribution's RECORD), i.e. the least any notebook-on-Binder tool installs.
"""

from __future__ import annotations

import json
import statistics
import subprocess
from pathlib import Path

from .harness import REPO, Config, Result
from .saved_notebooks import execute_seeds
from .seed import module_spec, read_notebook, seed_modules
from .venvs import cached_venv, site_packages

REQUIREMENTS = REPO / "binder" / "requirements.txt"
BASE_ROOTS = ("jupyterlab", "ipykernel")
# Run inside the Binder venv: every distribution's installed bytes, and the
# dependency closure of BASE_ROOTS (extras left out, as pip leaves them out).
SIZES_SCRIPT = """\
import json, sys
from importlib import metadata
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
dists = {canonicalize_name(d.metadata["Name"]): d for d in metadata.distributions()}
def size(d):
    paths = (f.locate() for f in (d.files or []))
    return sum(p.stat().st_size for p in paths if p.is_file())
seen, todo = set(), list(sys.argv[1:])
while todo:
    name = canonicalize_name(todo.pop())
    if name in seen or name not in dists:
        continue
    seen.add(name)
    for line in dists[name].requires or []:
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate({"extra": ""}):
            todo.append(req.name)
print(json.dumps({"sizes": {n: size(d) for n, d in dists.items()}, "closure": sorted(seen)}))
"""


AIM_NOTEBOOK_BYTES = 60_000


def notebook_bytes(modules: list[Path]) -> Result:
    sizes = [p.stat().st_size for p in modules]
    content = [
        len(json.dumps(module_spec(read_notebook(p)), ensure_ascii=False).encode()) for p in modules
    ]
    middle = statistics.median(sizes)
    return Result(
        "footprint: generated notebook (median)",
        middle,
        "bytes",
        statistics.median(content),
        note=f"median of {len(sizes)} seed modules ({min(sizes):,}–{max(sizes):,} bytes, "
        f"mean {statistics.fmean(sizes):,.0f}); baseline = the module spec's JSON (sources, "
        f"questions, phrases) it carries, compressed in the setup cell; aim < "
        f"{AIM_NOTEBOOK_BYTES:,} bytes: {'met' if middle < AIM_NOTEBOOK_BYTES else 'NOT met'}",
    )


def saved_bytes(config: Config, modules: list[Path]) -> list[Result]:
    saved = sorted((config.work / "saved-seeds").glob("*/*.ipynb"))
    if len(saved) != len(modules):  # the export section makes them; standalone, make them
        saved = execute_seeds(config, modules)
    with_state = sorted((config.work / "saved-seeds-state").glob("*/*.ipynb"))
    plain = statistics.fmean(p.stat().st_size for p in saved)
    return [
        Result(
            "footprint: saved notebook (executed, answered)",
            plain,
            "bytes",
            statistics.fmean(p.stat().st_size for p in modules),
            note="as JupyterLab saves it by default (no widget state); "
            "baseline = the same notebook unexecuted",
        ),
        Result(
            "footprint: saved notebook with widget state",
            statistics.fmean(p.stat().st_size for p in with_state),
            "bytes",
            plain,
            note="when widget state is saved too (nbclient does; JupyterLab only with "
            "'Save Widget State Automatically' on); baseline = without it",
        ),
    ]


def binder_size(config: Config) -> Result:
    python, installed = cached_venv(
        config.work,
        "binder-venv",
        ["-r", str(REQUIREMENTS)],
        identity=REQUIREMENTS.read_text(encoding="utf-8"),
        log=config.log,
    )
    packages = site_packages(python)
    du = subprocess.run(["du", "-sb", str(packages)], check=True, capture_output=True, text=True)
    total = int(du.stdout.split()[0])
    done = subprocess.run(
        [str(python), "-c", SIZES_SCRIPT, *BASE_ROOTS], check=True, capture_output=True, text=True
    )
    sizes = json.loads(done.stdout)
    base = sum(sizes["sizes"][n] for n in sizes["closure"])
    largest = sorted(sizes["sizes"].items(), key=lambda kv: -kv[1])[:4]
    top = ", ".join(f"{n} {b / 2**20:.0f} MiB" for n, b in largest)
    fresh = f"installed in {installed:.0f} s" if installed else "cached venv"
    return Result(
        "footprint: Binder requirements installed",
        total / 2**20,
        "MiB",
        base / 2**20,
        note=f"du -sb of site-packages ({fresh}); baseline = JupyterLab + ipykernel and "
        f"their dependencies alone; largest: {top}",
    )


def run(config: Config) -> list[Result]:
    modules = seed_modules(config)
    if config.quick:
        modules = modules[:1]
    results = [notebook_bytes(modules), *saved_bytes(config, modules)]
    if config.binder:
        results.append(binder_size(config))
    return results
