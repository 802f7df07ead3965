#!/usr/bin/env python3
"""Build the browser-only samestory site (JupyterLite + Pyodide kernel) into ``_site/``.

    python lite/build.py [--out DIR] [--force]

Runs with the standard library of any Python >= 3.11 (``make lite`` calls it). What
it does, and why:

1. Build tools go into their own venv under ``.cache/lite/`` (git-ignored), keyed on
   the pins in ``lite/requirements-build*.txt``, so that ``.venv`` and Binder stay
   lean. The ``[lock]`` extra of jupyterlite-pyodide-kernel needs Python >= 3.12
   (pyodide-lock >= 0.1.3); a 3.12 is looked for on PATH and under pyenv. Without
   one, Python 3.11 works with pyodide-lock 0.1.2 (``requirements-build-py311.txt``).
   If neither can be set up, the build stops and says what to install.
2. Pyodide comes from the npm registry (``npm pack pyodide@<version>``), never from a
   CDN: the kernel would otherwise load it from one at run time. Its lock is
   emptied, so that every package the kernel loads is a wheel resolved at build time
   and copied into the site.
3. samestory itself goes in as a wheel built from this checkout. Its install deps
   jinja2/jsonschema/nbformat/pyyaml/rapidfuzz/sentencex serve the teacher's build,
   ``suggest`` and the grader's export; the notebook runtime needs only ipywidgets
   and the standard library, so
   ``jupyter_lite_config.json`` excludes them by name from the lock solve (the
   wheel's lock entry then depends on ipywidgets alone, and nothing else is shipped).
4. ``modules/`` (notebooks and README.md) becomes the site's contents; README.md is
   the landing page, with its "open in the browser" links made relative, so that
   they stay inside whichever copy of the site is being looked at.
5. The result replaces ``--out`` only when the whole build succeeded, and records a
   key of its inputs in ``build-info.json``: an unchanged checkout is not rebuilt.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LITE = REPO / "lite"
CACHE = REPO / ".cache" / "lite"
MODULES = REPO / "modules"
DEFAULT_OUT = REPO / "_site"
BUILD_INFO = "build-info.json"

# Everything in these decides the wheel of our package (see pyproject.toml).
PACKAGE_INPUTS = ("pyproject.toml", "README.md", "generator", "templates")
# Files of modules/ that are a learner's or an editor's leftovers, not the module.
IGNORED_CONTENT = ("*.samestory-log.jsonl", ".ipynb_checkpoints", "__pycache__", "*.pyc")
# The four files the kernel loads from a Pyodide distribution (plus its lock).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
LANDING_PATH = "README.md"
INSTALL_HINT = (
    "Install Python 3.12 (e.g. `pyenv install 3.12`, or a system python3.12 with its "
    "venv module) and, if it is not on PATH, run `LITE_PYTHON=/path/to/python3.12 make "
    "lite`. Python 3.11 also works, if it can create venvs. Either needs PyPI and the "
    "npm registry to be reachable."
)


class BuildError(Exception):
    """A problem the person running the build can fix; printed without a traceback."""


# -- choosing and preparing the build tools ------------------------------------------


@dataclass(frozen=True)
class Toolchain:
    python: Path
    version: tuple[int, int]
    requirements: Path

    @property
    def venv(self) -> Path:
        pins = hashlib.sha256(self.requirements.read_bytes()).hexdigest()[:12]
        major, minor = self.version
        return CACHE / f"venv-py{major}.{minor}-{pins}"

    @property
    def venv_python(self) -> Path:
        return self.venv / "bin" / "python"


def python_version(executable: Path | str) -> tuple[int, int] | None:
    """The (major, minor) of an interpreter that can make venvs with pip; else None."""
    probe = "import sys, venv, ensurepip; print(*sys.version_info[:2])"
    try:
        done = subprocess.run(
            [str(executable), "-c", probe], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    major, minor = done.stdout.split()
    return int(major), int(minor)


def candidate_pythons() -> Iterator[Path]:
    """Interpreters to try, best first: LITE_PYTHON, then 3.12 on PATH, under pyenv,
    then 3.11 (this one included)."""
    if os.environ.get("LITE_PYTHON"):  # the person building chose: no other
        yield Path(os.environ["LITE_PYTHON"])
        return
    for name in ("python3.12", "python3.13"):
        found = shutil.which(name)
        if found:
            yield Path(found)
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    for minor in (12, 13):
        yield from sorted(pyenv_root.glob(f"versions/3.{minor}.*/bin/python3.{minor}"))
    yield Path(sys.executable)
    found = shutil.which("python3.11")
    if found:
        yield Path(found)


def toolchains(candidates: Iterable[Path]) -> list[Toolchain]:
    """One toolchain per usable interpreter (deduplicated), in the order given."""
    chosen: list[Toolchain] = []
    seen: set[Path] = set()
    for executable in candidates:
        resolved = executable.resolve() if executable.exists() else executable
        if resolved in seen:
            continue
        seen.add(resolved)
        version = python_version(executable)
        if version is None or version < (3, 11):
            continue
        pins = "requirements-build.txt" if version >= (3, 12) else "requirements-build-py311.txt"
        chosen.append(Toolchain(executable, version, LITE / pins))
    return chosen


def ensure_build_venv(options: list[Toolchain]) -> Toolchain:
    """The first toolchain whose venv is (or can be made) complete."""
    if not options:
        chosen = os.environ.get("LITE_PYTHON")
        found = f"LITE_PYTHON={chosen} is not" if chosen else "no Python was found that is"
        raise BuildError(f"{found} Python >= 3.11 with venv and ensurepip. {INSTALL_HINT}")
    for toolchain in options:
        # A venv outlives the interpreter it was made from (e.g. a removed pyenv
        # version): only one whose Python still starts is taken as it is.
        if (toolchain.venv / ".complete").is_file() and venv_starts(toolchain):
            return toolchain
    failures = []
    for toolchain in options:
        print(
            f"lite: installing build tools for Python {toolchain.version[0]}."
            f"{toolchain.version[1]} into {toolchain.venv.relative_to(REPO)}",
            flush=True,
        )
        shutil.rmtree(toolchain.venv, ignore_errors=True)
        log = CACHE / f"{toolchain.venv.name}.log"
        try:
            run([str(toolchain.python), "-m", "venv", str(toolchain.venv)], log)
            run(
                [
                    str(toolchain.venv_python),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                    str(toolchain.requirements),
                ],
                log,
            )
        except BuildError as error:
            failures.append(f"  - {toolchain.python} ({toolchain.requirements.name}): {error}")
            shutil.rmtree(toolchain.venv, ignore_errors=True)
            continue
        (toolchain.venv / ".complete").write_text(toolchain.requirements.read_text("utf-8"))
        return toolchain
    raise BuildError(
        "could not install the JupyterLite build tools with any Python:\n"
        + "\n".join(failures)
        + f"\n{INSTALL_HINT}"
    )


def venv_starts(toolchain: Toolchain) -> bool:
    try:
        done = subprocess.run([str(toolchain.venv_python), "-c", "pass"], timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def run(
    command: list[str], log: Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> None:
    """Run a build step with its output in ``log``; on failure show the log's end."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        try:
            done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        except OSError as error:
            raise BuildError(f"cannot run {command[0]}: {error}") from error
    if done.returncode != 0:
        tail = "\n".join(log.read_text("utf-8", errors="replace").splitlines()[-25:])
        raise BuildError(
            f"`{' '.join(command[:4])} ...` failed (exit {done.returncode}); "
            f"full log: {log}\n{tail}"
        )


def venv_value(toolchain: Toolchain, module: str, attribute: str) -> str:
    """``module.attribute`` as seen by the build venv (e.g. the Pyodide version)."""
    code = f"import {module}; print({module}.{attribute})"
    done = subprocess.run(
        [str(toolchain.venv_python), "-c", code], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


# -- Pyodide from the npm registry ---------------------------------------------------


def fetch_pyodide(version: str, log: Path) -> Path:
    """The npm tarball of Pyodide ``version``, cached in .cache/lite/npm/."""
    tarball = CACHE / "npm" / f"pyodide-{version}.tgz"
    if tarball.is_file():
        return tarball
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError(
            "npm is needed to fetch Pyodide from the npm registry (Debian: apt-get install npm)"
        )
    tarball.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tarball.parent) as scratch:
        run(
            [npm, "pack", f"pyodide@{version}", "--pack-destination", scratch],
            log,
            cwd=Path(scratch),
        )
        packed = Path(scratch) / tarball.name
        if not packed.is_file():
            raise BuildError(f"npm pack did not produce {tarball.name}; see {log}")
        os.replace(packed, tarball)
    return tarball


def stage_pyodide(tarball: Path, version: str, dest: Path) -> None:
    """Put the runtime files and an emptied lock in ``dest`` (lite_dir/static/pyodide).

    With the npm lock left as it is, every package would point at (or fail on) the
    CDN; emptied, the lock addon fills it with wheels it downloads at build time.
    """
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as archive:
        for name in (*PYODIDE_FILES, "pyodide-lock.json"):
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise BuildError(f"{tarball.name} has no {name}")
            (dest / name).write_bytes(member.read())
    lock_path = dest / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text("utf-8"))
    lock["packages"] = {}
    # pyodide-lock 0.1.2 (the Python 3.11 route) requires info.version; newer ones
    # accept it and leave it out of the lock they write.
    lock["info"].setdefault("version", version)
    lock_path.write_text(json.dumps(lock, indent=1, sort_keys=True), "utf-8")


# -- our package and the contents ----------------------------------------------------


def build_wheel(toolchain: Toolchain, dest: Path, log: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    run(
        [
            str(toolchain.venv_python),
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(dest),
            str(REPO),
        ],
        log,
    )
    wheels = sorted(dest.glob("samestory-*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one samestory wheel in {dest}, found {wheels}")
    return wheels[0]


def lite_url() -> str:
    """The public address of the site, as configured for modules/README.md."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    return config.get("tool", {}).get("samestory", {}).get("lite_url", "")


def relative_lite_links(markdown: str, site_url: str) -> str:
    """Turn ``<site_url>lab/index.html?path=<p>`` links into ``<p>``.

    In the site the landing page is rendered by JupyterLab, which opens a relative
    link to a notebook in the same tab and the same browser storage; the absolute
    link would leave a local copy of the site for the published one.
    """
    if not site_url:
        return markdown
    prefix = re.escape(site_url.rstrip("/") + "/") + r"lab/(?:index\.html)?\?path="

    # The path stays percent-encoded: it is a Markdown link destination.
    return re.sub(prefix + r"([^)\s\"'>&#]+)", r"\1", markdown)


def stage_contents(modules: Path, dest: Path) -> list[Path]:
    """Copy ``modules`` into ``dest``; the notebooks copied, relative to ``dest``."""
    if not (modules / LANDING_PATH).is_file():
        raise BuildError("modules/README.md is missing: run `make modules` first")
    shutil.copytree(modules, dest, ignore=shutil.ignore_patterns(*IGNORED_CONTENT))
    landing = dest / LANDING_PATH
    landing.write_text(relative_lite_links(landing.read_text("utf-8"), lite_url()), "utf-8")
    notebooks = sorted(p.relative_to(dest) for p in dest.rglob("*.ipynb"))
    if not notebooks:
        raise BuildError("modules/ has no notebooks: run `make modules` first")
    return notebooks


# The module script of JupyterLite's root index.html, which forwards to the app.
ROOT_FORWARD = "await import('./config-utils.js');"
LANDING_FORWARD = (
    f"window.location.replace('lab/index.html?path={LANDING_PATH}' + window.location.hash);"
)


def open_landing_page(site: Path) -> None:
    """Make the site's root open the module index instead of an empty JupyterLab.

    Only the forwarding script changes: the page keeps its jupyter-config-data,
    which the app pages read from their parent folders.
    """
    index = site / "index.html"
    html = index.read_text("utf-8")
    if ROOT_FORWARD not in html:
        raise BuildError("JupyterLite's root index.html changed; update open_landing_page()")
    html = html.replace(ROOT_FORWARD, LANDING_FORWARD)
    fallback = f'<noscript><a href="lab/index.html?path={LANDING_PATH}">Open the modules</a>'
    html = html.replace("</head>", f"</head>\n  <body>{fallback}</noscript></body>", 1)
    index.write_text(html, "utf-8")


# -- checking the result ---------------------------------------------------------------


PYODIDE_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


def check_site(site: Path, modules: Path = MODULES) -> list[str]:
    """What is wrong with a built site (empty when nothing): anything that would make
    the kernel reach beyond the site, or leave a module out."""
    problems: list[str] = []
    config = json.loads((site / "jupyter-lite.json").read_text("utf-8"))
    kernel = config["jupyter-config-data"]["litePluginSettings"].get(PYODIDE_PLUGIN, {})
    if kernel.get("disablePyPIFallback") is not True:
        problems.append("disablePyPIFallback is not true: piplite could reach PyPI")
    if kernel.get("pyodideUrl") != "./static/pyodide/pyodide.mjs":
        problems.append(f"Pyodide is not loaded from the site: {kernel.get('pyodideUrl')}")
    lock_url = kernel.get("loadPyodideOptions", {}).get("lockFileURL", "")
    lock_path = site / lock_url.removeprefix("./")
    if not lock_url.startswith("./") or not lock_path.is_file():
        problems.append(f"the Pyodide lock is not in the site: {lock_url!r}")
        return problems
    lock = json.loads(lock_path.read_text("utf-8"))
    pyodide_dir = site / "static" / "pyodide"  # lock paths are relative to Pyodide
    for name, package in sorted(lock["packages"].items()):
        file_name = package["file_name"]
        if urllib.parse.urlparse(file_name).scheme:
            problems.append(f"lock entry {name} points outside the site: {file_name}")
        elif not (pyodide_dir / file_name).resolve().is_file():
            problems.append(f"lock entry {name}: {file_name} is not in the site")
    ours = lock["packages"].get("samestory")
    if ours is None:
        problems.append("samestory is not in the Pyodide lock")
    elif ours["depends"] != ["ipywidgets"]:
        problems.append(
            f"samestory's lock entry depends on {ours['depends']}, not on ipywidgets alone"
        )
    for notebook in sorted(modules.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        if not (site / "files" / notebook.relative_to(modules)).is_file():
            problems.append(f"{display(notebook)} is not in the site")
    if not (site / "files" / LANDING_PATH).is_file():
        problems.append("the landing page files/README.md is missing")
    return problems


# -- the build key and the build itself ------------------------------------------------


def files_under(path: Path) -> Iterator[Path]:
    """Files of ``path`` (a file or a folder), without the IGNORED_CONTENT ones."""
    if path.is_file():
        yield path
        return
    for found in sorted(path.rglob("*")):
        parts = found.relative_to(path).parts
        ignored = any(
            fnmatch.fnmatch(part, pattern) for part in parts for pattern in IGNORED_CONTENT
        )
        if found.is_file() and not ignored:
            yield found


def input_key(modules: Path = MODULES) -> str:
    """A digest of everything the site is built from: lite/ (pins, config, this
    script), the package sources that make our wheel, and modules/."""
    digest = hashlib.sha256()
    roots = [LITE, *(REPO / name for name in PACKAGE_INPUTS), modules]
    for root in roots:
        if not root.exists():
            continue
        for path in files_under(root):
            digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def built_key(site: Path) -> str | None:
    try:
        return json.loads((site / BUILD_INFO).read_text("utf-8"))["key"]
    except (OSError, ValueError, KeyError):
        return None


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """One build at a time (``make lite`` and the test may start together)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "build.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build(out: Path, modules: Path = MODULES, force: bool = False) -> Path:
    with build_lock():
        key = input_key(modules)
        if not force and built_key(out) == key and (out / "index.html").is_file():
            print(f"lite: {display(out)} is up to date (build key {key[:12]})")
            return out
        toolchain = ensure_build_venv(toolchains(candidate_pythons()))
        stage = Path(tempfile.mkdtemp(prefix="stage-", dir=CACHE))
        log = stage / "build.log"
        try:
            site = assemble(toolchain, modules, stage, log, key)
            replace_dir(site, out)
        except BuildError:
            kept = CACHE / "last-failed-build.log"
            if log.is_file():
                shutil.copy(log, kept)
            raise
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        print(
            f"lite: built {display(out)} ({site_size(out) / 1e6:.1f} MB) "
            f"with Python {toolchain.version[0]}.{toolchain.version[1]}"
        )
        return out


def assemble(toolchain: Toolchain, modules: Path, stage: Path, log: Path, key: str) -> Path:
    """Lay out a lite_dir in ``stage``, run ``jupyter lite build``; the output dir."""
    lite_dir = stage / "lite_dir"
    lite_dir.mkdir()
    for name in (
        "jupyter_lite_config.json",
        "jupyter-lite.json",
        "overrides.json",
        "pyodide-constraints.txt",
    ):
        shutil.copy(LITE / name, lite_dir / name)
    version = venv_value(toolchain, "jupyterlite_pyodide_kernel.constants", "PYODIDE_VERSION")
    stage_pyodide(fetch_pyodide(version, log), version, lite_dir / "static" / "pyodide")
    build_wheel(toolchain, lite_dir / "wheels", log)
    stage_contents(modules, lite_dir / "contents")

    output = stage / "_site"
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "PYTHONNOUSERSITE": "1"}
    env.pop("JUPYTERLITE_PYODIDE_URL", None)  # would override the local Pyodide
    print(f"lite: jupyter lite build (Pyodide {version})", flush=True)
    run(
        [
            str(toolchain.venv / "bin" / "jupyter"),
            "lite",
            "build",
            "--lite-dir",
            str(lite_dir),
            "--output-dir",
            str(output),
        ],
        log,
        cwd=lite_dir,
        env=env,
    )
    open_landing_page(output)
    # GitHub Pages publishing from a branch would run Jekyll, which turns README.md
    # files into HTML (breaking the landing page); this file turns that off.
    (output / ".nojekyll").write_text("", "utf-8")
    problems = check_site(output, modules)
    if problems:
        raise BuildError("the built site is not self-contained:\n  - " + "\n  - ".join(problems))
    info = {
        "key": key,
        "pyodide": version,
        "jupyterlite-core": venv_value(toolchain, "jupyterlite_core", "__version__"),
        "built-with-python": "{}.{}".format(*toolchain.version),
    }
    (output / BUILD_INFO).write_text(json.dumps(info, indent=2) + "\n", "utf-8")
    return output


def replace_dir(new: Path, out: Path) -> None:
    """Swap ``new`` in for ``out`` so that ``out`` is never half-written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    moved = out.parent / f".{out.name}.new-{os.getpid()}"
    shutil.move(str(new), str(moved))
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    os.replace(moved, out)
    shutil.rmtree(old, ignore_errors=True)


def site_size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def display(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: _site/")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    parser.add_argument(
        "--modules", type=Path, default=MODULES, help="notebooks and README.md; default: modules/"
    )
    args = parser.parse_args(argv)
    try:
        build(args.out.resolve(), args.modules.resolve(), force=args.force)
    except BuildError as error:
        print(f"lite: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
