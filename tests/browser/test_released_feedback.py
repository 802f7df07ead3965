"""A released test-feedback page, as a learner opens it: in Chromium, on a laptop and
a phone; nothing requested from anywhere; no serious accessibility problem.

The page is made by the real CLI (`python -m generator feedback`) from a results
record answered through the learner API (see tests/test_feedback_pages.py)."""

from __future__ import annotations

import pytest
from browser_axe import serious_violations
from browser_paths import SCREENSHOTS
from feedback_helpers import (
    TEST_MODULE,
    answered,
    hand_in,
    module_specs_of,
    pretest_corpus,
    run_feedback,
)

pytestmark = pytest.mark.browser

_VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def released_page(tmp_path_factory) -> str:
    """Ana's pretest page: questions 1 and 3 wrong, question 4 not answered."""
    root = tmp_path_factory.mktemp("released")
    corpus = pretest_corpus(root)
    specs = module_specs_of(corpus)
    record = answered(specs[TEST_MODULE], "Ana P.", root / "log", {0, 2}, skip={3})
    hand_in(root / "in", "ana.json", record)
    done = run_feedback(corpus, root / "out", root / "in")
    assert done.returncode == 0, done.stderr
    return (root / "out" / f"ana-p--{TEST_MODULE}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("viewport", sorted(_VIEWPORTS))
def test_a_released_page_reads_well_and_asks_nothing_of_the_network(
    viewport, released_page, open_page, axe_path
):
    page, events = open_page(f"feedback-{viewport}")
    page.set_viewport_size(_VIEWPORTS[viewport])
    page.set_content(released_page, wait_until="load")
    assert page.locator("h1").inner_text().strip()
    assert page.locator("section.samestory-released").count() >= 4
    assert page.get_by_text("Not answered.").count() == 1
    # Nothing wider than the window: a learner on a phone never scrolls sideways.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{overflow}px wider than the {viewport} window"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"feedback-page-{viewport}.png")
    page.locator("section.samestory-released").first.locator(
        ".samestory-feedback"
    ).scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"feedback-page-{viewport}-first-answer.png")
    page.add_script_tag(path=str(axe_path))
    results = page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations']})"
    )
    assert not serious_violations(results), "\n".join(serious_violations(results))
    assert events.blocked_requests == [], events.blocked_requests
    assert events.console_errors_from_our_code() == []
