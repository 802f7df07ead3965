"""Paths and the skip-or-fail rule the browser tests share. A module of its own, not
conftest.py: a test module importing ``conftest`` gets whichever conftest.py was
imported first under that name (tests/lite has one too) when both folders run."""

from __future__ import annotations

from pathlib import Path

import chromium

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def missing(reason: str) -> None:
    """Skip outside CI; fail where the browser tests must run."""
    chromium.missing(reason, "CI / binder-check")
