"""Fixtures for the real-browser tests (Playwright driving Debian's Chromium).

One JupyterLab server (with Voila) and one browser per test session. The server
comes from the development venv by default; `make binder-check` points
SAMESTORY_JUPYTER_PREFIX at the venv built from binder/ instead, so the same tests
then check what Binder serves to students.

Chromium missing: skipped outside CI (with the command that installs it); a failure
when CI=true or SAMESTORY_REQUIRE_BROWSER=1, because a CI run that skips these tests
proves nothing about the student's path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import chromium
import pytest
from browser_axe import AxeUnavailable, axe_script
from browser_paths import ARTIFACTS, REPO, SCREENSHOTS, missing
from browser_server import JupyterServer, start_server

__all__ = ["ARTIFACTS", "REPO", "SCREENSHOTS", "missing"]  # as before the split

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return chromium.require_chromium("CI / binder-check")


@pytest.fixture(scope="session")
def jupyter_prefix() -> Path:
    """The venv that serves the modules: Binder's stand-in or the development one."""
    prefix = Path(os.environ.get("SAMESTORY_JUPYTER_PREFIX", sys.prefix)).resolve()
    if not (prefix / "bin" / "jupyter-lab").is_file():
        pytest.fail(f"{prefix} has no bin/jupyter-lab (SAMESTORY_JUPYTER_PREFIX)", pytrace=False)
    return prefix


# Where reset_module() takes a module nobody has answered from: the repository's
# modules/, or a fresh build of its corpus (SAMESTORY_BROWSER_FRESH_BUILD=1).
_PRISTINE = {"root": REPO}
FRESH_BUILD_VARIABLE = "SAMESTORY_BROWSER_FRESH_BUILD"


def build_modules(out: Path) -> None:
    """`python -m generator build corpus --out OUT` with this checkout's generator."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", "corpus", "--out", str(out)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"python -m generator build failed:\n{done.stderr}"


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of modules/ for the server, so saves and answer logs never touch the repo.

    Kept at the same relative path (modules/<story>/...) as in a Binder checkout,
    so the URLs the tests open are the ones in modules/README.md. With
    SAMESTORY_BROWSER_FRESH_BUILD=1, a fresh build of corpus/ instead: what the
    committed modules will be once rebuilt (DESIGN.md: they must be equal).
    """
    source = REPO
    if os.environ.get(FRESH_BUILD_VARIABLE):
        source = tmp_path_factory.mktemp("fresh-build")
        build_modules(source / "modules")
    notebooks = sorted((source / "modules").glob("*/*.ipynb"))
    if not notebooks:
        missing("modules/ has no notebooks yet: run `make modules`")
    _PRISTINE["root"] = source
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(
        source / "modules", root / "modules", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    return root


@pytest.fixture(scope="session")
def jupyter_server(
    chromium_path: Path, jupyter_prefix: Path, served_root: Path
) -> Iterator[JupyterServer]:
    state = Path(tempfile.mkdtemp(prefix="samestory-jupyter-"))
    shipped_overrides = jupyter_prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if shipped_overrides.is_file():
        user_settings = None  # Binder venv: test exactly what postBuild installed
    else:
        user_settings = json.loads((REPO / "binder" / "overrides.json").read_text("utf-8"))
    # The development venv's editable install may point at another checkout (a git
    # worktree): its kernels must run this checkout's runtime. Binder's venv runs
    # what it installed.
    development = jupyter_prefix == Path(sys.prefix).resolve()
    server = start_server(
        jupyter_prefix=jupyter_prefix,
        root_dir=served_root,
        state_dir=state,
        log_path=ARTIFACTS / "jupyter-server.log",
        user_settings=user_settings,
        python_path=REPO if development else None,
    )
    try:
        check_kernel_comes_from(server, jupyter_prefix)
        yield server
    finally:
        server.stop()
        shutil.rmtree(state, ignore_errors=True)


def check_kernel_comes_from(server: JupyterServer, prefix: Path) -> None:
    """The kernel must run the served venv's Python (and so its samestory install)."""
    specs = server.api("/api/kernelspecs")
    default = specs["default"]  # type: ignore[index]
    argv = specs["kernelspecs"][default]["spec"]["argv"]  # type: ignore[index]
    executable = Path(argv[0])
    if executable.name.startswith("python") and not executable.is_absolute():
        return  # "python" resolved on the server's PATH, which starts with prefix/bin
    if prefix not in executable.resolve().parents and executable.parent != prefix / "bin":
        pytest.fail(f"default kernel runs {executable}, not a Python from {prefix}")


class BrowserSession:
    """Playwright and one Chromium (a new empty profile), started on first use.

    Not a plain session fixture: Playwright's sync API allows one running instance
    per thread, and other test folders (tests/lite) start their own. So the browser
    is stopped as soon as the run leaves tests/browser (see pytest_runtest_teardown
    below) and started again if a later test here needs it.
    """

    def __init__(self, chromium: Path) -> None:
        self.chromium = chromium
        self._playwright = None
        self._context = None
        self._profile: Path | None = None
        self.pages: ModulePages | None = None
        self._students = None  # a second Chromium for student contexts (new_student)

    def context(self):
        if self._context is None:
            from browser_guards import NetworkGuard
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            self._profile = Path(tempfile.mkdtemp(prefix="samestory-chromium-"))
            # A persistent context, because Playwright refuses --user-data-dir in args.
            self._context = self._playwright.chromium.launch_persistent_context(
                str(self._profile),
                executable_path=str(self.chromium),
                args=chromium.CHROMIUM_ARGS,
                headless=True,
                viewport=DESKTOP_VIEWPORT,
                locale="en-US",
                timezone_id="UTC",
            )
            self._context.set_default_timeout(30_000)
            self._context.network_guard = NetworkGuard(self._context)
        return self._context

    def new_student(self):
        """A browser context of its own (no cookies, no storage shared with the others):
        another student at another computer. Closed by the caller."""
        from browser_guards import NetworkGuard

        self.context()  # starts Playwright
        if self._students is None:
            self._students = self._playwright.chromium.launch(
                executable_path=str(self.chromium), args=chromium.CHROMIUM_ARGS, headless=True
            )
        context = self._students.new_context(
            viewport=DESKTOP_VIEWPORT, locale="en-US", timezone_id="UTC", accept_downloads=True
        )
        context.set_default_timeout(30_000)
        context.network_guard = NetworkGuard(context)
        return context

    def stop(self) -> None:
        if self._students is not None:
            self._students.close()
            self._students = None
        if self.pages is not None:
            self.pages.close()
            self.pages = None
        if self._context is not None:
            unattributed = list(self._context.network_guard.unattributed)
            self._context.close()
            self._playwright.stop()
            shutil.rmtree(self._profile, ignore_errors=True)
            self._context = self._playwright = self._profile = None
            assert not unattributed, f"requests outside loopback from no page: {unattributed}"


_BROWSER_SESSIONS: list[BrowserSession] = []


@pytest.fixture(scope="session")
def browser_session(chromium_path: Path) -> Iterator[BrowserSession]:
    session = BrowserSession(chromium_path)
    _BROWSER_SESSIONS.append(session)
    yield session
    session.stop()
    _BROWSER_SESSIONS.remove(session)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Stop our Chromium when the next test is not one of ours (or there is none);
    after a failure, drop the shared module page: it may be left in any state.
    After the test's own fixtures are torn down (they may still close pages)."""
    try:
        return (yield)
    finally:
        here = Path(__file__).parent
        if nextitem is None or here not in Path(nextitem.path).parents:
            for session in _BROWSER_SESSIONS:
                session.stop()
        elif item.stash.get(_FAILED, False):
            for session in _BROWSER_SESSIONS:
                if session.pages is not None:
                    session.pages.close()


@pytest.fixture
def open_page(browser_session: BrowserSession) -> Iterator[Callable]:
    """``open_page(label)`` -> (page, events) in our Chromium; closed after the test."""
    pages = []

    def factory(label: str):
        context = browser_session.context()
        page = context.new_page()
        pages.append(page)
        return page, context.network_guard.watch(page, label)

    yield factory
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    try:
        return axe_script(REPO / ".cache")
    except AxeUnavailable as error:
        missing(f"axe-core could not be fetched: {error}")


@pytest.fixture(scope="session")
def answer_key(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`python -m generator key`: {story: {module: {qid: {"kind", "answer"}}}}."""
    out = tmp_path_factory.mktemp("key") / "key.json"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "key", "corpus", "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"python -m generator key failed:\n{done.stderr}"
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def modules(served_root: Path) -> dict:
    """(story, module) -> ModuleFile, for every notebook served."""
    from browser_modules import module_files

    return module_files(served_root)


def reset_module(served_root: Path, module) -> None:
    """Give the next page a module nobody has answered: the committed notebook, and
    no answer log next to it (the runtime would bring earlier answers back)."""
    served = served_root / module.path
    shutil.copyfile(_PRISTINE["root"] / module.path, served)
    for log in served.parent.glob("*.samestory-log.jsonl"):
        log.unlink()


class ModulePages:
    """Opens modules in a frontend, one page at a time, and reuses the open one.

    Opening a module costs a kernel start (6-12 s), so the tests that need the same
    module in the same frontend share its page; asking for another one closes the
    page and stops its kernel first (the machine has two cores).
    """

    def __init__(self, browser: BrowserSession, server: JupyterServer, served_root: Path) -> None:
        self.browser, self.server, self.served_root = browser, server, served_root
        self.current = None  # (key, ModulePage)

    def reset(self, module) -> None:
        """The module as nobody has answered it (see :func:`reset_module`)."""
        reset_module(self.served_root, module)

    def get(self, frontend: str, module, *, fresh: bool = False):
        from browser_pages import ModulePage

        key = (frontend, module.path)
        if self.current and self.current[0] == key and not fresh:
            return self.current[1]
        self.close()
        reset_module(self.served_root, module)
        context = self.browser.context()
        page = context.new_page()
        events = context.network_guard.watch(page, f"{frontend} {module.path}")
        try:
            opened = ModulePage.open(frontend, page, self.server, module, events)
        except BaseException:
            page.close()
            self.server.shutdown_kernels()
            raise
        self.current = (key, opened)
        return opened

    def close(self) -> None:
        if self.current:
            self.current[1].page.close()
            self.current = None
            self.server.shutdown_kernels()


@pytest.fixture
def module_pages(browser_session: BrowserSession, jupyter_server, served_root) -> ModulePages:
    """The open-module cache; kept across tests, closed with the browser."""
    if browser_session.pages is None:
        browser_session.pages = ModulePages(browser_session, jupyter_server, served_root)
    return browser_session.pages
