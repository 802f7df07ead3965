"""Load a corpus folder into :class:`~generator.model.Story` objects, validating it.

``load_corpus`` collects *every* problem of every story before failing, so a teacher
fixes a whole ``story.yaml`` in one pass. Nothing here raises on bad input except
:class:`~generator.errors.CorpusError` / :class:`~generator.errors.UsageError`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from . import checks
from .anchoring import FoldedText, find_quote, near_miss
from .errors import CorpusError, Problem, UsageError
from .grading.rubric import rubric_problems
from .model import Claim, HandQuestion, Mention, Module, Passage, Source, Story
from .schema import schema_problems
from .yamlsource import LoadedYaml, load_yaml

STORY_FILE = "story.yaml"
# The most a story file or source text may have: it is read into memory whole, and
# every module carries every text. Far above a real one (a long article is 50 kB;
# authoring/limits.py warns well below this), far below exhausting memory.
MAX_FILE_BYTES = 64_000_000


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def story_folders(corpus: Path) -> list[Path]:
    """The story folders of a corpus (a single story folder is a corpus of one)."""
    return _find_stories(corpus)[0]


def _find_stories(corpus: Path) -> tuple[list[Path], list[Problem]]:
    """The story folders, and a problem for each folder that looks like a story but has
    no ``story.yaml`` (a missing file or ``story.yml``): reported, never skipped, so a
    story does not silently drop out of the modules. Hidden folders and ``_name``
    folders are not stories."""
    if not corpus.exists():
        raise UsageError(
            f"{display_path(corpus)}: no such folder — give the corpus folder (default: corpus/)"
        )
    if _has_story_file(corpus):
        return [corpus], []
    if _looks_like_a_story(corpus):
        return [], [_missing_story_file(corpus)]
    folders, problems = [], []
    for child in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if child.name.startswith((".", "_")):
            continue
        if _has_story_file(child):
            folders.append(child)
        else:
            problems.append(_missing_story_file(child))
    if not folders and not problems:
        raise UsageError(
            f"{display_path(corpus)}: no stories found — expected "
            f"{display_path(corpus)}/<story-id>/{STORY_FILE}"
        )
    return folders, problems


def _has_story_file(folder: Path) -> bool:
    """Anything named story.yaml, a regular file or not: reading it then says what is
    wrong with it (a FIFO, a link to a device) instead of calling the story missing."""
    path = folder / STORY_FILE
    return path.exists() or path.is_symlink()


def _looks_like_a_story(folder: Path) -> bool:
    """A story folder without story.yaml (it has story.yml or sources/), not a corpus."""
    return (folder / "story.yml").is_file() or (folder / "sources").is_dir()


def _missing_story_file(folder: Path) -> Problem:
    yml = folder / "story.yml"
    if yml.is_file():
        return Problem(
            display_path(yml),
            None,
            f"the story file must be named {STORY_FILE} — rename story.yml to {STORY_FILE}",
        )
    shown = display_path(folder)
    return Problem(
        shown,
        None,
        f"no {STORY_FILE} in this folder, so it is not a story yet — start one with "
        f"python -m generator new {shown} FILE... (or move the folder out of the corpus)",
    )


def load_corpus(corpus: Path | str) -> list[Story]:
    """All stories of ``corpus``; raises CorpusError listing every problem."""
    stories = []
    folders, problems = _find_stories(Path(corpus))
    for folder in folders:
        story, found = load_story(folder)
        problems.extend(found)
        if story is not None:
            stories.append(story)
    if problems:
        raise CorpusError(problems)
    return stories


def load_story(folder: Path) -> tuple[Story | None, list[Problem]]:
    """One story and its problems; the story is None when it has any problem."""
    path = folder / STORY_FILE
    shown = display_path(path)
    data, why = read_corpus_file(path, folder)
    if data is None:
        return None, [Problem(shown, None, f"{STORY_FILE} {why}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(shown, None, f"not UTF-8 (byte {exc.start}) — save the file as UTF-8")
        ]
    loaded = load_yaml(text, shown)
    if loaded.problems and loaded.data is None:
        return None, loaded.problems
    if not isinstance(loaded.data, dict):
        return None, [
            *loaded.problems,
            Problem(
                shown,
                1,
                "the story file must be a mapping of "
                "keys (id:, title:, sources:, claims:, modules:) — see docs/authoring.md",
            ),
        ]
    problems = loaded.problems + schema_problems(loaded, shown)
    if problems:
        return None, problems
    return _build_story(folder, loaded, shown)


def read_corpus_file(path: Path, folder: Path) -> tuple[bytes | None, str]:
    """``(bytes, "")``, or ``(None, why)``: why it was not read, worded for the teacher
    to follow the file's name ("not found — check the path (relative to <folder>)").

    Only regular files of at most MAX_FILE_BYTES are read, as export reads learners'
    files: a FIFO among the sources would make ``open`` wait forever, and a symlink
    to /dev/zero would be read until memory runs out.
    """
    # Imported here: inputfiles names unreadable folders with this module's display_path.
    from .inputfiles import NotAFile, NotReadable, TooLarge, megabytes, read_regular_file

    if not path.exists():
        return None, f"not found — check the path (relative to {display_path(folder)})"
    try:
        return read_regular_file(path, MAX_FILE_BYTES), ""
    except NotAFile as exc:
        return None, f"is {exc.kind}, not a file — put the file itself there"
    except TooLarge as exc:
        return None, (
            f"is larger than the limit of {megabytes(exc.limit)} (at least "
            f"{megabytes(exc.size)}) — keep only the text the claims need"
        )
    except NotReadable as exc:
        return None, str(exc)


def _build_story(
    folder: Path, loaded: LoadedYaml, shown: str
) -> tuple[Story | None, list[Problem]]:
    data = loaded.data
    ctx = checks.Context(loaded, shown)
    if data["id"] != folder.name:
        ctx.add(
            ("id",),
            f"story id '{data['id']}' differs from its folder name "
            f"'{folder.name}' — rename one so they are equal",
        )
    checks.unique_ids(ctx, data)
    sources = [_read_source(ctx, folder, i, s) for i, s in enumerate(data["sources"])]
    texts = {s.id: FoldedText.of(s.text) for s in sources if s is not None}
    language = data.get("language", "en")
    claims = [_build_claim(ctx, i, c, texts, language) for i, c in enumerate(data["claims"])]
    modules = [_build_module(m) for m in data["modules"]]
    questions = [_build_question(ctx, i, q, texts) for i, q in enumerate(data.get("questions", []))]
    checks.references(ctx, data)
    checks.round_three_fields(ctx, data)
    checks.hand_questions(ctx, data)
    for where, message in rubric_problems(data.get("questions", [])):
        ctx.add(where, message)  # rubric levels: unique names and points
    if ctx.problems:
        return None, ctx.problems
    story = Story(
        id=data["id"],
        title=data["title"],
        folder=folder,
        sources=tuple(sources),
        claims=tuple(claims),
        modules=tuple(modules),
        questions=tuple(questions),
        language=data.get("language", "en"),
        summary=data.get("summary"),
    )
    return story, []


def _read_source(ctx: checks.Context, folder: Path, index: int, raw: dict) -> Source | None:
    where = ("sources", index, "file")
    path = (folder / raw["file"]).resolve()
    if not path.is_relative_to(folder.resolve()):
        ctx.add(
            where,
            f"'{raw['file']}' points outside the story folder — keep sources "
            "inside it, e.g. sources/<name>.txt",
        )
        return None
    data, why = read_corpus_file(path, folder)
    if data is None:
        ctx.add(where, f"source file '{raw['file']}' {why}")
        return None
    if raw.get("sha256") and hashlib.sha256(data).hexdigest() != raw["sha256"]:
        ctx.add(
            ("sources", index, "sha256"),
            f"'{raw['file']}' does not match its sha256 "
            "(the text changed) — restore the verbatim text, or if the change is "
            f"intended record sha256: {hashlib.sha256(data).hexdigest()}",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        ctx.add(
            where,
            f"'{raw['file']}' is not UTF-8 (byte {exc.start}) — convert it, "
            "e.g. iconv -f cp1252 -t utf-8",
        )
        return None
    fields = {k: raw.get(k) for k in ("published", "sha256", "note")}
    return Source(
        id=raw["id"],
        file=raw["file"],
        title=raw["title"],
        outlet=raw["outlet"],
        kind=raw["kind"],
        text=text,
        **fields,
    )


def _build_claim(ctx: checks.Context, index: int, raw: dict, texts: dict, language: str) -> Claim:
    mentions = []
    for m_index, m in enumerate(raw["mentions"]):
        where = ("claims", index, "mentions", m_index)
        checks.family_fields(ctx, where, raw["family"], m)
        start, end = _anchor(
            ctx, where, texts, m["source"], m["quote"], m.get("prefix"), m.get("suffix")
        )
        value, approx = (
            checks.figure(ctx, where, m, language)
            if raw["family"] == "numeric"  # elsewhere `value` is reported as foreign
            else (m.get("value"), m.get("approx", False))
        )
        mentions.append(
            Mention(
                source=m["source"],
                quote=m["quote"],
                start=start,
                end=end,
                prefix=m.get("prefix"),
                suffix=m.get("suffix"),
                primary=m.get("primary", False),
                note=m.get("note"),
                credited_to=m.get("credited_to"),
                value=value,
                unit=m.get("unit"),
                approx=approx,
                terms=tuple(m.get("terms", ())),
                frame=m.get("frame"),
                also=tuple(m.get("also", ())),
                certainty=m.get("certainty"),
                inferred=m.get("inferred", False),
                words_passage=m.get("words_passage", False),
            )
        )
    return Claim(
        id=raw["id"],
        family=raw["family"],
        topic=raw["topic"],
        explanation=raw["explanation"],
        mentions=tuple(mentions),
        omitted_by=tuple(raw.get("omitted_by", ())),
        omission_note=raw.get("omission_note"),
        not_quoted=tuple(raw.get("not_quoted", ())),
    )


def _anchor(ctx, where, texts, source_id, quote, prefix, suffix) -> tuple[int, int]:
    """Offsets of the quote, or (-1, -1) after reporting why it cannot be anchored."""
    text = texts.get(source_id)
    if text is None:  # unknown or unreadable source: reported elsewhere
        return -1, -1
    anchor = find_quote(text, quote, prefix, suffix)
    if anchor.count == 1:
        return anchor.start, anchor.end
    if anchor.count == 0 and find_quote(text, quote).count == 0:
        ctx.add((*where, "quote"), _not_found(texts, source_id, quote))
    elif anchor.count == 0:
        ctx.add(
            (*where, "quote"),
            f"prefix/suffix match no occurrence of the quote in "
            f"source '{source_id}' — copy them from the text right before/after the quote",
        )
    else:
        ctx.add(
            (*where, "quote"),
            f"quote occurs {anchor.count} times in source "
            f"'{source_id}' — add prefix: or suffix: (the text just before or after it) "
            "to pick one",
        )
    return -1, -1


# Below this rapidfuzz score the "closest passage" is another text, not a typo of it.
_CLOSE_ENOUGH = 60.0


def _not_found(texts: dict[str, FoldedText], source_id: str, quote: str) -> str:
    """Why a quote is not in its source: the closest passage with the first difference
    marked, or the source that does carry it."""
    elsewhere = [s for s, t in texts.items() if s != source_id and find_quote(t, quote).count]
    if elsewhere:
        return (
            f"quote not found in source '{source_id}', but it is in source "
            f"'{elsewhere[0]}' — check the mention's source:"
        )
    near = near_miss(texts[source_id], quote)
    lead = f"quote not found in source '{source_id}' — copy it verbatim"
    if near.score < _CLOSE_ENOUGH:
        return (
            f"{lead}; no passage of '{source_id}' is close (the nearest is "
            f'"{near.passage}") — is it from another text?'
        )
    message = (
        f'{lead} (quotes, dashes and spelling as in the file); closest passage: "{near.passage}"'
    )
    if near.text_mark:
        message += f'; first difference: text "{near.text_mark}", quote "{near.quote_mark}"'
        if near.chars:
            message += f" ({near.chars})"
    return message


def _build_module(raw: dict) -> Module:
    return Module(
        id=raw["id"],
        title=raw["title"],
        claims=tuple(raw["claims"]),
        objectives=tuple(raw.get("objectives", ())),
        confidence=raw.get("confidence", False),
        role=raw.get("role", "practice"),
    )


def _build_question(ctx, index: int, raw: dict, texts: dict) -> HandQuestion:
    passage = None
    if raw["kind"] == "words":
        where = ("questions", index)
        start, end = _anchor(
            ctx, where, texts, raw["source"], raw["quote"], raw.get("prefix"), raw.get("suffix")
        )
        passage = Passage(raw["source"], raw["quote"], start, end)
    common = {"id", "module", "kind", "prompt", "explanation", "claim"}
    fields: dict[str, Any] = {k: v for k, v in raw.items() if k not in common}
    return HandQuestion(
        id=raw["id"],
        module=raw["module"],
        kind=raw["kind"],
        prompt=raw["prompt"],
        explanation=raw.get("explanation", ""),
        claim=raw.get("claim"),
        fields=fields,
        passage=passage,
    )
