"""Translations: gettext catalogs managed with Babel (docs/translating.md).

English is the source language. Three kinds of template text reach learners, and
each is extracted and translated without rewriting the template it lives in:

* *phrase files* (``runtime_text.yaml.j2``, ``moves.yaml.j2``): each ``key: "text"``
  line is one message, ``msgctxt`` = the key (``trace-the-original.name`` when
  nested) and ``msgid`` = the English text. ``plural_text.yaml.j2`` names the
  phrases that hold a count: they become plural messages whose English singular
  comes from there and whose English plural is the phrase itself.
* *macro files* (``prompts.txt.j2``): each macro body is one message, ``msgctxt`` =
  the macro name and ``msgid`` = the body's Jinja source (``{{ copy }}`` and
  ``{% if %}`` stay as they are in a translation).
* *prose templates* (``notebook.md.j2``): ``{% trans %}`` blocks of jinja2's i18n
  extension, extracted by Jinja's own Babel extractor.

For a story in another language the template *source* is translated message by
message when it is loaded (:class:`TranslatingLoader`), so the rendering code is
the same for every language. A message without a translation stays English (the
gettext convention); tests/test_translations.py lists any such message.

The language in force comes from :func:`speaking` (a context variable): the build
sets it per story and per notebook, and everything rendered inside uses it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

import yaml
from jinja2 import BaseLoader, Environment, FileSystemLoader

DOMAIN = "samestory"
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

PHRASE_FILES = ("runtime_text.yaml.j2", "moves.yaml.j2")
# Macro file -> prefix of its messages' msgctxt (macro names repeat across files).
MACRO_FILES = {"prompts.txt.j2": "", "key.txt.j2": "key."}
PLURAL_FILE = "plural_text.yaml.j2"

# `key: "text"` on one line (YAML double-quoted); keys may nest by indentation.
_PHRASE_LINE = re.compile(r'^(?P<indent> *)(?P<key>[A-Za-z0-9_-]+):(?P<gap> *)(?P<value>".*")\s*$')
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z0-9_-]+):\s*$")
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_MACRO = re.compile(
    r"\{%-?\s*macro\s+(?P<name>\w+)\((?P<args>[^)]*)\)\s*-?%\}(?P<body>.*?)\{%-?\s*endmacro\s*-?%\}",
    re.DOTALL,
)

_LANGUAGE: ContextVar[str] = ContextVar("samestory_language", default=SOURCE_LANGUAGE)


# ---------------------------------------------------------------- the language in force


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Render everything inside in ``language`` (a story's ``language`` code)."""
    token = _LANGUAGE.set(language or SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    return _LANGUAGE.get()


def is_source(language: str) -> bool:
    return base_language(language) == SOURCE_LANGUAGE


def base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


def shared_language(languages: Iterable[str | None]) -> str:
    """The one language of several stories (a page about all of them: the printable
    key, the class report, the feedback index), or English when they disagree or
    there are none."""
    found = {language or SOURCE_LANGUAGE for language in languages}
    return found.pop() if len(found) == 1 else SOURCE_LANGUAGE


# ---------------------------------------------------------------- catalogs


def translated_languages() -> list[str]:
    """Languages with a catalog (a ``.po``) in generator/locale; English needs none."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@cache
def catalog(language: str):
    """The compiled catalog (a ``babel.messages.Catalog``) for ``language``, or None
    for English and for a language nobody has translated yet."""
    from babel.messages.mofile import read_mo

    if is_source(language):
        return None
    for code in (language.replace("-", "_"), base_language(language)):
        path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            with path.open("rb") as handle:
                return read_mo(handle)
    return None


@cache
def translations(language: str):
    """gettext-style translations for jinja2's i18n extension (null for English)."""
    from babel.support import NullTranslations, Translations

    if catalog(language) is None:
        return NullTranslations()
    codes = [language.replace("-", "_"), base_language(language)]
    return Translations.load(str(LOCALE_DIR), codes, DOMAIN)


def pgettext(language: str, context: str, message: str) -> str:
    """``message`` (English) in ``language``; English when it has no translation."""
    found = catalog(language)
    entry = found.get(message, context=context) if found is not None else None
    if entry is None or not entry.string or isinstance(entry.string, (list, tuple)):
        return message
    return entry.string


def gettext(message: str) -> str:
    """``message`` (English, no context) in the language in force (:func:`speaking`):
    for the few learner-facing strings that live in Python code (a hidden code
    cell's comment, which JupyterLab shows on its first line)."""
    found = catalog(current_language())
    entry = found.get(message) if found is not None else None
    if entry is None or not entry.string or isinstance(entry.string, (list, tuple)):
        return message
    return entry.string


def N_(message: str) -> str:
    """Marks ``message`` for extraction; :func:`gettext` translates it where it is used."""
    return message


def format_number(value: int | float) -> str:
    """A figure as the language in force writes it: "2,500" in English (as always),
    "2 500" and "2,5" in Russian (Babel's CLDR data)."""
    language = current_language()
    if is_source(language) or catalog(language) is None:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=base_language(language))


def plural_forms(language: str) -> str:
    """The catalog's Plural-Forms header (English's for English)."""
    found = catalog(language)
    return ENGLISH_PLURAL_FORMS if found is None else found.plural_forms


def plural_variants(language: str, context: str, one: str, other: str) -> list[str]:
    """Every plural form of a message, in the catalog's order (English: one, other)."""
    found = catalog(language)
    entry = found.get(one, context=context) if found is not None else None
    if entry is None or not isinstance(entry.string, (list, tuple)) or not all(entry.string):
        return [one, other] if found is None else _english_fallback(found, one, other)
    return list(entry.string)


def _english_fallback(found, one: str, other: str) -> list[str]:
    # Untranslated: English words, but as many forms as the language's rule expects.
    return [one] + [other] * (found.num_plurals - 1)


# ---------------------------------------------------------------- template messages


@dataclass(frozen=True)
class Message:
    """One translatable unit of a template: where it is and what it says."""

    line: int
    context: str
    text: str
    plural: str | None = None


def phrase_messages(source: str) -> list[Message]:
    """The ``key: "text"`` lines of a phrase file (nested keys joined with ".")."""
    source = _JINJA_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    parents: list[tuple[int, str]] = []
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = _PHRASE_LINE.match(line) or _KEY_LINE.match(line)
        if match is None:
            continue
        indent = len(match["indent"])
        parents = [(i, k) for i, k in parents if i < indent]
        if "value" not in match.groupdict():
            parents.append((indent, match["key"]))
            continue
        context = ".".join([*(k for _, k in parents), match["key"]])
        found.append(Message(number, context, yaml.safe_load(match["value"])))
    return found


def macro_messages(source: str, prefix: str = "") -> list[Message]:
    """One message per macro: its body's Jinja source, comments left out."""
    found = []
    for match in _MACRO.finditer(source):
        text = _JINJA_COMMENT.sub("", match["body"]).strip()
        if text:
            line = source.count("\n", 0, match.start("body")) + 1
            found.append(Message(line, prefix + match["name"], text))
    return found


def plural_singulars(folder: Path) -> dict[str, dict[str, str]]:
    """``plural_text.yaml.j2``: phrase key -> {"count": field, "one": English singular}."""
    path = folder / PLURAL_FILE
    if not path.is_file():
        return {}
    loaded = yaml.safe_load(_JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))) or {}
    return {str(k): {"count": str(v["count"]), "one": str(v["one"])} for k, v in loaded.items()}


def _with_plurals(messages: list[Message], folder: Path) -> list[Message]:
    singulars = plural_singulars(folder)
    return [
        Message(m.line, m.context, singulars[m.context]["one"], m.text)
        if m.context in singulars
        else m
        for m in messages
    ]


# ---------------------------------------------------------------- Babel extractors
# babel.cfg names these by dotted path; Babel calls them with an open file.


def _babel_rows(messages: list[Message]):
    for m in messages:
        if m.plural is None:
            yield m.line, "pgettext", (m.context, m.text), []
        else:
            yield m.line, "npgettext", (m.context, m.text, m.plural), []


def extract_phrases(fileobj: IO[bytes], keywords, comment_tags, options):
    """Babel extractor for phrase files (``runtime_text.yaml.j2``, ``moves.yaml.j2``)."""
    source = fileobj.read().decode("utf-8")
    messages = phrase_messages(source)
    name = getattr(fileobj, "name", "")
    if name:
        messages = _with_plurals(messages, Path(name).resolve().parent)
    yield from _babel_rows(messages)


def extract_macros(fileobj: IO[bytes], keywords, comment_tags, options):
    """Babel extractor for macro files (``prompts.txt.j2``, ``key.txt.j2``)."""
    prefix = MACRO_FILES.get(Path(getattr(fileobj, "name", "")).name, "")
    yield from _babel_rows(macro_messages(fileobj.read().decode("utf-8"), prefix))


# ---------------------------------------------------------------- translated templates


def translate_source(name: str, source: str, language: str, folder: Path) -> str:
    """The template ``source`` with each message replaced by its translation."""
    if is_source(language):
        return source
    if name in PHRASE_FILES:
        return _translate_phrases(_with_plurals(phrase_messages(source), folder), source, language)
    if name in MACRO_FILES:
        return _translate_macros(source, language, MACRO_FILES[name])
    return source


def _translate_phrases(messages: list[Message], source: str, language: str) -> str:
    lines = source.splitlines(keepends=True)
    for message in messages:
        line = lines[message.line - 1]
        match = _PHRASE_LINE.match(line.rstrip("\n"))
        translated = _phrase_translation(message, language)
        quoted = json.dumps(translated, ensure_ascii=False)
        ending = "\n" if line.endswith("\n") else ""
        lines[message.line - 1] = f"{match['indent']}{match['key']}:{match['gap']}{quoted}{ending}"
    return "".join(lines)


def _phrase_translation(message: Message, language: str) -> str:
    if message.plural is None:
        return pgettext(language, message.context, message.text)
    # A phrase with a count: the spec's ``text`` keeps its last form (English "other",
    # Russian "many"); ``text_plural`` carries every form for the runtime to choose.
    return plural_variants(language, message.context, message.text, message.plural)[-1]


def _translate_macros(source: str, language: str, prefix: str) -> str:
    def replace(match: re.Match[str]) -> str:
        text = _JINJA_COMMENT.sub("", match["body"]).strip()
        if not text:
            return match.group(0)
        translated = pgettext(language, prefix + match["name"], text)
        head = match.group(0)[: match.start("body") - match.start()]
        tail = match.group(0)[match.end("body") - match.start() :]
        return f"{head}{translated}{tail}"

    return _MACRO.sub(replace, source)


class TranslatingLoader(BaseLoader):
    """Loads templates from a folder, translated into one language."""

    def __init__(self, folder: Path, language: str) -> None:
        self.folder = folder
        self.files = FileSystemLoader(folder)
        self.language = language

    def get_source(self, environment: Environment, template: str):
        source, filename, uptodate = self.files.get_source(environment, template)
        return (
            translate_source(template, source, self.language, self.folder),
            filename,
            uptodate,
        )

    def list_templates(self) -> list[str]:
        return self.files.list_templates()


def install(env: Environment, language: str) -> Environment:
    """Give ``env`` jinja2's i18n extension with the catalog of ``language``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    return env


# ---------------------------------------------------------------- plural phrases for the spec


def plural_spec(language: str, text: dict[str, str], folder: Path) -> dict[str, Any]:
    """The spec's ``plural_forms`` and ``text_plural`` (docs/internals.md, "Plural
    phrases"): every form of each phrase that holds a count, for the runtime to choose
    from with the catalog's own Plural-Forms rule."""
    forms = {}
    for key, entry in sorted(plural_singulars(folder).items()):
        if key not in text:
            continue
        english = phrase_english(folder, key)
        variants = plural_variants(language, key, entry["one"], english)
        forms[key] = {"count": entry["count"], "forms": variants}
    return {"plural_forms": plural_forms(language), "text_plural": forms}


@cache
def _english_phrases(folder: Path) -> dict[str, str]:
    source = (folder / PHRASE_FILES[0]).read_text(encoding="utf-8")
    return {m.context: m.text for m in phrase_messages(source)}


def phrase_english(folder: Path, key: str) -> str:
    return _english_phrases(folder)[key]
