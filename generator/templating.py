"""The one Jinja environment for learner- and teacher-facing text.

Templates live in the repository's ``templates/`` folder (a wheel ships them as
``generator/_templates``). Escaping depends on what a template produces, chosen by
its file name:

``*.md.j2``   Markdown cells and the Markdown key: every interpolated value is
              HTML-escaped *and* Markdown-escaped, so corpus text such as
              ``<script>``, ``*bold*``, ``[a](b)``, ``# h``, ``|`` or ``$x$`` shows
              literally instead of becoming markup, links or maths.
``*.html.j2`` HTML (the printable key): HTML-escaped (Jinja autoescaping).
``*.txt.j2``  plain text (prompts, figure labels): not escaped, because whoever
              displays it (the runtime's widgets) escapes it itself.

Markdown escaping runs in ``finalize``, i.e. on the value of every ``{{ … }}``
expression. A value that is already ``Markup`` (the output of another template's
macro, which escaped its own values) passes through unchanged; so in ``*.md.j2``
templates do not build Markup out of raw corpus text with filters such as
``join`` or ``safe`` — call a macro, or interpolate each value on its own.

There is one environment per language: its loader translates phrase and macro
templates as it loads them, and ``{% trans %}`` blocks use that language's catalog
(:mod:`generator.i18n`). ``render`` and ``macro`` use the language in force
(``with i18n.speaking(story.language): …``), English by default.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .i18n import TranslatingLoader, current_language, install

# CommonMark lets any ASCII punctuation be backslash-escaped. These are the ones that
# can start or take part in Markdown, GFM or JupyterLab syntax: emphasis, code, links,
# images, headings, lists ("1." "1)" "-" "+"), tables, strikethrough, setext underlines
# ("==="), autolinks ("https:" "www." "a@b.c") and maths ("$x$"). & < > become HTML
# entities instead, so that raw HTML never forms. Quotes and commas are left alone so
# the cell source stays readable.
_MARKDOWN_SYNTAX = re.compile(r"([!#$()*+\-.:=@\[\\\]^_`{|}~])")
_WHITE_SPACE = re.compile(r"\s+")


def templates_folder() -> Path:
    """``generator/_templates`` in an installed wheel, else the repository's templates/."""
    package = Path(__file__).resolve().parent
    shipped = package / "_templates"
    return shipped if shipped.is_dir() else package.parent / "templates"


def escape_markdown(value: object) -> Markup:
    """``value`` as Markdown source that renders as exactly its text, on one line.

    White space runs fold to one space: a newline or leading indentation inside a
    value could otherwise end a heading or start a code block.
    """
    text = _MARKDOWN_SYNTAX.sub(r"\\\1", _WHITE_SPACE.sub(" ", str(value)).strip())
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    if isinstance(value, Markup) or not (context.name or "").endswith(".md.j2"):
        return value
    return escape_markdown(value)


def url(value: object) -> Markup:
    """A URL for a Markdown link destination: anything that could end it is encoded."""
    return Markup(quote(str(value), safe=":/?=#%@+,;~&").replace("&", "&amp;"))


def _autoescape(name: str | None) -> bool:
    return bool(name) and name.endswith((".md.j2", ".html.j2"))


@cache
def environment(language: str = "en") -> Environment:
    env = Environment(
        loader=TranslatingLoader(templates_folder(), language),
        undefined=StrictUndefined,
        auto_reload=False,  # templates do not change during a build: no stat() per call
        autoescape=_autoescape,
        keep_trailing_newline=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url"] = url
    return install(env, language)


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` (a path under templates/) with ``context``."""
    return environment(current_language()).get_template(name).render(**context)


def macro(name: str, macro_name: str):
    """A macro of a template, callable from Python: ``macro("prompts.txt.j2", "origin")``,
    in the language in force."""
    return _macro(name, macro_name, current_language())


@cache
def _macro(name: str, macro_name: str, language: str):
    return getattr(environment(language).get_template(name).module, macro_name)
