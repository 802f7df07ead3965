"""`hub_url` in [tool.samestory]: an nbgitpuller link per module in modules/README.md."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from generator.links import LinkSettings, hub_link, module_links

REPO = Path(__file__).resolve().parents[1]


def test_an_nbgitpuller_link_clones_the_repository_and_opens_the_module():
    settings = LinkSettings("school/media-literacy", "main", "https://x/", "https://hub.example/")
    link = module_links(settings, "a-story", "01-x y.ipynb")["hub"]
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://hub.example/hub/user-redirect/git-pull"
    )
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {
        "repo": "https://github.com/school/media-literacy",
        "branch": "main",
        "urlpath": "lab/tree/media-literacy/modules/a-story/01-x y.ipynb",
    }


def test_a_git_url_elsewhere_names_the_clone_folder():
    settings = LinkSettings(
        "a/b", "dev", "https://x/", "https://hub", "https://git.example/c/d.git"
    )
    query = parse_qs(urlsplit(hub_link(settings, "modules/s/01-m.ipynb")).query)
    assert query["repo"] == ["https://git.example/c/d.git"]
    assert query["urlpath"] == ["lab/tree/d/modules/s/01-m.ipynb"]
    assert query["branch"] == ["dev"]


def test_without_hub_url_there_is_no_hub_link_and_the_index_is_unchanged():
    settings = LinkSettings("a/b", "main", "https://x/")
    assert "hub" not in module_links(settings, "s", "01-m.ipynb")
    index = (REPO / "modules" / "README.md").read_text(encoding="utf-8")
    assert "JupyterHub" not in index


def test_the_built_index_carries_a_working_hub_link(tmp_path):
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.samestory]\nrepository = "school/course"\nbranch = "main"\n'
        'lite_url = "https://x/"\nhub_url = "https://hub.school.example"\n',
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "corpus", "--out", "modules"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    index = (tmp_path / "modules" / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\[open on the school's JupyterHub\]\(([^)]+)\)", index)
    notebooks = sorted((tmp_path / "modules").rglob("*.ipynb"))
    assert len(links) == len(notebooks) > 0
    for link, notebook in zip(links, notebooks, strict=True):
        urlpath = parse_qs(urlsplit(html.unescape(link)).query)["urlpath"][0]
        assert unquote(urlpath) == f"lab/tree/course/{notebook.relative_to(tmp_path).as_posix()}"
