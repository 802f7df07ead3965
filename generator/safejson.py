"""JSON from learners' files, parsed so that no file can crash the export.

``json.loads`` raises RecursionError on a document nested some thousand levels deep
and ValueError on an integer of more than 4,300 digits (Python's limit on int-string
conversion); a value nested just under the parser's limit still breaks pickling
between worker processes and every recursive walk later. Nothing samestory writes is
nested more than a few levels, so deeper values are refused here, with the reason.
A ``"\\ud800"`` escape parses to a lone surrogate, which no UTF-8 file can hold: such
characters are replaced by U+FFFD (and the caller flags the row).
"""

from __future__ import annotations

import json
from typing import Any

# A results record is 6 levels deep, a response at most 3 (a match: an object of
# strings); a saved notebook's own JSON about 8.
MAX_DEPTH = 32
REPLACEMENT = "\ufffd"


class Refused(ValueError):
    """Why a JSON text or value is not accepted, worded for the grader."""


def parse(text: str | bytes) -> Any:
    """``json.loads``, with RecursionError and the int-size ValueError turned into
    Refused; a JSONDecodeError (a damaged file) is raised as it is."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):  # damaged, or not text: as they are
        raise
    except RecursionError:
        raise Refused(f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc) or "digits" in str(exc):
            raise Refused("holds a number with more than 4,300 digits") from None
        raise Refused(f"not valid JSON ({exc})") from None


def check_depth(value: Any, limit: int = MAX_DEPTH) -> None:
    """Refused if ``value`` nests lists or objects deeper than ``limit`` (walked
    without recursion, so it cannot itself overflow the stack; only containers are
    stacked: this runs once per file of a 10,000-file export)."""
    if not isinstance(value, dict | list):
        return
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise Refused(f"nested more than {limit} levels deep")
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))


def has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def without_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD."""
    if not has_surrogates(text):
        return text
    return "".join(REPLACEMENT if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def clean(value: Any) -> tuple[Any, bool]:
    """``value`` (already depth-checked) with lone surrogates replaced in every string
    and key; and whether anything was replaced."""
    try:  # the encoder, in C, finds none in almost every value: walk only when it fails
        json.dumps(value, ensure_ascii=False).encode("utf-8")
        return value, False
    except UnicodeEncodeError:
        pass
    return _cleaned(value)


def _cleaned(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        cleaned = without_surrogates(value)
        return cleaned, cleaned is not value
    if isinstance(value, list):
        items = [_cleaned(v) for v in value]
        return [v for v, _ in items], any(c for _, c in items)
    if isinstance(value, dict):
        pairs = [(_cleaned(k), _cleaned(v)) for k, v in value.items()]
        changed = any(kc or vc for (_, kc), (_, vc) in pairs)
        return ({k: v for (k, _), (v, _) in pairs}, changed) if changed else (value, False)
    return value, False
