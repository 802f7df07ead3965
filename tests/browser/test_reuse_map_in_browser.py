"""The reuse map in a real browser (issue 12 item 5), in JupyterLab and in Voila.

Before the module's copy and quotation questions are answered the map only says when
it opens; answered by mouse, it opens by itself. A pair opened: its shared passages
side by side at 1280 px and one above the other at 390 px, with no sideways
scrolling, the changed words marked in bold and underlined (not by colour alone),
and no serious axe-core finding. Screenshots go to test-artifacts/screenshots/
(reuse-map-*.png).

Needs modules built with the map (``make modules``, or
SAMESTORY_BROWSER_FRESH_BUILD=1 for a fresh build of corpus/).
"""

from __future__ import annotations

import pytest
from browser_answers import answer_by_mouse
from browser_checks import PHONE_VIEWPORT, axe_violations, horizontal_overflow, screenshot_from
from playwright.sync_api import expect
from test_evidence_layout import close_left_sidebar

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

MODULE = ("kazakhstan-2022", "whose-words")
DESKTOP = {"width": 1280, "height": 800}
OPEN_TIMEOUT_MS = 20_000


def _box_of(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not rendered"
    return box


@pytest.mark.parametrize("frontend", ["lab", "voila"])
def test_the_map_opens_after_its_questions_side_by_side_then_stacked(
    frontend, modules, module_pages, answer_key, axe_path, screenshot_dir
):
    module = modules[MODULE]
    after = module.spec.get("reuse", {}).get("after")
    assert after, f"{module.path} has no reuse map: rebuild the modules (make modules)"
    opened = module_pages.get(frontend, module, fresh=True)
    page = opened.page
    page.set_viewport_size(DESKTOP)
    reuse = opened.panel.locator(".samestory-reuse").first
    expect(reuse, "waiting for the reuse map cell").to_be_visible()
    closed = reuse.inner_text()
    assert "opens here once you have answered" in closed
    assert not reuse.locator(".samestory-reuse-row").count()
    screenshot_from(reuse, screenshot_dir / f"reuse-map-{frontend}-0-closed.png")

    key = answer_key[module.story][module.module]
    for qid in after:
        answer_by_mouse(opened, module.question(qid), key[qid]["answer"], right=True)
    pair = reuse.locator("details").first
    expect(pair, "waiting for the map to open after its questions").to_be_visible(
        timeout=OPEN_TIMEOUT_MS
    )
    pair.locator("summary").first.click()
    row = pair.locator(".samestory-reuse-row").first
    expect(row).to_be_visible()
    mark = pair.locator("mark").first
    assert mark.evaluate("(el) => getComputedStyle(el).textDecorationLine") == "underline"
    assert int(mark.evaluate("(el) => getComputedStyle(el).fontWeight")) >= 600

    sides = row.locator(".samestory-reuse-side")
    left, right = _box_of(sides.nth(0)), _box_of(sides.nth(1))
    screenshot_from(row, screenshot_dir / f"reuse-map-{frontend}-1-desktop.png")
    assert abs(left["y"] - right["y"]) < 2 and right["x"] >= left["x"] + left["width"], (
        f"{frontend} at 1280 px: the two passages are not side by side ({left}, {right})"
    )
    violations = axe_violations(opened, reuse, axe_path)
    assert not violations, f"axe-core on the reuse map in {frontend}:\n" + "\n".join(violations)

    page.set_viewport_size(PHONE_VIEWPORT)
    if frontend == "lab":
        close_left_sidebar(page)
    top, below = _box_of(sides.nth(0)), _box_of(sides.nth(1))
    screenshot_from(row, screenshot_dir / f"reuse-map-{frontend}-2-phone.png")
    assert below["y"] >= top["y"] + top["height"] and abs(below["x"] - top["x"]) < 2, (
        f"{frontend} at 390 px: the two passages are not one above the other ({top}, {below})"
    )
    assert not horizontal_overflow(reuse), f"{frontend} at 390 px: the map scrolls sideways"
    page.set_viewport_size({"width": 1280, "height": 900})
