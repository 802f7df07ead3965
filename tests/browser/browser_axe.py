"""axe-core, the accessibility checker, fetched from the npm registry on first use.

The version and its registry integrity hash are pinned here, so a fresh clone gets
exactly the checker these tests were written against, and a tampered or truncated
download is refused. It is cached under the git-ignored ``.cache/`` folder.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

AXE_VERSION = "4.14.1"
# `npm view axe-core@4.14.1 dist.integrity`
AXE_INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtu"
    "FooJpZe37OgudVGtQ=="
)
# Impacts that fail a test: "serious" and "critical" block or seriously hinder
# a learner using a screen reader, a keyboard or low vision.
FAILING_IMPACTS = frozenset({"serious", "critical"})


class AxeUnavailable(RuntimeError):
    """npm is missing or the registry could not be reached."""


def axe_script(cache_root: Path) -> Path:
    """Path to ``axe.min.js``, downloading the pinned package if it is not cached yet."""
    target = cache_root / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise AxeUnavailable("npm is not on PATH (it fetches axe-core from the npm registry)")
    with tempfile.TemporaryDirectory(prefix="samestory-axe-") as tmp:
        try:
            done = subprocess.run(
                [npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
                timeout=180,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired as error:
            raise AxeUnavailable(f"npm pack axe-core@{AXE_VERSION} took over 180 s") from error
        tarballs = list(Path(tmp).glob("axe-core-*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            raise AxeUnavailable(
                f"npm pack axe-core@{AXE_VERSION} failed (exit {done.returncode}):\n"
                f"{done.stderr.strip()[-2000:]}"
            )
        data = tarballs[0].read_bytes()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != AXE_INTEGRITY:
            raise AxeUnavailable(
                f"axe-core@{AXE_VERSION} from the registry does not match the pinned "
                f"integrity {AXE_INTEGRITY} (got {digest})"
            )
        with tarfile.open(tarballs[0]) as archive:
            member = archive.extractfile("package/axe.min.js")
            if member is None:
                raise AxeUnavailable("the axe-core package has no package/axe.min.js")
            script = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_bytes(script)
    partial.replace(target)  # atomic: a killed run never leaves half a script behind
    return target


def serious_violations(results: dict) -> list[str]:
    """One readable line per serious/critical violation and element."""
    lines = []
    for violation in results.get("violations", []):
        if violation.get("impact") not in FAILING_IMPACTS:
            continue
        for node in violation.get("nodes", []):
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(
                f"[{violation['impact']}] {violation['id']}: {violation['help']} "
                f"-> {target}: {node.get('failureSummary', '').strip()}"
            )
    return lines
