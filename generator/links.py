"""The index of built modules (``modules/README.md``) and its launch links.

Links need the repository that serves the modules: ``[tool.samestory]`` in the
``pyproject.toml`` of the repository holding the corpus (found by walking up from
the corpus folder) gives ``repository`` (GitHub owner/name), ``branch`` and
``lite_url`` (the JupyterLite site). Without it the index has no links and says so.
Optionally ``hub_url`` (a school's JupyterHub) adds an nbgitpuller link per module,
which clones ``git_url`` (default: the GitHub repository) into the student's home
on the hub and opens the module there (docs/jupyterhub.md).

Links always point at ``modules/`` in that repository, whatever ``--out`` was: the
committed folder is what Binder and the JupyterLite site serve, and a build into a
temporary folder must give the same bytes as the committed one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .templating import render

MODULES_FOLDER = "modules"
INDEX_MARKER = "<!-- samestory: generated index of modules -->"


@dataclass(frozen=True)
class LinkSettings:
    repository: str
    branch: str
    lite_url: str
    hub_url: str | None = None
    git_url: str | None = None  # what the hub clones; default https://github.com/<repository>

    @property
    def clone_url(self) -> str:
        return self.git_url or f"https://github.com/{self.repository}"

    @property
    def clone_folder(self) -> str:
        """The folder nbgitpuller clones into: the repository's name, as git names it."""
        name = self.clone_url.rstrip("/").rsplit("/", 1)[-1]
        return name.removesuffix(".git") or "samestory"


def find_settings(corpus: Path) -> LinkSettings | None:
    """``[tool.samestory]`` of the nearest pyproject.toml at or above ``corpus``."""
    for folder in [corpus.resolve(), *corpus.resolve().parents]:
        pyproject = folder / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            return None
        settings = tool.get("samestory", {})
        keys = ("repository", "branch", "lite_url")
        if not all(isinstance(settings.get(k), str) and settings[k] for k in keys):
            return None
        optional = {k: settings.get(k) for k in ("hub_url", "git_url")}
        return LinkSettings(
            *(settings[k] for k in keys),
            **{k: v for k, v in optional.items() if isinstance(v, str) and v},
        )
    return None


def module_links(settings: LinkSettings, story: str, file: str) -> dict[str, str]:
    binder = f"https://mybinder.org/v2/gh/{settings.repository}/{settings.branch}"
    path = f"{MODULES_FOLDER}/{story}/{file}"
    lite = settings.lite_url if settings.lite_url.endswith("/") else settings.lite_url + "/"
    links = {
        "lab": f"{binder}?urlpath=lab/tree/{path}",
        "voila": f"{binder}?urlpath=voila/render/{path}",
        "lite": f"{lite}lab/index.html?path={story}/{file}",
    }
    if settings.hub_url:
        links["hub"] = hub_link(settings, path)
    return links


def hub_link(settings: LinkSettings, path: str) -> str:
    """An nbgitpuller link: log in to the hub, clone (or update) the repository into
    the student's home, open the module in JupyterLab. nbgitpuller merges updates
    without overwriting what the student changed, so a saved notebook survives."""
    query = urlencode(
        {
            "repo": settings.clone_url,
            "branch": settings.branch,
            "urlpath": f"lab/tree/{settings.clone_folder}/{path}",
        }
    )
    return f"{settings.hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def index_markdown(
    stories: list[tuple[Any, list[tuple[str, dict[str, Any]]]]], settings: LinkSettings | None
) -> str:
    """The index of ``stories``: pairs of a Story and its (file name, module spec)s."""
    listed = [
        {
            "title": story.title,
            "summary": story.summary,
            "modules": [
                {
                    "number": number,
                    "title": spec["title"],
                    "objectives": spec["objectives"],
                    "questions": len(spec["questions"]),
                    "role": spec.get("role", "practice"),
                    "file": file,
                    "path": f"{story.id}/{file}",
                    "links": module_links(settings, story.id, file) if settings else None,
                }
                for number, (file, spec) in enumerate(modules, start=1)
            ],
        }
        for story, modules in stories
    ]
    text = render("index.md.j2", stories=listed, settings=settings)
    return f"{INDEX_MARKER}\n{text.strip()}\n"
