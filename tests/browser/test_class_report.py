"""The class report (``export --report``) in a real browser: opened from the file as
a teacher would open it, it asks for nothing outside itself, axe-core finds nothing
serious, it prints, and a screenshot is kept in test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_axe import serious_violations
from report_helpers import LESSON, POST, PRE, Answers, export, fixture_key, write_class


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    """A class of 24 with a pretest, a lesson (asked how sure) and a posttest."""
    folder = tmp_path_factory.mktemp("report")
    hand_ins = []
    for i in range(24):
        name = f"Learner {i:02d}" if i else "<b>Zoë</b> & co"  # markup in a name is text
        hand_ins += [
            Answers(name, PRE, 1 + i % 4),
            Answers(name, LESSON, i % 5, reflection="About 14 weeks.", sure=i % 2 == 0),
            Answers(name, POST, min(7, 2 + i % 4 + i % 3)),
        ]
    write_class(folder / "subs", fixture_key(), hand_ins)
    out = folder / "class.html"
    done = export(folder / "subs", folder, "--report", out)
    assert done.returncode == 0, done.stderr
    return out


def test_report_opens_from_the_file_with_no_outside_request_and_no_axe_finding(
    open_page, axe_path, screenshot_dir, report_file
):
    page, events = open_page("class report")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    url = report_file.as_uri()
    # The context's guard aborts everything outside loopback, file:// included; this
    # page lets exactly the report through, so any other request is blocked and listed.
    page.route(url, lambda route: route.continue_())
    page.goto(url)
    assert requests == [url]  # the page itself, nothing else: no font, style, image or script
    assert events.blocked_requests == []
    assert events.console_errors_from_our_code() == []

    assert page.get_by_role("heading", name="Class report").is_visible()
    assert page.get_by_role("img", name="Class mean mastery per move").is_visible()
    assert page.get_by_role("row", name="<b>Zoë</b> & co", exact=False).first.is_visible()
    page.screenshot(path=screenshot_dir / "class-report.png", full_page=False)

    page.add_script_tag(path=str(axe_path))
    results = page.evaluate("async () => await window.axe.run(document)")
    assert serious_violations(results) == []
    assert requests == [url]  # axe came from a script tag's content, not a request

    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
