"""Fixtures for the JupyterLite site: the built site, a loopback server, Chromium.

The site is built by lite/build.py into _site/ (as `make lite` does); an unchanged
checkout reuses the last build, whose key covers the pins, lite/, the package
sources that make our wheel, and modules/.

Chromium missing: skipped outside CI (with the command that installs it); a failure
when CI=true or SAMESTORY_REQUIRE_BROWSER=1, because a CI run that skips the browser
proves nothing about a learner's path.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import chromium
import pytest
from lite_support import lite_build, lite_serve

LOOPBACK = {"127.0.0.1"}
# Schemes that never leave the browser (the download link is a data: URL).
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools"}


def missing(reason: str) -> None:
    """Skip outside CI; fail where the browser tests must run."""
    chromium.missing(reason, "CI")


@pytest.fixture(scope="session")
def lite_site() -> Path:
    """_site/, built now unless the last build has the same key."""
    if not any(lite_build.MODULES.glob("*/*.ipynb")):
        missing("modules/ has no notebooks yet: run `make modules`")
    try:
        return lite_build.build(lite_build.DEFAULT_OUT)
    except lite_build.BuildError as error:
        pytest.fail(f"make lite failed: {error}", pytrace=False)


@pytest.fixture(scope="session")
def site_url(lite_site: Path) -> Iterator[str]:
    server, url = lite_serve.serve_in_thread(lite_site)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return chromium.require_chromium("CI")


@pytest.fixture(scope="session")
def playwright_instance(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@dataclass
class RequestLog:
    """Every request the browser makes (pages, workers, the service worker), and
    every WebSocket a page opens. Requests off the machine are also aborted, so a
    page that tries a CDN fails fast and visibly instead of hanging."""

    urls: list[str] = field(default_factory=list)

    def record(self, url: str) -> None:
        self.urls.append(url)

    def off_machine(self) -> list[str]:
        return [url for url in self.urls if not is_loopback(url)]


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOOPBACK


@pytest.fixture
def browsers(playwright_instance, chromium_path: Path) -> Iterator[Callable]:
    """``browsers()`` -> (context, request log): a Chromium with a new, empty profile
    (and so empty browser storage) each call; all closed after the test. Playwright
    refuses --user-data-dir in args, hence a persistent context on a fresh folder."""
    opened: list[tuple[object, Path]] = []

    def launch() -> tuple[object, RequestLog]:
        profile = Path(tempfile.mkdtemp(prefix="samestory-lite-chromium-"))
        log = RequestLog()
        context = playwright_instance.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium_path),
            args=chromium.CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            locale="en-US",
            timezone_id="UTC",
            accept_downloads=True,
        )
        opened.append((context, profile))
        context.set_default_timeout(30_000)
        context.on("request", lambda request: log.record(request.url))
        context.on("page", lambda page: page.on("websocket", lambda ws: log.record(ws.url)))

        def keep_on_machine(route) -> None:
            if is_loopback(route.request.url):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context.route("**/*", keep_on_machine)
        return context, log

    try:
        yield launch
    finally:
        for context, profile in opened:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(browsers: Callable) -> tuple[object, RequestLog]:
    """One fresh Chromium for the test: (context, request log)."""
    return browsers()
