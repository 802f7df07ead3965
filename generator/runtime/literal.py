"""The module spec as one opaque string literal in the notebook's first cell.

A practice notebook must not carry its key as readable text (a click on a hidden
cell would show every answer), so the spec travels zlib-compressed and base64-encoded
behind a short prefix. This hides the key from a glance, not from a determined
learner (docs/students.md says so); it also makes notebooks about half as large.
Standard library only: the runtime decodes it in the kernel, Pyodide included.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Any

PREFIX = "samestory-z1:"
# A real spec is well under 2 MB of JSON; refuse to inflate anything larger, so a
# doctored literal cannot exhaust memory (a zlib bomb) in a kernel or the export.
MAX_SPEC_BYTES = 32 * 1024 * 1024


def encode_spec(spec: dict[str, Any]) -> str:
    """Deterministic: the same spec gives the same literal (sorted keys, so the order
    a dict was built in does not matter; level 9; zlib writes no timestamp)."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    packed = zlib.compress(text.encode("utf-8"), 9)
    return PREFIX + base64.b64encode(packed).decode("ascii")


def is_encoded(text: str) -> bool:
    return isinstance(text, str) and text.startswith(PREFIX)


def decode_spec_text(text: str) -> str:
    """The spec's JSON text from a literal; ValueError with a plain reason otherwise."""
    try:
        packed = base64.b64decode(text[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("samestory module spec literal is not valid base64") from None
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, MAX_SPEC_BYTES)
    except zlib.error:
        raise ValueError("samestory module spec literal is damaged (zlib)") from None
    if inflater.unconsumed_tail:
        raise ValueError("samestory module spec literal is larger than a module can be")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("samestory module spec literal is not UTF-8 text") from None
