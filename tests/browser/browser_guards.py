"""What a page did besides showing the module: outside requests and console errors.

Every request to a host other than 127.0.0.1 is aborted (so nothing leaves the
machine, and a page that depends on a CDN fails visibly) and recorded, with the
page that made it, so that a test can assert which ones were attempted at all.
Console errors and uncaught page errors are recorded the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Request, Route

LOOPBACK_HOSTS = frozenset({"127.0.0.1"})

# Third-party assets that Voila 0.5.13 itself asks for on every page, whatever the
# notebook: the Font Awesome stylesheets its page template links
# (voila/templates/lab/index.html.j2) and MathJax 2, which its bundled
# @jupyterlab/mathjax2-extension loads from the URL in the page config
# (voila/utils.py) as soon as it typesets the first Markdown cell. Neither can be
# turned off by a Voila setting. They are blocked like every other outside request: the
# samestory runtime uses no icons and no mathematics, so the page looks and works
# the same. JupyterLab itself asks for nothing outside. Nothing else may be attempted.
KNOWN_THIRD_PARTY_PREFIXES = (
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@",
    "https://cdn.jsdelivr.net/npm/font-awesome@",
    "https://cdnjs.cloudflare.com/ajax/libs/mathjax/",
)


# Console errors of the platform, not of samestory, that a test may see. Each names
# where it comes from and why it is not ours to fix.
KNOWN_PLATFORM_CONSOLE_ERRORS = (
    # nbdime's JupyterLab extension (installed in the development venv by
    # pytest-notebook, absent from the Binder image) cannot load inside Voila, which
    # does not provide the editor module it needs.
    ("Shared module @jupyterlab/codeeditor doesn't exist", "/voila/labextensions/nbdime-"),
    # Notebook 7's JupyterLab extension (the test extras install Notebook 7, to test
    # the modules in it) cannot load inside Voila either: Voila does not share
    # @jupyterlab/docregistry with extensions. Voila works without it.
    (
        "The getter for the shared module is not a function",
        "/voila/labextensions/@jupyter-notebook/lab-extension/",
    ),
)


def is_known_platform_error(message: str) -> bool:
    return any(all(part in message for part in parts) for parts in KNOWN_PLATFORM_CONSOLE_ERRORS)


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "chrome-extension"}:
        return True  # never leaves the browser
    return parts.hostname in LOOPBACK_HOSTS


def is_known_third_party(url: str) -> bool:
    return url.startswith(KNOWN_THIRD_PARTY_PREFIXES)


@dataclass
class PageEvents:
    """Recorded for one page."""

    label: str
    blocked_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def unexpected_requests(self) -> list[str]:
        return [url for url in self.blocked_requests if not is_known_third_party(url)]

    def console_errors_from_our_code(self) -> list[str]:
        """Console errors, minus the browser's own report of each request we blocked.

        Chromium logs "Failed to load resource: net::ERR_BLOCKED_BY_CLIENT" for
        every request we aborted; that is the blocking working, not an error of the
        page (the requests themselves are checked separately).
        """
        return [
            message
            for message in self.console_errors
            if not (
                "net::ERR_BLOCKED_BY_CLIENT" in message
                and any(url in message for url in self.blocked_requests)
            )
            and not is_known_platform_error(message)
        ]


class NetworkGuard:
    """Installed once per browser context; hands out a PageEvents per page."""

    def __init__(self, context: BrowserContext) -> None:
        self.events_by_page: dict[Page, PageEvents] = {}
        # Requests from no watched page (a service worker, say): still failures.
        self.unattributed: list[str] = []
        context.route("**/*", self._route)
        # Websockets are not routed by context.route; kernels use loopback ones.
        context.route_web_socket(lambda url: not is_loopback(url), self._refuse_websocket)

    def _refuse_websocket(self, websocket) -> None:
        self.unattributed.append(websocket.url)
        websocket.close()

    def _route(self, route: Route, request: Request) -> None:
        if is_loopback(request.url):
            route.continue_()
            return
        try:
            events = self.events_by_page.get(request.frame.page)
        except Error:  # a service worker's request has no frame
            events = None
        if events is not None:
            events.blocked_requests.append(request.url)
        else:  # a service worker or a page we do not watch: keep it somewhere visible
            self.unattributed.append(request.url)
        route.abort("blockedbyclient")

    def watch(self, page: Page, label: str) -> PageEvents:
        events = PageEvents(label)
        self.events_by_page[page] = events

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                location = message.location.get("url", "")
                events.console_errors.append(f"{message.text} (at {location})")

        def on_page_error(error: Error) -> None:
            events.console_errors.append(f"uncaught: {error.message}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        return events
