"""The walk-through (issue 10 item 2): every module of the seed story, answered top to
bottom as a learner would, must not show a question's answer before it is checked.

**What is on screen for question N**: the source cards (title, outlet, kind, date,
note); the own text of every question of the module (heading, prompt, statement,
options, item labels: the notebook shows every question cell at once, so a later
question's labels are on screen too); and the feedback of every question before N,
twice: after a wrong first answer and after the right answer
(``q.submit(...).html``). Verbatim source text (whole texts, quoted passages) is
evidence, never a leak (tests/learner_walk.py). Only text about N's own claim is
searched: a statement about another claim names other answers for other reasons.

**When an answer counts as given away** (conservative rules: each finds a statement
that picks the answer out, not merely a mention of it). "Singles out" = names that
option and no other option of N (tests: generator.building.itemtext.singles_out; a
label with figures is also named by its distinctive figures):

* ``choice`` — (a) *marked card*: in the feedback of an earlier question of N's
  claim, the passage card of N's answer carries a fixed sentence of the runtime (a
  phrase without fields, e.g. "This is where the statement comes from…") that no
  other card of that feedback carries; or (b) *named with the claim*: a sentence of
  same-claim feedback, of another same-claim question, or of a source card's body
  singles out the answer and repeats three consecutive words of N's statement (its
  ``statement``, else the claim's topic); or (c) N's heading, prompt or statement
  singles out its answer.
* ``match`` — for an item about source S with answer X: a sentence of same-claim
  feedback or of another same-claim question names S (the item label, or S's title
  heading the card the sentence is in) and, S's title aside, singles out X among N's
  options ("Frame: riot" in S's passage card; "S: about 2,500 personnel" as another
  question's item label; "✓ S: you chose X" in an earlier item line); or N's own
  heading, prompt or statement singles out X while naming S.
* ``number`` — the figure is printed in N's heading, prompt or statement; or, in the
  text of another same-claim question (an item label) or in same-claim feedback, in
  a sentence that names, or sits in the card of, a source N's own text names (an
  option list of every figure, naming no source, says nothing about which is whose).

**The reuse map** (the sources section's map of passages two texts share) is on
screen as it stands at each step: closed before its questions have their answers
shown, open after. Verbatim passages in it are evidence, like every source text; but
an open map gives away (d) a ``choice`` answer that one of its sentences singles out
while naming a source N's own text names ("“A” and “B”: 9 shared passages", for
"which text does B copy?"), and (e) any question that practises tracing a copy or
checking a quotation whose passages it lines up side by side (its words, passage
for passage, are the answer of such a question).

A source's "outlet · kind · date" line is left out everywhere: every source card
shows it, so it describes the source rather than answering a question.

``multi``, ``words``, ``order`` and ``reflect`` questions are not searched (their
answers are sets or sequences no single sentence gives away).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from learner_walk import (
    Segment,
    cards,
    fixture_specs,
    right_response,
    seed_specs,
    visible_segments,
)
from learner_walk import wrong_response as wrong_answer

from generator import runtime
from generator.building.itemcheck import question_texts
from generator.building.itemtext import figures, fold, names, singles_out

STATEMENT_RUN = 3  # consecutive words of the statement that tie a sentence to the claim


@dataclass(frozen=True)
class Shown:
    """One part of the screen: where it comes from, its claim, its text."""

    where: str
    claim: str | None
    segments: tuple[Segment, ...]
    feedback: bool = False
    question: str | None = None
    reuse_map: bool = False


def own_words(q: dict[str, Any]) -> tuple[Segment, ...]:
    """What the question says before it is answered: heading, prompt, statement (a
    heading cut from the prompt is the prompt's to answer for: one leak, not two)."""
    return tuple(Segment(" ".join(text.split())) for _, text in question_texts(q))


def question_text(q: dict[str, Any]) -> tuple[Segment, ...]:
    """All a question shows before it is answered: its words, options and item labels."""
    labels = [*(q.get("options") or []), *(item["label"] for item in q.get("items") or [])]
    return own_words(q) + tuple(Segment(" ".join(str(t).split())) for t in labels)


def walk(spec: dict[str, Any], log_dir) -> Iterator[tuple[dict[str, Any], list[Shown]]]:
    """(question N, what is on screen before it is checked), top to bottom."""
    module = runtime.load_module(copy.deepcopy(spec), log_dir=log_dir)
    # A source's outlet · kind · date line is what every source card shows: the
    # description of the source, not a statement about a question.
    metas = {module.page.source_meta(source) for source in spec["sources"]}

    def segments(html: str) -> tuple[Segment, ...]:
        return tuple(s for s in visible_segments(html) if s.text not in metas)

    screen = [Shown("the source cards", None, segments(module.page.sources_html()))]
    reuse_map = module.reuse_map_html()
    screen.append(Shown("the reuse map", None, segments(reuse_map), reuse_map=True))
    screen += [
        Shown(f"question {q['id']}", q.get("claim"), question_text(q), question=q["id"])
        for q in spec["questions"]
    ]
    for q in spec["questions"]:
        yield q, screen
        question = module.questions[q["id"]]
        for label, response in (("a wrong", wrong_answer(q)), ("the right", right_response(q))):
            if response is None:
                continue
            html = question.submit(response).html
            where = f"the feedback of {q['id']} ({label} answer)"
            screen = [*screen, Shown(where, q.get("claim"), segments(html), feedback=True)]
            if module.reuse_map_html() != reuse_map:  # a check may open the map
                reuse_map = module.reuse_map_html()
                where = f"the reuse map after {q['id']} ({label} answer)"
                screen.append(Shown(where, None, segments(reuse_map), reuse_map=True))


# ---------------------------------------------------------------- rules


def fixed_phrases(spec: dict[str, Any]) -> set[str]:
    return {fold(v) for v in spec["text"].values() if "{" not in v and len(v.split()) >= 3}


def without(text: str, labels: list[str]) -> str:
    for label in sorted(labels, key=len, reverse=True):
        text = re.sub(re.escape(label), " ", text, flags=re.IGNORECASE)
    return text


def statement_runs(spec: dict[str, Any], q: dict[str, Any]) -> set[str]:
    claim = spec["claims"].get(q.get("claim") or "") or {}
    words = re.findall(r"\w[\w'-]*", fold(str(q.get("statement") or claim.get("topic") or "")))
    return {" ".join(words[i : i + STATEMENT_RUN]) for i in range(len(words) - STATEMENT_RUN + 1)}


def own_claim(q: dict[str, Any], screen: list[Shown]) -> list[Shown]:
    if not q.get("claim"):
        return []
    return [s for s in screen if s.claim == q["claim"] and s.question != q["id"]]


def marked_cards(spec, answer: str, shown: Shown) -> list[str]:
    """Rule (a): the answer's card carries a fixed sentence no other card carries."""
    if not shown.feedback:
        return []
    fixed, grouped, found = fixed_phrases(spec), cards(list(shown.segments)), []
    for number, card in grouped.items():
        if not names(card[0].text, answer):
            continue
        elsewhere = {fold(s.text) for n, c in grouped.items() if n != number for s in c}
        found += [
            f"{shown.where}: its card is marked “{seg.text}”"
            for seg in card[1:]
            if fold(seg.text) in fixed and fold(seg.text) not in elsewhere
        ]
    return found


def choice_leaks(spec, q, screen) -> list[str]:
    answer, options = q["answer"], q["options"]
    found = [
        f"its own text: “{seg.text}”"
        for seg in own_words(q)
        if singles_out(seg.text, answer, options)
    ]
    runs = statement_runs(spec, q)
    for shown in [*own_claim(q, screen), screen[0]]:
        found += marked_cards(spec, answer, shown)
        found += [
            f"{shown.where}: “{seg.text}”"
            for seg in shown.segments
            if not seg.heading
            and singles_out(seg.text, answer, options)
            and any(names(seg.text, run) for run in runs)
        ]
    return found


def match_leaks(spec, q, screen) -> list[str]:
    titles = [s["title"] for s in spec["sources"]]
    found = []
    for item in q["items"]:
        label, answer = item["label"], q["answer"][item["key"]]
        source = max((t for t in titles if names(label, t)), key=len, default=label)
        for shown in [*own_claim(q, screen), Shown("its own text", None, own_words(q))]:
            headings = {s.card: s.text for s in shown.segments if s.heading}
            for seg in shown.segments:
                if seg.heading or seg.text in (label, *q["options"]):
                    continue
                about = names(seg.text, source) or names(headings.get(seg.card, ""), source)
                rest = without(seg.text, [*titles, label])
                if about and singles_out(rest, answer, q["options"]):
                    found.append(f"item “{label}” → “{answer}” in {shown.where}: “{seg.text}”")
    return found


def number_leaks(spec, q, screen) -> list[str]:
    figure = float(q["answer"])
    titles = [s["title"] for s in spec["sources"]]
    own = own_words(q)
    named = [t for t in titles if any(names(seg.text, t) for seg in own)]

    def prints(text: str) -> bool:
        return any(abs(f - figure) <= 1e-9 * max(1.0, abs(figure)) for f in figures(text))

    found = [f"its own text: “{seg.text}”" for seg in own if prints(without(seg.text, titles))]
    for shown in own_claim(q, screen):
        headings = {s.card: s.text for s in shown.segments if s.heading}
        for seg in shown.segments:
            if seg.heading or not prints(without(seg.text, titles)):
                continue
            if any(names(seg.text, t) or names(headings.get(seg.card, ""), t) for t in named):
                found.append(f"{shown.where}: “{seg.text}”")
    return found


RULES = {"choice": choice_leaks, "match": match_leaks, "number": number_leaks}
MAP_MOVES = ("trace-the-original", "quote-or-paraphrase")


def reuse_map_leaks(spec, q, screen) -> list[str]:
    """Rules (d) and (e): what the reuse map gives away while it is open."""
    maps = [s for s in screen if s.reuse_map]
    if not maps or not is_open_map(spec, maps[-1]):
        return []
    found = []
    if q["kind"] == "choice":
        titles = [s["title"] for s in spec["sources"]]
        named = [t for t in titles if any(names(seg.text, t) for seg in own_words(q))]
        # a long source title is cut to an option label ending in "…"
        options = [o.removesuffix("…").strip() for o in q["options"]]
        answer = q["answer"].removesuffix("…").strip()
        found += [
            f"{maps[-1].where}: “{seg.text}”"
            for seg in maps[-1].segments
            if singles_out(without(seg.text, named), answer, options)
            and any(names(seg.text, t) for t in named)
        ]
    if q.get("move") in MAP_MOVES and lined_up(spec, q):
        found.append(f"{maps[-1].where}: it lines up the question's passages side by side")
    return found


def is_open_map(spec, shown: Shown) -> bool:
    intro = fold(spec["text"]["reuse_intro"])
    return any(fold(seg.text) == intro for seg in shown.segments)


def lined_up(spec, q) -> bool:
    """The map shows two of the question's passages (in two texts) side by side."""
    evidence = q.get("evidence") or []

    def overlaps(source: str, span: list[int]) -> bool:
        return any(
            p["source"] == source and p["start"] < span[1] and span[0] < p["end"] for p in evidence
        )

    return any(
        overlaps(pair["a"], passage["a"]) and overlaps(pair["b"], passage["b"])
        for pair in (spec.get("reuse") or {}).get("pairs", [])
        for passage in pair["passages"]
    )


AFTER = re.compile(r" \((a wrong|the right) answer\)")


def module_leaks(spec: dict[str, Any], log_dir) -> list[str]:
    """One line per leak; a leak in the feedback after both answers is listed once."""
    leaks: dict[str, list[str]] = {}
    for q, screen in walk(spec, log_dir):
        rule = RULES.get(q["kind"])
        for leak in [*(rule(spec, q, screen) if rule else []), *reuse_map_leaks(spec, q, screen)]:
            after = AFTER.search(leak)
            key = f"{q['id']}: answer given away by {AFTER.sub('', leak)}"
            leaks.setdefault(key, [])
            if after:
                leaks[key].append(after.group(1))
    return [f"{key} (after {' and '.join(a)} answer)" if a else key for key, a in leaks.items()]


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("spec", seed_specs(), ids=lambda spec: spec["module"])
def test_no_answer_is_on_screen_before_its_question_is_checked(spec, tmp_path, shown, clock):
    leaks = module_leaks(spec, tmp_path)
    questions = {leak.split(":", 1)[0] for leak in leaks}
    report = "\n".join(leaks)
    print(f"\n{spec['module']}: {len(questions)} question(s) given away, {len(leaks)} leak(s)")
    print(report)
    assert not leaks, f"{len(questions)} question(s) of {spec['module']} given away:\n{report}"


# ---------------------------------------------------------------- the walk itself


def test_visible_text_keeps_cards_and_drops_verbatim_source_text():
    html = (
        '<div class="samestory-passage"><p><strong>Gazette</strong><br>Ortiz · news</p>'
        "<blockquote>the <mark>abrupt closure</mark></blockquote><p>Frame: conflict</p>"
        '<details><summary>Read</summary><div class="samestory-source-text">All of it'
        "</div></details></div><p>Why: the board</p>"
    )
    assert visible_segments(html) == [
        Segment("Gazette", 1, heading=True),
        Segment("Ortiz · news", 1),
        Segment("Frame: conflict", 1),
        Segment("Read", 1),
        Segment("Why: the board", None),
    ]


@pytest.mark.parametrize(
    ("fixture", "found"),
    [
        ("clean", []),
        ("number-in-prompt", ["cost: answer given away by its own text"]),
        ("choice-names-answer", ["who-is-quoted: answer given away by its own text"]),
    ],
)
def test_the_rules_pass_a_clean_module_and_catch_an_answer_in_the_prompt(
    fixture, found, tmp_path, shown, clock
):
    (spec,) = fixture_specs(fixture)
    assert [leak.split(": “")[0] for leak in module_leaks(spec, tmp_path)] == found


def test_the_walk_catches_the_reuse_map_if_it_opened_before_its_questions(
    monkeypatch, tmp_path, shown, clock
):
    """The map is closed until its questions are answered; were it open from the
    start, the walk would find the copy questions it answers."""
    from generator.runtime import reuseview

    spec = next(s for s in seed_specs() if s["module"] == "trace-to-origin")
    assert module_leaks(spec, tmp_path / "closed") == []
    monkeypatch.setattr(reuseview, "is_open", lambda reuse, settled: True)
    leaks = module_leaks(spec, tmp_path / "open")
    by_map = [leak for leak in leaks if "the reuse map" in leak]
    given_away = {leak.split(":", 1)[0] for leak in by_map}
    assert given_away == {
        "one-sided-media/copied-from",
        "combat-experience/quote-or-paraphrase",
    }, "\n".join(leaks)
    # rule (d), a sentence naming the copy and its original, as well as rule (e)
    assert any("lines up" not in leak for leak in by_map)
