#!/usr/bin/env bash
# `make binder-check`: our stand-in for mybinder.org.
#
# 1. Builds .cache/binder-venv from binder/ the way repo2docker does: a fresh venv
#    with the Python of binder/runtime.txt, `pip install -r binder/requirements.txt`
#    run from the repository root, then `binder/postBuild` from the repository root
#    with that venv first on PATH. The venv is rebuilt only when a file in binder/
#    changes; postBuild (which installs samestory itself) runs every time, so the
#    served package is always the working tree's.
# 2. Checks that requirements.txt pins everything that got installed (a Binder
#    image built later must get the same versions) and that nothing conflicts.
# 3. Runs the real-browser tests (tests/browser) with JupyterLab and Voila served
#    from that venv on 127.0.0.1. The test tools (pytest, Playwright) come from the
#    development venv ($TEST_PYTHON): the Binder image must not carry them.
#
# Extra arguments go to pytest, e.g. `scripts/binder_check.sh -k voila`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
TEST_PYTHON="${TEST_PYTHON:-.venv/bin/python}"
VENV=.cache/binder-venv
STAMP="$VENV/.binder-files-sha256"

say() { printf 'binder-check: %s\n' "$*"; }
# The machine's pip config names extra find-links folders that may not exist;
# pip warns once per package about them. That noise hides real messages.
quiet_pip_noise() { grep -v "is ignored: it is neither a file nor a directory" || true; }

# runtime.txt says e.g. "python-3.11": use that Python when it is installed.
wanted="$(sed -n 's/^python-\([0-9][0-9.]*\).*/\1/p' binder/runtime.txt)"
if command -v "python$wanted" >/dev/null 2>&1; then
  PYTHON="python$wanted"
fi
have="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$have" != "$wanted" ]; then
  say "warning: binder/runtime.txt asks for Python $wanted; building with $PYTHON ($have)"
fi

binder_hash="$(cat binder/* | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$binder_hash" ]; then
  say "binder/ changed: building $VENV from scratch"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet -r binder/requirements.txt 2>&1 | quiet_pip_noise
  echo "$binder_hash" >"$STAMP"
else
  say "$VENV is up to date with binder/"
fi

say "running binder/postBuild"
PATH="$PWD/$VENV/bin:$PATH" VIRTUAL_ENV="$PWD/$VENV" binder/postBuild 2>&1 | quiet_pip_noise

say "checking that binder/requirements.txt pins everything installed"
"$VENV/bin/python" -m pip check
"$VENV/bin/python" -m pip freeze --exclude samestory 2>/dev/null | "$VENV/bin/python" -c '
import re, sys

def key(line):
    name, _, version = line.strip().partition("==")
    return re.sub(r"[-_.]+", "-", name).lower(), version

pinned = dict(
    key(line) for line in open("binder/requirements.txt", encoding="utf-8")
    if "==" in line and not line.lstrip().startswith("#")
)
installed = dict(key(line) for line in sys.stdin if "==" in line)
problems = [f"{name}=={version} is installed but not pinned"
            for name, version in sorted(installed.items()) if name not in pinned]
problems += [f"{name} is pinned to {pinned[name]} but {version} got installed"
             for name, version in sorted(installed.items())
             if name in pinned and pinned[name] != version]
problems += [f"{name}=={version} is pinned but was not installed"
             for name, version in sorted(pinned.items()) if name not in installed]
for problem in problems:
    print("binder/requirements.txt:", problem, file=sys.stderr)
sys.exit(1 if problems else 0)
'

say "browser tests against JupyterLab/Voila from $VENV"
SAMESTORY_JUPYTER_PREFIX="$PWD/$VENV" SAMESTORY_REQUIRE_BROWSER=1 \
  "$TEST_PYTHON" -m pytest tests/browser -m browser "$@"
