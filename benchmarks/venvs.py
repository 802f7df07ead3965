"""Separate virtual environments under ``benchmarks/.work/`` (nbgrader, Binder's pins).

They are kept apart from ``.venv`` so that a peer tool's dependencies can never change
what samestory is measured with, and cached by a hash of what was asked for, so only
the first ``make bench`` on a machine pays for the install.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

STAMP = ".bench-stamp"


def cached_venv(
    work: Path, name: str, pip_args: list[str], identity: str = "", log=print
) -> tuple[Path, float | None]:
    """A venv with ``pip install <pip_args>``; returns (its python, install seconds or None).

    The folder name carries a hash of ``pip_args`` plus ``identity`` (e.g. the bytes
    of a requirements file), so a changed request makes a new venv rather than
    silently reusing the old one. Install seconds is None when the cache was used.
    """
    digest = hashlib.sha256(("\0".join(pip_args) + "\0" + identity).encode()).hexdigest()[:12]
    folder = work.resolve() / f"{name}-{digest}"
    python = folder / "bin" / "python"
    if (folder / STAMP).is_file() and python.exists():
        return python, None
    for stale in work.glob(f"{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    log(f"  creating {folder.name} (pip install {' '.join(pip_args)}) …")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pip_args],
        check=True,
    )
    (folder / STAMP).write_text(" ".join(pip_args) + "\n")
    return python, time.perf_counter() - start


def site_packages(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    out = subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())
