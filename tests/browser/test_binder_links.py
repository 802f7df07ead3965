"""The Binder links students click: modules/README.md, and where they land.

On mybinder.org a link ``https://mybinder.org/v2/gh/<repo>/<branch>?urlpath=<path>``
opens ``<path>`` on the student's own server. Here the same ``<path>`` is opened on
the local server (the stand-in for Binder): the index's JupyterLab link lands in the
module with its kernel ready; the Voila link is exactly the URL the question-kind
tests open. The README badge opens the index itself, rendered, from which a module
opens with one click.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from browser_modules import binder_links
from browser_pages import PAGE_LOAD_TIMEOUT_MS, LabNotebook, expect_visible
from browser_server import TOKEN
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

REPO = Path(__file__).resolve().parents[2]
INDEX = REPO / "modules" / "README.md"
# What the README's Binder badge opens (see docs/students.md).
BADGE_URLPATH = "lab/tree/modules/README.md"


def settings() -> dict:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["samestory"]


def test_index_has_a_lab_and_a_voila_link_for_every_module(modules):
    links = binder_links(INDEX.read_text(encoding="utf-8"))
    wanted = settings()
    assert links, "modules/README.md has no Binder links"
    for repository, branch, _urlpath in links:
        assert (repository, branch) == (wanted["repository"], wanted["branch"]), (
            "Binder links must use [tool.samestory] repository and branch from pyproject.toml"
        )
    urlpaths = sorted(urlpath for _repo, _branch, urlpath in links)
    expected = sorted(
        f"{frontend}/{module.path}"
        for module in modules.values()
        for frontend in ("lab/tree", "voila/render")
    )
    assert urlpaths == expected


def test_jupyterlab_link_lands_in_the_module_with_its_kernel_ready(
    modules, open_page, jupyter_server
):
    links = binder_links(INDEX.read_text(encoding="utf-8"))
    urlpath = next(path for _repo, _branch, path in links if path.startswith("lab/tree/"))
    module = next(m for m in modules.values() if urlpath == f"lab/tree/{m.path}")
    page, events = open_page("binder lab link")
    # Exactly what Binder opens: no workspace of our own, as a student's first visit.
    page.goto(f"{jupyter_server.base_url}/{urlpath}?token={TOKEN}", timeout=PAGE_LOAD_TIMEOUT_MS)
    notebook = LabNotebook(page, module.path)
    expect_visible(notebook.panel, f"the Binder link to open {module.path}", PAGE_LOAD_TIMEOUT_MS)
    title = notebook.panel.get_by_role("heading", name=module.spec["title"], exact=True)
    expect_visible(title, "the module's title", 30_000)
    notebook.fail_if_kernel_dialog_shown()
    notebook.wait_for_idle_kernel(f"the kernel of {module.path} to start")
    # binder/overrides.json: no "official Jupyter news?" prompt over the module.
    expect(page.get_by_text("Jupyter news", exact=False)).to_have_count(0)
    assert not events.blocked_requests, events.blocked_requests  # JupyterLab: none at all
    assert not events.console_errors_from_our_code(), events.console_errors_from_our_code()
    jupyter_server.shutdown_kernels()


def test_badge_opens_the_rendered_index_and_a_module_opens_from_it(
    modules, open_page, jupyter_server
):
    page, events = open_page("binder badge")
    page.goto(
        f"{jupyter_server.base_url}/{BADGE_URLPATH}?token={TOKEN}", timeout=PAGE_LOAD_TIMEOUT_MS
    )
    rendered = page.locator(".jp-RenderedMarkdown").filter(
        has=page.get_by_role("heading", name="samestory modules")
    )
    expect_visible(rendered, "modules/README.md rendered as a page (not as source)", 60_000)
    first = next(iter(modules.values()))
    link = rendered.get_by_role("link", name=Path(first.path).name, exact=True)
    link.click()
    notebook = LabNotebook(page, first.path)
    title = notebook.panel.get_by_role("heading", name=first.spec["title"], exact=True)
    expect_visible(title, f"{first.path} to open from the index", PAGE_LOAD_TIMEOUT_MS)
    notebook.wait_for_idle_kernel(f"the kernel of {first.path} to start")
    assert not events.blocked_requests, events.blocked_requests  # JupyterLab: none at all
    assert not events.console_errors_from_our_code(), events.console_errors_from_our_code()
    jupyter_server.shutdown_kernels()
