"""Check a module spec (docs/internals.md, ``samestory-module/1``) before using it.

A bad spec is a bug in the build, not the learner's doing: :func:`check_spec` raises
one ValueError that lists what is wrong, so the notebook's first cell fails loudly
instead of a question failing half-way through a lesson.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .literal import decode_spec_text, is_encoded
from .phrases import plural_problems, text_problems
from .scoring import KINDS, key_problems, score
from .testmode import is_test

SPEC_FORMAT = "samestory-module/1"
# story and module ids name the answer log file: keep them to the corpus's slugs.
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_SHOWN = 8  # problems listed in the error; the rest are counted


def parse_spec(spec: str | dict[str, Any]) -> dict[str, Any]:
    """The spec as a dict: the encoded literal the notebook passes
    (:mod:`.literal`), JSON text, or a dict already."""
    if is_encoded(spec):
        spec = decode_spec_text(spec)  # type: ignore[arg-type]
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except ValueError as exc:
            raise ValueError(f"samestory module spec is not valid JSON: {exc}") from None
    if not isinstance(spec, dict):
        raise ValueError("samestory module spec must be a JSON object")
    check_spec(spec)
    return spec


def check_spec(spec: dict[str, Any]) -> None:
    if spec.get("format") != SPEC_FORMAT:
        raise ValueError(
            f"samestory module spec has format {spec.get('format')!r}; this runtime reads "
            f"{SPEC_FORMAT!r} — rebuild the module with the same samestory version"
        )
    problems = _top_level(spec)
    if not problems:
        problems += _sources_problems(spec["sources"])
        problems += _claims_problems(
            spec["claims"], {s["id"]: s for s in spec["sources"]}, keyless=is_test(spec)
        )
        problems += _questions_problems(spec)
        problems += text_problems(spec["text"], testing=is_test(spec))
        problems += plural_problems(spec)
    if problems:
        more = len(problems) - _SHOWN
        listed = "\n  ".join(problems[:_SHOWN]) + (f"\n  … and {more} more" if more > 0 else "")
        raise ValueError(f"bad samestory module spec:\n  {listed}")


def _top_level(spec: dict[str, Any]) -> list[str]:
    problems = []
    for key in ("story", "module"):
        value = spec.get(key)
        if not isinstance(value, str) or not _SLUG.fullmatch(value):
            problems.append(f"{key!r} must be an id like 'school-closure', got {value!r}")
    for key, kind in (("title", str), ("version", str), ("sources", list), ("claims", dict)):
        if not isinstance(spec.get(key), kind):
            problems.append(f"{key!r} must be a {kind.__name__}")
    if not isinstance(spec.get("questions"), list) or not spec.get("questions"):
        problems.append("'questions' must be a non-empty list")
    if not isinstance(spec.get("text"), dict):
        problems.append("'text' must be a dict of phrase key -> phrase")
    moves = spec.get("moves")
    if moves is not None and not (
        isinstance(moves, dict)
        and all(isinstance(m, dict) and isinstance(m.get("name"), str) for m in moves.values())
    ):
        problems.append("'moves' must be a dict of move id -> {name, rule}")
    return problems


def _sources_problems(sources: list[Any]) -> list[str]:
    problems = []
    for n, source in enumerate(sources):
        where = f"sources[{n}]"
        if not isinstance(source, dict):
            problems.append(f"{where} must be a dict")
            continue
        for key in ("id", "title", "outlet", "kind", "text"):
            if not isinstance(source.get(key), str):
                problems.append(f"{where}.{key} must be a string")
        for key in ("published", "note"):
            if source.get(key) is not None and not isinstance(source[key], str):
                problems.append(f"{where}.{key} must be a string or null")
    return problems


def _claims_problems(
    claims: dict[str, Any], sources: dict[str, Any], *, keyless: bool = False
) -> list[str]:
    problems = []
    for claim_id, claim in claims.items():
        where = f"claims[{claim_id!r}]"
        if not isinstance(claim, dict) or not isinstance(claim.get("passages"), list):
            problems.append(f"{where} must be a dict with a 'passages' list")
            continue
        for key in ("topic",) if keyless else ("topic", "explanation"):
            if not isinstance(claim.get(key), str):
                problems.append(f"{where}.{key} must be a string")
        for n, passage in enumerate(claim["passages"]):
            problems += _passage_problems(f"{where}.passages[{n}]", passage, sources)
    return problems


def _passage_problems(where: str, passage: Any, sources: dict[str, Any]) -> list[str]:
    if not isinstance(passage, dict) or passage.get("source") not in sources:
        return [f"{where} must be a dict naming one of the spec's sources"]
    length = len(sources[passage["source"]]["text"])
    start, end = passage.get("start"), passage.get("end")
    if not (type(start) is int and type(end) is int and 0 <= start < end <= length):
        return [f"{where}: start/end must be offsets into the source text (0..{length})"]
    if not isinstance(passage.get("terms", []), list):
        return [f"{where}.terms must be a list"]
    return []


_KIND_FIELDS = {
    "choice": ("options", "answer"),
    "multi": ("options", "answer"),
    "match": ("items", "options", "answer"),
    "number": ("answer", "tolerance"),
    "words": ("source", "start", "end", "tokens", "answer"),
    "order": ("items", "answer"),
    "reflect": (),
}


# A pretest/posttest spec carries no key (generator/building/testspec.py): no answer,
# tolerance or explanation is required, and there is no key to check.
_KEY_FIELDS = ("answer", "tolerance", "explanation")


def _questions_problems(spec: dict[str, Any]) -> list[str]:
    problems, seen = [], set()
    keyless = is_test(spec)
    for n, question in enumerate(spec["questions"]):
        if not isinstance(question, dict) or not isinstance(question.get("id"), str):
            problems.append(f"questions[{n}] must be a dict with a string 'id'")
            continue
        qid, kind = question["id"], question.get("kind")
        where = f"question {qid!r}"
        if qid in seen:
            problems.append(f"{where} appears twice")
        seen.add(qid)
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
            continue
        missing = [f for f in ("prompt", "explanation") if not isinstance(question.get(f), str)]
        missing += [f for f in _KIND_FIELDS[kind] if f not in question]
        missing = [f for f in missing if not (keyless and f in _KEY_FIELDS)]
        if missing:
            problems.append(f"{where} ({kind}) lacks {', '.join(missing)}")
            continue
        if keyless:
            problems += _claim_problems(where, question, spec)
        else:
            problems += _key_problems(where, question, spec)
        problems += _round_three_problems(where, question, spec)
    return problems


_TEXT_FIELDS = ("move", "heading", "statement", "hint")


def _round_three_problems(where: str, question: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    """The optional fields of docs/internals.md "Round three": absent is fine (an
    older spec), present must be usable."""
    problems = [
        f"{where}.{key} must be a string"
        for key in _TEXT_FIELDS
        if question.get(key) is not None and not isinstance(question[key], str)
    ]
    sources = {s["id"]: s for s in spec["sources"]}
    evidence = question.get("evidence")
    if evidence is not None and not isinstance(evidence, list):
        problems.append(f"{where}.evidence must be a list")
    for n, passage in enumerate(evidence or []):
        problems += _passage_problems(f"{where}.evidence[{n}]", passage, sources)
    why = question.get("why")
    if why is not None and not isinstance(why, dict):
        problems.append(f"{where}.why must be a dict")
    return problems


def _key_problems(where: str, question: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    """The answer must score 1.0: otherwise no learner could ever be right. And the
    key's ``accept`` and ``function_words`` must mean something: scoring ignores a
    malformed one quietly (:func:`.scoring.key_problems`), which would hide an
    author's mistake until a learner's right answer is marked wrong."""
    kind = question["kind"]
    if _claim_problems(where, question, spec):
        return _claim_problems(where, question, spec)
    problems = [f"{where}: {problem}" for problem in key_problems(question)]
    if kind == "reflect":
        return problems
    try:
        scored = score(question, question["answer"])
    except (KeyError, TypeError, ValueError, AttributeError, ZeroDivisionError) as exc:
        return [*problems, f"{where}: cannot be scored ({type(exc).__name__}: {exc})"]
    if not scored.correct:
        what = scored.problem or scored.score
        problems.append(f"{where}: its 'answer' does not score 1.0 ({what})")
    return problems


def _claim_problems(where: str, question: dict[str, Any], spec: dict[str, Any]) -> list[str]:
    if question.get("claim") is not None and question["claim"] not in spec["claims"]:
        return [f"{where} names claim {question['claim']!r}, which is not in 'claims'"]
    return []
