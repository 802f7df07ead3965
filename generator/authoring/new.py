"""``python -m generator new STORY_DIR FILE...``: start a story from its texts.

Copies each text byte for byte into ``STORY_DIR/sources/<id>.txt`` and writes a
``story.yaml`` whose ``sources:`` block is filled in (id from the file name, sha256,
and a title and date only where the text itself shows them) and whose ``claims:``
and ``modules:`` are empty lists under a commented skeleton. That file is valid YAML
but not yet a valid story: ``validate`` then says "add at least one claim" and points
at ``suggest``, so an unfinished story never passes as done.

Nothing is written unless every input is fine (all or nothing), and an existing story
is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .textfacts import dateline, headline

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_STORY_FILES = ("story.yaml", "story.yml")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")  # as the schema's `language`


@dataclass(frozen=True)
class NewSource:
    """One text to copy: where it comes from, its id and what its own lines show."""

    path: Path
    id: str
    data: bytes
    title: str | None
    published: str | None

    @property
    def file(self) -> str:
        return f"sources/{self.id}.txt"


def slug(name: str) -> str:
    """A source id from a file name: ``Tehran Times (EN).txt`` → ``tehran-times-en``.

    The standard library is enough here: NFKD folding drops accents (``Zürich`` →
    ``zurich``); letters without an ASCII form are dropped, and an id that ends up
    empty is refused by the caller with the file named.
    """
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")


def new_story(folder: Path, files: list[Path], language: str = "en") -> list[str]:
    """Create the story; returns the lines to print. Raises UsageError (exit 2)."""
    _check_folder(folder)
    if not _LANGUAGE.match(language):
        raise UsageError(
            f"--language '{language}' is not a language code — write one such as en, de or en-GB"
        )
    sources = _read_sources(files)
    _check_destinations(folder, sources)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for source in sources:
        destination = folder / source.file
        if not destination.exists():
            shutil.copyfile(source.path, destination)
    shown = _shown(folder)
    text = story_yaml(folder.name, sources, shown, language)
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    return [
        f"Wrote {shown}/story.yaml and {len(sources)} text(s) in {shown}/sources/.",
        f"Next: python -m generator suggest {shown}  (drafts of claims to paste),",
        f"then python -m generator validate {shown}.",
    ]


def _shown(path: Path) -> str:
    from ..corpus import display_path

    return display_path(path)


def _check_folder(folder: Path) -> None:
    for name in _STORY_FILES:
        if (folder / name).exists():
            raise UsageError(
                f"{_shown(folder / name)} already exists — new never overwrites a story; "
                "choose another folder, or edit that file"
            )
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{_shown(folder)} is a file — give a folder for the new story")
    if not _ID_PATTERN.match(folder.name):
        raise UsageError(
            f"'{folder.name}' cannot be a story id — name the folder with lowercase "
            f"letters, digits and hyphens, e.g. {slug(folder.name) or 'my-story'}"
        )


def _read_sources(files: list[Path]) -> list[NewSource]:
    if len(files) < 2:
        raise UsageError("a story compares at least two texts — give two or more files")
    sources: list[NewSource] = []
    taken: dict[str, Path] = {}
    for path in files:
        source = _read_source(path)
        if source.id in taken:
            raise UsageError(
                f"{_shown(taken[source.id])} and {_shown(path)} both give the source id "
                f"'{source.id}' — rename one of the files"
            )
        taken[source.id] = path
        sources.append(source)
    return sources


def _read_source(path: Path) -> NewSource:
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "no such file"
        raise UsageError(f"{_shown(path)}: {what} — give the text files of the story")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{_shown(path)} is not UTF-8 (byte {exc.start}) — convert it first, "
            f"e.g. iconv -f cp1252 -t utf-8 {path.name} > {path.stem}-utf8.txt"
        ) from None
    source_id = slug(path.name)
    if not source_id:
        raise UsageError(
            f"{_shown(path)}: its name gives no usable id — rename it with some "
            "latin letters or digits, e.g. report-1.txt"
        )
    return NewSource(path, source_id, data, headline(text), dateline(text))


def _check_destinations(folder: Path, sources: list[NewSource]) -> None:
    """A text already in sources/ is fine when it is the same bytes (e.g. the teacher
    put the files there first); anything else would overwrite a text."""
    for source in sources:
        destination = folder / source.file
        if destination.exists() and destination.read_bytes() != source.data:
            raise UsageError(
                f"{_shown(destination)} already exists with other text — new never "
                "overwrites a source; move it away or rename the new file"
            )


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON strings are valid YAML, and the few characters
    YAML counts as line breaks are escaped so the title stays on its line."""
    quoted = json.dumps(text, ensure_ascii=False)
    for char in ("\u0085", "\u2028", "\u2029", "\ufeff"):
        quoted = quoted.replace(char, f"\\u{ord(char):04x}")
    return quoted


def _source_block(source: NewSource) -> list[str]:
    digest = hashlib.sha256(source.data).hexdigest()
    title = (
        f"    title: {_quoted(source.title)}   # the text's first line"
        if source.title
        else '    title: "unknown"   # no headline in the text: write a short neutral title'
    )
    published = (
        f'    published: "{source.published}"   # the dateline of the text'
        if source.published
        else '    # published: "YYYY-MM-DD"   # the text shows no date: leave it out'
    )
    return [
        f"  - id: {source.id}",
        f"    file: {source.file}",
        title,
        '    outlet: "unknown"   # who published it, only if the text shows it',
        "    kind: unknown   # official-statement | news-report | interview | opinion | blog",
        published,
        f'    sha256: "{digest}"',
        '    # note: "what the text does and does not show about where it comes from"',
        "",
    ]


_SKELETON = """\
# What is left to do (docs/authoring.md, "From texts to a story in 20 minutes"):
#   1. check each source's title, outlet, kind and published date above;
#   2. add claims: python -m generator suggest {folder} prints drafts to paste;
#   3. add a module that lists your claims;
#   4. python -m generator validate {folder}, then preview and build.
claims: []
# claims:
#   - id: who-said-it                # lowercase letters, digits, hyphens
#     family: attribution            # attribution | framing | numeric
#     topic: "Who said ...?"         # shown to learners; never contains the answer
#     explanation: >-
#       What to notice, and why it matters.
#     mentions:                      # one per text that carries the claim, at least 2
#       - source: {first}
#         quote: "words copied exactly from the text"
#         credited_to: "whom this text credits"   # "no one" when nobody

modules: []
# modules:
#   - id: first-lesson
#     title: "Whose words are these?"
#     claims: [who-said-it]
"""


def story_yaml(story_id: str, sources: list[NewSource], shown: str, language: str = "en") -> str:
    """The text of the new story.yaml; ``shown`` is the folder as the teacher typed it."""
    lines = [
        f"# samestory story, written by `python -m generator new` from {len(sources)} text(s).",
        "# The texts in sources/ are verbatim copies: never retype or fix them.",
        "",
        f"id: {story_id}",
        'title: "unknown"   # the event, in a few neutral words',
        f"language: {language}   # decides how numbers like 2,5 are read (docs/authoring.md)",
        "",
        "sources:",
    ]
    for source in sources:
        lines.extend(_source_block(source))
    return "\n".join(lines) + _SKELETON.format(folder=shown, first=sources[0].id)
