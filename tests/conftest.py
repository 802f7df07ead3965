"""Shared test fixtures. Kept small: anything specific to one area lives in its tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Shown:
    """One display output, as a notebook would get it."""

    obj: Any
    raw: bool
    display_id: Any
    updates: list[dict[str, Any]] = field(default_factory=list)

    @property
    def data(self) -> Any:
        """What the output shows now: the last update, else what was displayed."""
        return self.updates[-1] if self.updates else self.obj

    def update(self, bundle: dict[str, Any], raw: bool = True) -> None:
        self.updates.append(bundle)


class Display:
    """Stands in for IPython's display machinery in the notebook runtime."""

    def __init__(self) -> None:
        self.outputs: list[Shown] = []

    def display(self, obj: Any, *, raw: bool = False, display_id: Any = None) -> Shown | None:
        shown = Shown(obj, raw, display_id)
        self.outputs.append(shown)
        return shown if display_id else None

    def last(self) -> Shown:
        return self.outputs[-1]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Display:
    """Capture what the samestory runtime displays (``shown.outputs``)."""
    from generator.runtime import output

    display = Display()
    monkeypatch.setattr(output, "display", display.display)
    monkeypatch.setattr(output, "update", lambda handle, bundle: handle.update(bundle))
    return display


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A runtime clock that ticks one second per reading, from 2026-11-23T10:00:00Z."""
    from generator.runtime import records

    ticks = (f"2026-11-23T10:{m:02d}:{s:02d}+00:00" for m in range(60) for s in range(60))
    readings: list[str] = []

    def now() -> str:
        readings.append(next(ticks))
        return readings[-1]

    monkeypatch.setattr(records, "now", now)
    return readings
