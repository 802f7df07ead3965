"""``samestory preview STORY_DIR [MODULE]``: every question a module will get, as
plain text, with its warnings under it, without building a notebook.

A teacher who has just changed an annotation wants to see the questions it makes at
once: heading, move, prompt, options with the right ones marked, the passages shown
beside the question and its hint. The text comes from the same module specs a build
writes (:func:`generator.questions.module_specs`), so the preview is what learners
get; the warnings are the ones ``validate`` prints (:mod:`.lint`), each placed under
the question (or claim) it names. Output is deterministic: a golden file tests it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    from ..model import Story
    from .lint import LintWarning

Spec = dict[str, Any]
Question = dict[str, Any]

WIDTH = 88  # a terminal's width, less a margin
INDENT = "    "
RULE = "=" * WIDTH


def preview_text(story_dir: Path, module: str | None = None) -> str:
    """The preview of ``module`` (every module when None) of the story in ``story_dir``.

    Raises CorpusError when the story is invalid (the CLI prints its problems, exit 2)
    and UsageError for a folder of several stories or an unknown module."""
    from ..corpus import load_corpus
    from ..questions import module_specs
    from .lint import story_warnings

    stories = load_corpus(story_dir)
    if len(stories) != 1:
        names = ", ".join(s.id for s in stories)
        raise UsageError(f"{story_dir}: holds several stories ({names}) — give one story folder")
    story = stories[0]
    specs = module_specs(story)
    if module is not None:
        known = [s["module"] for s in specs]
        if module not in known:
            raise UsageError(
                f"no module '{module}' in story '{story.id}' — its modules are {', '.join(known)}"
            )
    warnings = story_warnings(story, specs)
    chosen = [s for s in specs if module in (None, s["module"])]
    lines = [f"samestory preview: {story.title} ({story.id})", ""]
    placed = {id(w) for spec in chosen for w in placed_warnings(spec, warnings)}
    unplaced = [w for w in warnings if id(w) not in placed and names_module(w, chosen)]
    if unplaced:
        lines += ["Warnings about the story:", *(wrapped(f"! {w}", INDENT) for w in unplaced), ""]
    for number, spec in enumerate(specs, start=1):
        if spec in chosen:
            lines += module_lines(spec, number, len(specs), story, warnings)
    return "\n".join(lines).rstrip("\n") + "\n"


def names_module(warning: LintWarning, chosen: list[Spec]) -> bool:
    """A warning about a module the preview does not show is left out."""
    if "module '" not in warning.what:
        return True
    return any(f"module '{spec['module']}'" in warning.what for spec in chosen)


def placed_warnings(spec: Spec, warnings: list[LintWarning]) -> list[LintWarning]:
    return [w for q in spec["questions"] for w in question_warnings(spec, q, warnings)]


def question_warnings(spec: Spec, q: Question, warnings: list[LintWarning]) -> list[LintWarning]:
    """The warnings that name this question, or (under the first question of its claim
    in this module) that name its claim."""
    own = [w for w in warnings if f"question '{q['id']}'" in w.what and in_module(w, spec)]
    claim = q.get("claim")
    first_of_claim = claim and next(x for x in spec["questions"] if x.get("claim") == claim) is q
    if first_of_claim:
        own += [w for w in warnings if f"claim '{claim}'" in w.what and "question '" not in w.what]
    return own


def in_module(warning: LintWarning, spec: Spec) -> bool:
    return "module '" not in warning.what or f"module '{spec['module']}'" in warning.what


def module_lines(
    spec: Spec, number: int, count: int, story: Story, warnings: list[LintWarning]
) -> list[str]:
    questions = spec["questions"]
    role = spec.get("role", "practice")
    kind = "" if role == "practice" else f", role {role}"
    lines = [RULE, f"Module {number} of {count}: {spec['title']} ({spec['module']}{kind})"]
    if role in ("pretest", "posttest"):
        lines.append("a test: its notebook carries no key, shows no feedback and no hint")
    lines.append(f"{len(questions)} question(s), {sum(q['graded'] for q in questions)} graded")
    lines += [*reuse_lines(spec, questions), RULE, ""]
    for n, q in enumerate(questions, start=1):
        lines += question_lines(spec, q, n, len(questions), story)
        lines += [wrapped(f"! warning: {w}", INDENT) for w in question_warnings(spec, q, warnings)]
        lines.append("")
    return lines


def reuse_lines(spec: Spec, questions: list[Question]) -> list[str]:
    """Where the reuse map is (runtime/reuseview.py) and when it opens."""
    reuse = spec.get("reuse")
    if not reuse:
        return []
    numbers = {q["id"]: n for n, q in enumerate(questions, start=1)}
    after = ", ".join(str(numbers[q]) for q in reuse["after"] if q in numbers)
    opens = f"opens after question(s) {after}" if after else "shown at once"
    return [f"reuse map under the sources: {len(reuse['pairs'])} pair(s) of texts, {opens}"]


def question_lines(spec: Spec, q: Question, n: int, count: int, story: Story) -> list[str]:
    move = (spec.get("moves") or {}).get(q.get("move") or "") or {}
    graded = "" if q.get("graded", True) else ", not graded"
    lines = [f"Question {n} of {count}: {q['heading']}   [{q['id']}]"]
    lines.append(f"{INDENT}{q['kind']}{graded} · move: {move.get('name', q.get('move'))}")
    if q.get("statement"):
        lines.append(wrapped(f"statement: {q['statement']}", INDENT))
    lines.append(wrapped(f"prompt: {q['prompt']}", INDENT))
    lines += answer_lines(q)
    # A test's notebook shows the passages of its keyless question (building/testspec).
    lines += passage_lines(learner_question(spec, q), story)
    if q.get("hint") and "hint" in learner_question(spec, q):  # a test shows none
        lines.append(wrapped(f"hint: {q['hint']}", INDENT))
    return lines


def answer_lines(q: Question) -> list[str]:
    """Options with the right one(s) marked, or the answer, by kind."""
    kind, answer = q["kind"], q.get("answer")
    if kind in ("choice", "multi"):
        right = set(answer if isinstance(answer, list) else [answer])
        marks = ("(*)", "( )") if kind == "choice" else ("[x]", "[ ]")
        rows = [f"{marks[0] if o in right else marks[1]} {o}" for o in q["options"]]
        return [f"{INDENT}options (right one marked):", *(wrapped(r, INDENT * 2) for r in rows)]
    if kind == "match":
        rows = [f"{item['label']} → {answer[item['key']]}" for item in q["items"]]
        options = " | ".join(q["options"])
        return [
            f"{INDENT}answer, item by item:",
            *(wrapped(r, INDENT * 2) for r in rows),
            wrapped(f"options: {options}", INDENT),
        ]
    if kind == "number":
        unit = f" {q['unit']}" if q.get("unit") else ""
        tolerance = f" (± {q['tolerance']:g})" if q.get("tolerance") else ""
        return [f"{INDENT}answer: {answer:g}{unit}{tolerance}"]
    if kind == "words":
        chosen = set(answer)
        marked = " ".join(f"[{t}]" if i in chosen else t for i, t in enumerate(q["tokens"]))
        return [wrapped(f"answer, the [marked] words: {marked}", INDENT)]
    if kind == "order":
        labels = {item["key"]: item["label"] for item in q["items"]}
        rows = [f"{i}. {labels[key]}" for i, key in enumerate(answer, start=1)]
        return [f"{INDENT}answer, in order:", *(wrapped(r, INDENT * 2) for r in rows)]
    return [f"{INDENT}answer: free text (not scored)"]


def learner_question(spec: Spec, q: Question) -> Question:
    from ..building.testspec import keyless_question
    from ..runtime.testmode import is_test

    return keyless_question(q) if is_test(spec) else q


def passage_lines(q: Question, story: Story) -> list[str]:
    passages = q.get("evidence") or []
    if not passages:
        return [f"{INDENT}passages shown: none"]
    lines = [f"{INDENT}passages shown:"]
    for p in passages:
        source = story.source(p["source"])
        quote = " ".join(source.text[p["start"] : p["end"]].split())
        lines.append(wrapped(f"{source.title}: “{quote}”", INDENT * 2))
    return lines


def wrapped(text: str, indent: str) -> str:
    """``text`` wrapped to WIDTH, continuation lines indented one step further."""
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
