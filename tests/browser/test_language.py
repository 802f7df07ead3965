"""A module written in Russian, in JupyterLab and in Voila, as a Russian-speaking
student sees it (issue 15, item 4).

The fixture story tests/fixtures/stories-ru/temirtau-voda is built with the real
command into the served folder (beside modules/, so the other browser tests never
pick it up), opened in each frontend, one question is answered wrong and then right
by mouse, and the page is read: the introduction, the button, the verdicts, the
progress (with its Russian plural) and the summary are Russian, and nothing is left
in English. Screenshots go to test-artifacts/screenshots/language-ru-*.png.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from browser_answers import answer_by_mouse
from browser_checks import page_problems, screenshot_from
from browser_modules import ModuleFile
from browser_pages import ModulePage
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

REPO = Path(__file__).resolve().parents[2]
STORIES = REPO / "tests" / "fixtures" / "stories-ru"
# English phrases that must not appear on the Russian page (the module's own
# interface; JupyterLab's menus stay English and are not looked at).
ENGLISH = ("Check", "Not yet", "Right", "questions checked", "Your score", "How to run")


@pytest.fixture(scope="module")
def russian_module(served_root: Path, tmp_path_factory) -> ModuleFile:
    out = tmp_path_factory.mktemp("ru-build") / "languages"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(STORIES), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"python -m generator build failed:\n{done.stderr}"
    served = served_root / "languages" / "temirtau-voda"
    served.mkdir(parents=True, exist_ok=True)
    notebook = served / "01-chi-slova.ipynb"
    notebook.write_bytes((out / "temirtau-voda" / "01-chi-slova.ipynb").read_bytes())
    return ModuleFile.read(served_root, notebook)


@pytest.mark.parametrize("frontend", ["lab", "voila"])
def test_russian_module_renders_and_answers_in_russian(
    frontend, russian_module, module_pages, browser_session, jupyter_server, screenshot_dir
):
    module_pages.close()  # one kernel at a time on a two-core machine
    for log in (jupyter_server.root_dir / "languages").rglob("*.samestory-log.jsonl"):
        log.unlink()
    context = browser_session.context()
    page = context.new_page()
    events = context.network_guard.watch(page, f"{frontend} {russian_module.path}")
    try:
        opened = ModulePage.open(frontend, page, jupyter_server, russian_module, events)
        check_russian_page(opened, frontend, screenshot_dir)
    finally:
        page.close()
        jupyter_server.shutdown_kernels()


def check_russian_page(opened: ModulePage, frontend: str, screenshot_dir: Path) -> None:
    module = opened.module
    panel = opened.panel
    rendered = panel.locator(".jp-RenderedMarkdown")
    expect(rendered.get_by_role("heading", name="Как запустить этот модуль")).to_be_visible()
    expect(rendered.filter(has_text="6 вопросов. Ваш прогресс:")).to_be_visible()
    question = module.question("houses/same-count")
    box = opened.question_box(question["id"])
    expect(box.get_by_role("button", name="Проверить", exact=True)).to_be_visible()
    screenshot_from(
        rendered.locator("h1").first, screenshot_dir / f"language-ru-{frontend}-1-top.png"
    )

    assert answer_by_mouse(opened, question, question["answer"], right=False) == "✗ Пока нет"
    expect(box.get_by_text("Подсказка:", exact=False).first).to_be_visible()
    screenshot_from(box, screenshot_dir / f"language-ru-{frontend}-2-wrong.png")
    assert answer_by_mouse(opened, question, question["answer"], right=True) == "✓ Верно"
    expect(panel.get_by_text("Проверено: 1 из 6 вопросов").first).to_be_visible()
    summary = opened.summary()
    expect(summary).to_contain_text("Ваш результат: 0 из 6 баллов")
    expect(summary).to_contain_text("Ещё не проверено 5 вопросов из 6.")
    screenshot_from(box, screenshot_dir / f"language-ru-{frontend}-3-right.png")
    screenshot_from(summary, screenshot_dir / f"language-ru-{frontend}-4-summary.png")

    shown = " ".join(
        opened.app.cell(i).inner_text()
        for i in [*module.question_cells.values(), module.summary_cell]
    )
    left = [phrase for phrase in ENGLISH if phrase in shown]
    assert not left, f"English left on the Russian page in {frontend}: {left}"
    problems = page_problems(opened)
    assert not problems, f"{frontend} page of {module.path}:\n" + "\n".join(problems)
