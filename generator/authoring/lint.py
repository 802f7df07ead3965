"""Warnings: problems that do not make a story invalid but make it teach badly.

The validator's errors break the contract; a warning names something a learner would
notice (an answer given away, an origin the texts cannot show). ``validate`` and
``build`` print warnings and succeed; with ``--strict`` any warning fails them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import SamestoryError

if TYPE_CHECKING:
    from ..model import Story


@dataclass(frozen=True, order=True)
class LintWarning:
    """One warning, printed as ``path:line: what — fix`` (line omitted when unknown)."""

    path: str
    line: int | None
    what: str
    fix: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.what} — {self.fix}"


def story_warnings(story: Story, specs: list[dict[str, Any]] | None = None) -> list[LintWarning]:
    """Every warning of a valid ``story``: the guards, the labels and the item-writing check.

    Re-reads story.yaml for line numbers (the story model keeps none). ``specs`` are
    the story's built module specs when the caller has them already (build does).
    """
    from ..building.itemcheck import item_warnings
    from ..building.pairing import role_warnings
    from ..corpus import STORY_FILE, display_path
    from ..questions import module_specs
    from ..yamlsource import load_yaml
    from .drafts import draft_warnings
    from .guards import guard_warnings
    from .labels import label_warnings
    from .language import language_warnings
    from .limits import text_size_warnings

    path = story.folder / STORY_FILE
    shown = display_path(path)
    loaded = load_yaml(path.read_text(encoding="utf-8"), shown)
    specs = module_specs(story) if specs is None else specs
    found = (
        guard_warnings(story, loaded, shown)
        + label_warnings(story, loaded, shown)
        + item_warnings(story, specs, loaded, shown)
        + text_size_warnings(story, loaded, shown)
        + role_warnings(story, specs, loaded, shown)
        + draft_warnings(story, loaded, shown)
    )
    found += language_warnings(story, loaded, shown)
    return sorted(set(found), key=_reading_order)


def _reading_order(warning: LintWarning) -> tuple[str, int, str, str]:
    # Unknown lines sort first (a whole-file warning), then by line as in an editor.
    return (warning.path, warning.line or 0, warning.what, warning.fix)


class StrictWarnings(SamestoryError):
    """``--strict`` and a story has warnings: the command fails (exit 2) after they
    were printed, and writes nothing."""

    def __init__(self, count: int, written: bool) -> None:
        nothing = "" if written else "; nothing was written"
        super().__init__(f"{count} warning(s), and --strict makes them errors{nothing}.")


def report_warnings(warnings: list[LintWarning], *, strict: bool, writes: bool) -> None:
    """Print ``warnings`` to stderr, one line each, then their count.

    Raises :class:`StrictWarnings` when ``strict`` and there is any (``writes``: the
    command would have written files, so the message says nothing was).
    """
    if not warnings:
        return
    for warning in warnings:
        print(warning, file=sys.stderr)
    if strict:
        raise StrictWarnings(len(warnings), written=not writes)
    print(f"{len(warnings)} warning(s); --strict makes them errors.", file=sys.stderr)
