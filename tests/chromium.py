"""Debian's Chromium for the real-browser tests and benchmarks, in one place.

tests/browser (JupyterLab, Voila), tests/lite (JupyterLite) and benchmarks/lite_site.py
launch the same browser with the same flags, and treat a missing browser the same way:
a skip on a developer's machine, a failure in CI (CI=true) or binder-check.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("SAMESTORY_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = "apt-get update && apt-get install -y chromium fonts-dejavu-core"

# From ../shared/notes/browser-testing.md: without the background-networking flags
# Chromium keeps trying to reach Google's hosts; Autofill would ask a server about
# the name field. (`playwright install` cannot download here: never use it.)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=AutofillServerCommunication",
]


def browser_is_required() -> bool:
    return (
        os.environ.get("CI", "").lower() in {"true", "1", "yes"}
        or os.environ.get("SAMESTORY_REQUIRE_BROWSER") == "1"
    )


def missing(reason: str, who: str) -> None:
    """Skip outside CI; fail where ``who`` (e.g. "CI") must run the browser tests."""
    import pytest

    if browser_is_required():
        pytest.fail(f"{reason} ({who} must run the browser tests)", pytrace=False)
    pytest.skip(reason)


def require_chromium(who: str) -> Path:
    """The browser's path, after checking that it and Playwright are installed."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing(f"no Chromium at {CHROMIUM}; install it with: {INSTALL_HINT}", who)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the playwright package is not installed: pip install -e '.[test]'", who)
    return CHROMIUM
