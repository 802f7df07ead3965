"""The runtime's learner-facing phrases, rendered at build time.

templates/runtime_text.yaml.j2 renders to a YAML mapping of phrase key → phrase;
the result goes into each module spec as ``"text"`` (docs/internals.md), so the
kernel needs neither jinja2 nor yaml. Phrases may hold ``str.format`` fields that the
runtime fills in (``{score}``); generator/runtime/phrases.py lists the keys it needs
and the fields each may use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined

from .i18n import TranslatingLoader, plural_spec

TEMPLATE = "runtime_text.yaml.j2"


def templates_folder() -> Path:
    """``generator/_templates`` in an installed wheel, else the repository's templates/."""
    package = Path(__file__).resolve().parent
    shipped = package / "_templates"
    return shipped if shipped.is_dir() else package.parent / "templates"


def _format_literal(value: Any) -> str:
    # A value put into a phrase must not become a str.format field of its own.
    return str(value).replace("{", "{{").replace("}", "}}")


def runtime_text(context: dict[str, Any]) -> dict[str, str]:
    """Every runtime phrase for ``context`` (e.g. ``{"language": "en"}``), in that
    language (English where its catalog has no translation)."""
    env = Environment(
        loader=TranslatingLoader(templates_folder(), context.get("language") or "en"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # plain text: the runtime escapes what it shows
    )
    env.filters["format_literal"] = _format_literal
    rendered = env.get_template(TEMPLATE).render(**context)
    text = yaml.safe_load(rendered)
    if not isinstance(text, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in text.items()
    ):
        raise ValueError(f"{TEMPLATE} must render to a mapping of phrase key -> text")
    return text


def plural_text(language: str, text: dict[str, str]) -> dict[str, Any]:
    """``{"plural_forms": <Plural-Forms header>, "text_plural": {key: {"count", "forms"}}}``
    for the phrases of ``text`` that hold a count (templates/plural_text.yaml.j2)."""
    return plural_spec(language, text, templates_folder())
