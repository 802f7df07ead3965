"""The index of built modules (``modules/README.md``) and its launch links.

Links need the repository that serves the modules: ``[tool.samestory]`` in the
``pyproject.toml`` of the repository holding the corpus (found by walking up from
the corpus folder) gives ``repository`` (GitHub owner/name), ``branch`` and
``lite_url`` (the JupyterLite site). Without it the index has no links and says so.

Links always point at ``modules/`` in that repository, whatever ``--out`` was: the
committed folder is what Binder and the JupyterLite site serve, and a build into a
temporary folder must give the same bytes as the committed one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .templating import render

MODULES_FOLDER = "modules"
INDEX_MARKER = "<!-- samestory: generated index of modules -->"


@dataclass(frozen=True)
class LinkSettings:
    repository: str
    branch: str
    lite_url: str


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
        return LinkSettings(*(settings[k] for k in keys))
    return None


def module_links(settings: LinkSettings, story: str, file: str) -> dict[str, str]:
    binder = f"https://mybinder.org/v2/gh/{settings.repository}/{settings.branch}"
    path = f"{MODULES_FOLDER}/{story}/{file}"
    lite = settings.lite_url if settings.lite_url.endswith("/") else settings.lite_url + "/"
    return {
        "lab": f"{binder}?urlpath=lab/tree/{path}",
        "voila": f"{binder}?urlpath=voila/render/{path}",
        "lite": f"{lite}lab/index.html?path={story}/{file}",
    }


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
