"""JupyterLite figures: the site's size, and how long a learner waits.

    .venv/bin/python -m benchmarks.lite_site [--quick]      # prints the JSON rows

``run(quick)`` returns rows in the results format of benchmarks/README.md (the
harness's ``lite`` section calls it):

* site size (``_site/`` as built by ``make lite``), against the Pyodide runtime alone,
  which any Pyodide site must ship;
* bytes the browser fetches to open a module and get feedback, with an empty cache;
* page open → first widget, page open → first feedback, and Check → feedback: medians
  of 5 runs, each in a new Chromium profile (empty cache and storage: a learner's
  first visit), beside the same steps on the same module in JupyterLab (a server of
  .venv already running, as on a launched Binder; its start-up is not counted), the
  two interleaved (Lite, Lab, Lite, Lab …) so that load from neighbours hits both.

The page is driven exactly as the browser test drives it (tests/lite/lite_pages.py):
open the module, Run → Run All Cells, wait for the name field, answer the first
question right, press Check, wait for the verdict.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path
from threading import Lock, Thread

REPO = Path(__file__).resolve().parent.parent
REPEATS = 5
MB = 1e6


def _helpers():
    """The site's build/serve scripts and the test's page driver (not a package)."""
    for folder in ("tests", "tests/lite", "tests/browser"):
        path = str(REPO / folder)
        if path not in sys.path:
            sys.path.insert(0, path)
    import browser_server
    import lite_pages
    import lite_support

    return lite_support.lite_build, lite_support.lite_serve, lite_pages, browser_server


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _folder_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def size_rows(site: Path) -> list[dict]:
    total, count = _folder_bytes(site)
    parts = {
        "Pyodide runtime": site / "static" / "pyodide",
        "wheels": site / "static" / "pyodide-lock",
        "JupyterLite app": site / "build",
        "lab extensions": site / "extensions",
        "modules": site / "files",
    }
    sizes = {name: _folder_bytes(path)[0] for name, path in parts.items()}
    breakdown = ", ".join(f"{name} {size / MB:.1f}" for name, size in sizes.items())
    return [
        {
            "name": "lite: site size (_site/)",
            "value": round(total / MB, 2),
            "unit": "MB",
            "baseline": round(sizes["Pyodide runtime"] / MB, 2),
            "ratio": round(total / sizes["Pyodide runtime"], 2),
            "note": f"{count} files; baseline: the Pyodide runtime alone; MB: {breakdown}",
        }
    ]


class _ByteCounter:
    def __init__(self) -> None:
        self.total = 0
        self._lock = Lock()

    def add(self, count: int) -> None:
        with self._lock:
            self.total += count


def _counting_server(lite_serve, root: Path, counter: _ByteCounter) -> ThreadingHTTPServer:
    """lite/serve.py's server, counting the bytes of every file it sends."""

    class Counting(lite_serve.SiteRequestHandler):
        quiet = True

        def copyfile(self, source, outputfile) -> None:
            start = source.tell()
            super().copyfile(source, outputfile)
            counter.add(source.tell() - start)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Counting, directory=root))
    Thread(target=server.serve_forever, name="lite-bench", daemon=True).start()
    return server


def _one_visit(playwright, lite_pages, module, url: str) -> dict[str, float]:
    """Open ``module`` at ``url`` in a new profile; seconds to widget, feedback, check."""
    import chromium  # tests/chromium.py, on the path once _helpers() has run

    profile = Path(tempfile.mkdtemp(prefix="samestory-bench-chromium-"))
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(chromium.CHROMIUM),
        args=chromium.CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1280, "height": 900},
    )
    try:
        context.set_default_timeout(60_000)
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if _is_loopback(route.request.url)
                else route.abort("blockedbyclient")
            ),
        )
        page = context.new_page()
        notebook = lite_pages.LiteNotebook.open_at(page, url, module)
        notebook.run_all_cells()
        widget = notebook.wait_for_first_widget()
        question = module.spec["questions"][0]
        notebook.answer_right(question)
        feedback = time.monotonic() - notebook.opened_at
        return {"widget": widget, "feedback": feedback, "check": notebook.check_seconds}
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def _is_loopback(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))


def timing_rows(quick: bool) -> list[dict]:
    lite_build, lite_serve, lite_pages, browser_server = _helpers()
    from playwright.sync_api import sync_playwright

    notebooks = sorted(lite_build.MODULES.glob("*/*.ipynb"))
    module = lite_pages.ModuleFile.read(lite_build.MODULES, notebooks[0])
    repeats = 1 if quick else REPEATS

    counter = _ByteCounter()
    site_server = _counting_server(lite_serve, lite_build.DEFAULT_OUT, counter)
    lite_url = f"http://127.0.0.1:{site_server.server_address[1]}/lab/index.html?path={module.path}"
    state = Path(tempfile.mkdtemp(prefix="samestory-bench-lab-"))
    served = state / "served"
    shutil.copytree(lite_build.MODULES, served / "modules")
    lab = browser_server.start_server(
        jupyter_prefix=Path(sys.prefix),
        root_dir=served,
        state_dir=state,
        log_path=state / "jupyter.log",
        user_settings=json.loads((REPO / "binder" / "overrides.json").read_text("utf-8")),
    )
    runs: dict[str, list[dict[str, float]]] = {"lite": [], "lab": []}
    fetched: list[int] = []
    try:
        with sync_playwright() as playwright:
            for n in range(repeats):
                before = counter.total
                runs["lite"].append(_one_visit(playwright, lite_pages, module, lite_url))
                fetched.append(counter.total - before)
                for log in served.rglob("*.samestory-log.jsonl"):
                    log.unlink()  # each Lab visit starts with no answers, as each Lite one
                lab_url = lab.lab_url(f"modules/{module.path}", f"bench-{n}")
                runs["lab"].append(_one_visit(playwright, lite_pages, module, lab_url))
                lab.shutdown_kernels()
                _log(
                    f"   lite run {n + 1}/{repeats}: lite {runs['lite'][-1]}, lab {runs['lab'][-1]}"
                )
    finally:
        lab.stop()
        site_server.shutdown()
        site_server.server_close()
        shutil.rmtree(state, ignore_errors=True)

    load = os.getloadavg()[0]
    rows = []
    steps = {
        "widget": "page open → first widget (name field), new browser profile",
        "feedback": "page open → first feedback (first question answered right), new profile",
        "check": "Check pressed → feedback shown",
    }
    for step, label in steps.items():
        lite = [r[step] for r in runs["lite"]]
        lab = [r[step] for r in runs["lab"]]
        value, baseline = statistics.median(lite), statistics.median(lab)
        rows.append(
            {
                "name": f"lite: {label}",
                "value": round(value, 3),
                "unit": "s",
                "baseline": round(baseline, 3),
                "ratio": round(value / baseline, 2),
                "note": (
                    f"median of {len(lite)}; Lite {min(lite):.2f}–{max(lite):.2f} s, "
                    f"baseline JupyterLab (server running, start not counted) "
                    f"{min(lab):.2f}–{max(lab):.2f} s; {module.path}; load {load:.1f}"
                ),
            }
        )
    rows.append(
        {
            "name": "lite: bytes fetched to open a module and get feedback, empty cache",
            "value": round(statistics.median(fetched) / MB, 2),
            "unit": "MB",
            "baseline": None,
            "ratio": None,
            "note": f"median of {len(fetched)}, counted by the server; once per browser, "
            "then the HTTP cache serves it",
        }
    )
    return rows


def run(quick: bool = False, log: Callable[[str], None] = _log) -> list[dict]:
    lite_build, *_ = _helpers()
    log("   building the JupyterLite site (make lite)")
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the JSON rows
        site = lite_build.build(lite_build.DEFAULT_OUT)
    rows = size_rows(site)
    import chromium  # tests/chromium.py, on the path once _helpers() has run

    if not chromium.CHROMIUM.is_file():
        log(f"   no Chromium at {chromium.CHROMIUM}: the Lite timings are left out")
        return rows
    return rows + timing_rows(quick)


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2, ensure_ascii=False))
