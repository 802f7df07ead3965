"""A school's JupyterHub, for real: two students log in, open a module through the
nbgitpuller link `make modules` wrote into modules/README.md, answer, save; the
teacher exports both students' notebooks from their home folders into one gradebook.

The hub is JupyterHub from PyPI with configurable-http-proxy from npm, the dummy
authenticator and the local process spawner (tests/browser/hub_server.py); the
course repository is a local git repository, as a school's would be on GitHub.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_answers import answer_by_mouse
from browser_modules import module_files
from browser_pages import LabNotebook, ModulePage, expect_visible
from browser_paths import REPO, SCREENSHOTS, missing
from hub_server import PASSWORD, HubUnavailable, leftover_processes, start_hub

pytestmark = pytest.mark.browser

STUDENTS = {"ana": ("Ana Pérez", True), "ben": ("Ben Okafor", False)}  # name, answers right
SPAWN_TIMEOUT_MS = 180_000
HUB_LINK = re.compile(r"\[open on the school's JupyterHub\]\(([^)]+)\)")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Teacher", "-c", "user.email=t@school.example", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def course_repository(root: Path, hub_url: str) -> Path:
    """A course repository as a teacher keeps it: the corpus, [tool.samestory] with
    hub_url, and the modules `make modules` built from them, committed on main."""
    repo = root / "course-repo"
    shutil.copytree(REPO / "corpus", repo / "corpus")
    (repo / "pyproject.toml").write_text(
        "[tool.samestory]\n"
        'repository = "school/course-repo"\n'
        'branch = "main"\n'
        'lite_url = "https://school.example/lite/"\n'
        f'hub_url = "{hub_url}"\n'
        f'git_url = "file://{repo}"\n',
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "corpus", "--out", "modules"],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Course modules")
    return repo


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub")
    try:
        started = start_hub(root, tuple(STUDENTS), REPO / ".cache", REPO)
    except HubUnavailable as error:
        missing(f"JupyterHub's proxy could not be installed: {error}")
    yield started
    started.stop()


def _log_in(page, hub, user: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(PASSWORD)
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(r".*/(hub/spawn|hub/home|user/).*"), timeout=SPAWN_TIMEOUT_MS)


def _work_through(page, events, hub, link: str, module, name: str, right: bool) -> float:
    """Open the module by its hub link, give a name, answer the first question, save."""
    page.goto(link, timeout=SPAWN_TIMEOUT_MS)
    notebook = LabNotebook(page, module.path)
    expect_visible(notebook.panel, f"JupyterLab on the hub to open {module.path}", SPAWN_TIMEOUT_MS)
    notebook.wait_for_idle_kernel("the kernel on the hub to start")
    done = notebook.cell(module.code_cells[-1]).locator(".jp-OutputArea-output").first
    notebook.run_all_cells(done, "the module's last cell to run on the hub")
    opened = ModulePage("lab", page, notebook, module, events)
    field = opened.panel.get_by_label(opened.phrase("learner_label"), exact=True)
    field.click()
    field.fill(name)
    field.press("Enter")
    question = module.spec["questions"][0]
    answer_by_mouse(opened, question, question["answer"], right=right)
    notebook.save()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"jupyterhub-{name.split()[0].lower()}.png")
    return 1.0 if right else 0.0


def test_two_students_on_a_real_hub_are_graded_from_their_folders(hub, open_page, tmp_path):
    repo = course_repository(hub.root, hub.url)
    index = (repo / "modules" / "README.md").read_text(encoding="utf-8")
    links = [html.unescape(link) for link in HUB_LINK.findall(index)]
    modules = module_files(repo)
    module = sorted(modules.values(), key=lambda m: m.path)[0]
    link = next(link for link in links if module.path.replace("/", "%2F") in link)
    assert link.startswith(f"{hub.url}/hub/user-redirect/git-pull?")

    deserved = {}
    for user, (name, right) in STUDENTS.items():
        page, events = open_page(f"hub-{user}")
        _log_in(page, hub, user)
        deserved[name] = _work_through(page, events, hub, link, module, name, right)
        assert events.blocked_requests == [], events.blocked_requests
        page.goto(f"{hub.url}/hub/logout")
        # nbgitpuller cloned the course into the student's own home, and the saved
        # notebook is there.
        assert (hub.home(user) / "course-repo" / module.path).is_file()

    grades = tmp_path / "grades.csv"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "export",
            # as docs/jupyterhub.md says: the module's notebook in every student's home
            *(str(hub.home(user) / "course-repo" / module.path) for user in STUDENTS),
            "--corpus",
            str(repo / "corpus"),
            "-o",
            str(grades),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(grades.read_text(encoding="utf-8"))))
    scores = {row["learner"]: float(row["score"]) for row in rows}
    assert scores == deserved
    for row in rows:  # from the saved notebook in each student's own folder
        assert "/home/" in row["file"] and row["file"].endswith(module.path), row["file"]

    hub.stop()
    assert leftover_processes(hub.root) == [], "the hub left processes behind"
