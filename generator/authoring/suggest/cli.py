"""The ``suggest`` subcommand's output (registered in generator/cli.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import suggest
from .draft import draft


def run_suggest(story: Path, *, as_json: bool) -> int:
    result = suggest(story)
    if as_json:
        sys.stdout.write(json.dumps(result.json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(draft(result.suggestions, result.texts, [r.line() for r in result.reuse]))
    return 0
