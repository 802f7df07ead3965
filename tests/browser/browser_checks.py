"""Checks every module page must pass, shared by the browser tests."""

from __future__ import annotations

from pathlib import Path

from browser_axe import serious_violations
from browser_pages import ModulePage, error_outputs
from playwright.sync_api import Locator

PHONE_VIEWPORT = {"width": 390, "height": 844}

# Elements inside `root` that scroll sideways, or stick out of the window on the
# right: either way a student on a phone would have to scroll horizontally.
_HORIZONTAL_OVERFLOW_JS = """
(root) => {
  const limit = document.documentElement.clientWidth;
  const describe = (el) => {
    const cls = (el.className && el.className.baseVal === undefined) ? el.className : "";
    const text = (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    return `<${el.tagName.toLowerCase()} class="${cls}"> ${JSON.stringify(text)}`;
  };
  const problems = [];
  for (const el of [root, ...root.querySelectorAll("*")]) {
    if (el.getClientRects().length === 0) continue;  // not rendered (closed <details>)
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1 && ["auto", "scroll"].includes(style.overflowX)) {
      problems.push(`scrolls sideways (${el.scrollWidth} > ${el.clientWidth} px): ${describe(el)}`);
    } else if (box.right > limit + 1) {
      const right = Math.round(box.right);
      problems.push(`ends at x=${right} past the ${limit} px window: ${describe(el)}`);
    }
  }
  const page = document.scrollingElement;
  if (page.scrollWidth > page.clientWidth + 1) {
    const sizes = `${page.scrollWidth} > ${page.clientWidth} px`;
    problems.push(`the page itself scrolls sideways (${sizes})`);
  }
  return problems.slice(0, 15);
}
"""


def screenshot_from(locator: Locator, path: Path) -> None:
    """What the student sees with ``locator`` scrolled to the top of the window.

    A window-sized picture, not an element screenshot: Chromium leaves the parts of
    a tall element that lie outside the window blank in element screenshots.
    """
    locator.evaluate("(element) => element.scrollIntoView({block: 'start'})")
    locator.page.screenshot(path=path)


def horizontal_overflow(box: Locator) -> list[str]:
    return box.evaluate(_HORIZONTAL_OVERFLOW_JS)


def axe_violations(opened: ModulePage, box: Locator, axe_path: Path) -> list[str]:
    """Serious/critical axe-core findings inside one of our widget boxes."""
    if not opened.page.evaluate("() => typeof window.axe !== 'undefined'"):
        opened.page.add_script_tag(path=str(axe_path))
    results = box.evaluate(
        "async (element) => await window.axe.run(element, {resultTypes: ['violations']})"
    )
    return serious_violations(results)


# Everything the module's (hidden) code cells show: name field, source cards,
# progress, questions with their feedback, summary, results record, download link.
OUR_OUTPUTS = ".jp-CodeCell .jp-OutputArea-output"


def axe_violations_in_outputs(opened: ModulePage, axe_path: Path) -> list[str]:
    """Serious/critical axe-core findings in all our cells' outputs at once."""
    if not opened.page.evaluate("() => typeof window.axe !== 'undefined'"):
        opened.page.add_script_tag(path=str(axe_path))
    results = opened.page.evaluate(
        "async (selector) => await window.axe.run({include: [[selector]]},"
        " {resultTypes: ['violations']})",
        OUR_OUTPUTS,
    )
    return serious_violations(results)


def page_problems(opened: ModulePage) -> list[str]:
    """What must never be on a module page: error output in a cell, visible code,
    requests leaving loopback (beyond the known Voila assets), console errors."""
    problems = []
    errors = error_outputs(opened.panel)
    if errors.count():
        problems.append(f"error output in a cell: {errors.first.inner_text()[:500]!r}")
    editors = opened.app.visible_code_editors().count()
    if editors:
        problems.append(f"{editors} code cell input(s) visible (they must be hidden)")
    # Only Voila's own known CDN assets are tolerated (browser_guards explains them);
    # JupyterLab asks for nothing outside, so there every outside request is a problem.
    outside = (
        opened.events.blocked_requests
        if opened.frontend == "lab"
        else opened.events.unexpected_requests()
    )
    problems += [f"request outside loopback: {url}" for url in outside]
    problems += [
        f"console error: {message[:500]}"
        for message in opened.events.console_errors_from_our_code()
    ]
    return problems
