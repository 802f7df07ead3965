"""Round trip: answers given in JupyterLab, saved with Ctrl+S, graded by the export.

A student types a name and answers every question of a module (every other one
wrong first, so the score is neither 0 nor full), saves with Ctrl+S; the grader
runs `python -m generator export` on the saved file. The gradebook's score must be
the score the student's summary showed, and both the one the answers deserve.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_answers import answer_by_mouse
from browser_checks import page_problems, screenshot_from
from browser_modules import modules_for_kinds
from build_helpers import export_gradebook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

REPO = Path(__file__).resolve().parents[2]
LEARNER = "Ana Round-Trip"


def score_in(text: str, phrase: str) -> tuple[float, int]:
    """(score, max_score) read back from text built from ``phrase``, e.g.
    "Your score: {score} of {max_score} points, {percent} %". The summary shows whole
    points: every answer here scores 0 or 1, so they are the exact score."""
    pattern = re.escape(phrase)
    pattern = pattern.replace(re.escape("{score}"), r"(?P<score>[0-9]+(?:\.[0-9]+)?)")
    pattern = pattern.replace(re.escape("{max_score}"), r"(?P<max>[0-9]+)")
    pattern = pattern.replace(re.escape("{percent}"), r"[0-9]+")
    found = re.search(pattern, text)
    assert found, f"no score like {phrase!r} in {text!r}"
    return float(found["score"]), int(found["max"])


def test_score_saved_in_jupyterlab_is_the_gradebook_score(
    modules, module_pages, answer_key, served_root, tmp_path, screenshot_dir
):
    cover = modules_for_kinds(modules)
    if "choice" not in cover:
        pytest.fail("no module in modules/ has a 'choice' question")
    module = cover["choice"][0]  # the module covering the most question kinds
    opened = module_pages.get("lab", module, fresh=True)
    key = answer_key[module.story][module.module]

    name_field = opened.panel.get_by_label(opened.phrase("learner_label"), exact=True)
    name_field.click()
    name_field.fill(LEARNER)
    name_field.press("Enter")  # the field takes the name on Enter

    deserved, graded = 0.0, 0
    for number, question in enumerate(module.spec["questions"]):
        right = number % 2 == 0 or question["kind"] == "reflect"
        answer_by_mouse(opened, question, key[question["id"]]["answer"], right=right)
        if question.get("graded", question["kind"] != "reflect"):
            graded += 1
            deserved += 1.0 if right else 0.0

    summary = opened.summary()
    summary_phrase = module.text["summary_score"]
    expect(summary, "waiting for the summary to show a score").to_contain_text(
        summary_phrase.split("{")[0]
    )
    shown_score, shown_max = score_in(summary.inner_text(), summary_phrase)
    screenshot_from(summary, screenshot_dir / "lab-round-trip-summary.png")
    assert (shown_score, shown_max) == (deserved, graded), (
        f"the summary shows {shown_score} of {shown_max}; the answers given deserve "
        f"{deserved} of {graded}"
    )

    opened.app.save()
    saved = served_root / module.path
    rows = export_gradebook(saved, tmp_path)
    assert len(rows) == 1, f"one learner and module expected in the gradebook: {rows}"
    row = rows[0]
    assert (row["learner"], row["story"], row["module"]) == (
        LEARNER,
        module.story,
        module.module,
    )
    assert (float(row["score"]), int(float(row["max_score"]))) == (shown_score, shown_max), (
        f"gradebook {row['score']} of {row['max_score']} != summary {shown_score} of {shown_max}"
    )

    problems = page_problems(opened)
    assert not problems, f"lab page of {module.path}:\n" + "\n".join(problems)


def test_results_downloaded_from_voila_are_what_the_gradebook_scores(
    modules, module_pages, answer_key, tmp_path
):
    """Voila cannot save the notebook: the student hands in the downloaded results."""
    module = modules_for_kinds(modules)["choice"][0]
    opened = module_pages.get("voila", module, fresh=True)
    key = answer_key[module.story][module.module]

    name_field = opened.panel.get_by_label(opened.phrase("learner_label"), exact=True)
    name_field.click()
    name_field.fill(LEARNER)
    name_field.press("Enter")
    # A few questions only: unanswered ones must count 0 in both places too.
    graded = [q for q in module.spec["questions"] if q.get("graded", q["kind"] != "reflect")]
    for number, question in enumerate(graded[:4]):
        answer_by_mouse(opened, question, key[question["id"]]["answer"], right=number != 1)
    summary = opened.summary()
    expect(summary, "waiting for the summary to show a score").to_contain_text(
        module.text["summary_score"].split("{")[0]
    )
    shown = score_in(summary.inner_text(), module.text["summary_score"])
    assert shown == (3.0, len(graded))

    link = opened.panel.get_by_role("link", name=opened.phrase("download_label"), exact=True)
    with opened.page.expect_download() as download_info:
        link.click()
    download = download_info.value
    results = tmp_path / download.suggested_filename
    download.save_as(results)
    (row,) = export_gradebook(results, tmp_path)
    assert row["learner"] == LEARNER
    assert (float(row["score"]), int(float(row["max_score"]))) == shown

    problems = page_problems(opened)
    assert not problems, f"voila page of {module.path}:\n" + "\n".join(problems)
