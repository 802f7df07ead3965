"""Name the real cause of a YAML syntax error, as a teacher would fix it.

PyYAML reports where its parser gave up ("did not find expected key"), which is
rarely where the teacher went wrong. The usual causes in a story file are few: a tab
used for indentation, a ' or " inside a text quoted with the same mark (which ends
the text early), a quoted text that is never closed, and ': ' inside unquoted text.
Each is recognised from the offending line itself; anything else keeps PyYAML's own
words with the general advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# Where a quoted value opens: at the start of a line or after `key: `, `- `, `[`, `,`, `{`.
_OPENING = re.compile(r"""(?:^|[:\-]\s|[\[,{])\s*(?P<q>['"])""")


@dataclass(frozen=True)
class Diagnosis:
    """The line to point at (1-based) and the message, ``what — fix``."""

    line: int | None
    message: str


def explain_yaml_error(exc: yaml.YAMLError, text: str) -> Diagnosis:
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    lines = text.splitlines()
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    for found in (
        _tab(lines, mark, context),
        _early_close(lines, mark, context),
        _never_closed(exc, context),
        _colon_in_plain(problem, mark),
    ):
        if found is not None:
            return found
    return Diagnosis(
        mark.line + 1 if mark is not None else None,
        f"YAML syntax error: {problem} — check the indentation and the quoting on this "
        "line (quote text that contains ': ' or starts with a symbol)",
    )


def _tab(lines: list[str], *marks) -> Diagnosis | None:
    for mark in marks:
        if mark is None or mark.line >= len(lines):
            continue
        line = lines[mark.line]
        indent = line[: len(line) - len(line.lstrip())]
        if "\t" in indent:
            return Diagnosis(
                mark.line + 1,
                f"YAML syntax error: a tab character at column {indent.index(chr(9)) + 1} — "
                "YAML indents with spaces only; replace the tab with spaces "
                "(set your editor to insert spaces)",
            )
    return None


def _closing(value: str, quote: str) -> int | None:
    """Index in ``value`` (which starts after the opening mark) of the closing mark."""
    i = 0
    while i < len(value):
        char = value[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and value[i + 1 : i + 2] == "'":
                i += 2  # '' is an escaped ' inside single quotes
                continue
            return i
        i += 1
    return None


def _early_close(lines: list[str], *marks) -> Diagnosis | None:
    for mark in marks:
        if mark is None or mark.line >= len(lines):
            continue
        found = _early_close_in(lines[mark.line])
        if found is not None:
            return Diagnosis(mark.line + 1, _early_message(*found))
    return None


def _early_close_in(line: str) -> tuple[str, str, str] | None:
    """``(mark, text before it, leftover)`` for a quoted value closed too early."""
    scanned = 0  # a mark inside a quoted text already read opens nothing
    for match in _OPENING.finditer(line):
        if match.start("q") < scanned:
            continue
        quote, start = match["q"], match.end()
        end = _closing(line[start:], quote)
        if end is None:
            return None
        scanned = start + end + 1
        rest = line[scanned:]
        after = rest.lstrip()
        if after and after[0] not in ",]}#:":
            return quote, line[start : start + end], after
    return None


def _early_message(quote: str, before: str, leftover: str) -> str:
    before = before if len(before) <= 25 else "…" + before[-24:]
    leftover = leftover if len(leftover) <= 25 else leftover[:24] + "…"
    if quote == "'":
        fix = (
            "inside single quotes write it twice ('') — or put the text in double quotes "
            'instead ("...\'...")'
        )
    else:
        fix = (
            'inside double quotes write it as \\" — or put the text in single quotes '
            "instead ('...\"...'); curly “ ” need no escaping"
        )
    return (
        f"YAML syntax error: the {quote} after `{before}` ends the quoted text early, and "
        f"`{leftover}` is left over — {fix}"
    )


def _never_closed(exc: yaml.YAMLError, context) -> Diagnosis | None:
    if getattr(exc, "context", None) != "while scanning a quoted scalar" or context is None:
        return None
    return Diagnosis(
        context.line + 1,
        "YAML syntax error: the quoted text that starts here is never closed — add the "
        "closing quotation mark (or double a ' inside single quotes: '')",
    )


def _colon_in_plain(problem: str, mark) -> Diagnosis | None:
    if not problem.startswith("mapping values are not allowed"):
        return None
    return Diagnosis(
        mark.line + 1 if mark is not None else None,
        "YAML syntax error: ': ' inside unquoted text starts a new key — put the whole "
        'text in quotes ("...")',
    )
