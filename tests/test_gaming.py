"""Bots that ignore the sources must score no better than chance (issue 10 item 4).

Four bots play every seed module through the learner API (``q.options`` and
``q.items`` as this learner is shown them; ``q.submit``), first attempts only:

* ``random`` — a random option (``multi``: a random non-empty set; ``match``: a
  random option per item);
* ``first`` — always the first option shown (``match``: the first for every item);
* ``most-right`` — the label that was the right answer most often so far in the
  module (the bot reads the answer once it is revealed: after a second miss);
* ``most-named`` — the option named most often on screen before the question (source
  cards, every question's own text, the feedback the bot has had), for a ``match``
  item counting first the sentences about that item's source.

Ties are broken at random (seeded). Each bot plays ``RUNS`` learners, each with a
fixed seed (the runtime's per-learner option order comes from a token that the test
fixes, so the figures are reproducible), and its score is their average.

Score = percentage of the maximum over the graded ``choice``, ``match`` and ``multi``
questions. Other questions get the same valid, wrong answer from every bot and are
not counted. **Chance** is a random player's exact expected score (by the runtime's
scorer over every possible response), the limit of the ``random`` bot's average.
The test fails when a bot scores more than ``MARGIN`` points above chance.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import os
import random
import re
import secrets
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from learner_walk import Segment, seed_specs, visible_segments, wrong_response

from generator import runtime
from generator.building.itemtext import fold, names
from generator.building.testspec import learner_spec
from generator.runtime import order
from generator.runtime.scoring import score

MARGIN = 5.0  # points of percentage above chance
PLAYED = ("choice", "match", "multi")
# Learners played per bot. The option order is each learner's own, so "first" needs
# many to average it out; the other bots' picks depend on the order only through
# their random tie-breaks; "random" is shown for comparison only (the bar is the
# exact chance). Only "most-named" reads the screen, which is what costs.
RUNS = {"random": 10, "first": 30, "most-right": 10, "most-named": 5}
READS_THE_SCREEN = "most-named"


def played(q: dict[str, Any]) -> bool:
    return q["kind"] in PLAYED and q.get("graded", True)


# ---------------------------------------------------------------- chance


def chance(q: dict[str, Any]) -> float:
    """A random player's expected score on ``q`` (scored by the runtime)."""
    options = q["options"]
    if q["kind"] == "choice":
        return sum(score(q, o).score for o in options) / len(options)
    if q["kind"] == "multi":
        sets = [
            list(c) for n in range(1, len(options) + 1) for c in itertools.combinations(options, n)
        ]
        return sum(score(q, s).score for s in sets) / len(sets)
    # match: credit is the share of right items, so each item counts on its own
    right = q["answer"]
    return sum(
        sum(score(q, {**right, key: o}).correct for o in options) / len(options) for key in right
    ) / len(right)


def chance_percent(spec: dict[str, Any]) -> float:
    games = [q for q in spec["questions"] if played(q)]
    return 100 * sum(chance(q) for q in games) / len(games)


# ---------------------------------------------------------------- bots


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)")


class Bot:
    """What a bot knows: the screen so far, the answers revealed so far."""

    def __init__(self, strategy: str, rng: random.Random, titles: list[str]) -> None:
        self.strategy, self.rng, self.titles = strategy, rng, titles
        self.right: Counter[str] = Counter()
        self.screen: list[tuple[Segment, str]] = []  # each with its folded text
        self.headings: dict[int | None, str] = {}

    def see(self, segments: list[Segment]) -> None:
        for seg in segments:
            self.screen.append((seg, fold(seg.text)))
            if seg.heading:
                self.headings[seg.card] = fold(seg.text)

    def best(self, options: list[str], rank: Callable[[str], Any]) -> str:
        ranks = {o: rank(o) for o in options}
        top = max(ranks.values())
        return self.rng.choice([o for o in options if ranks[o] == top])

    def named(self, option: str, about: str | None = None) -> int:
        """In how many sentences on screen ``option`` is named (only those about the
        source ``about``, when given: naming it or in its card)."""
        find, near = _pattern(option).search, _pattern(about).search if about else None
        return sum(
            1
            for seg, text in self.screen
            if find(text) and (near is None or near(text) or near(self.headings.get(seg.card, "")))
        )

    def source_of(self, label: str) -> str:
        return max((t for t in self.titles if names(label, t)), key=len, default=label)

    def pick(self, q: Any) -> str:
        options = q.options
        if self.strategy == "first":
            return options[0]
        if self.strategy == "random":
            return self.rng.choice(options)
        if self.strategy == "most-right":
            return self.best(options, lambda o: self.right[o])
        return self.best(options, self.named)

    def pick_item(self, q: Any, key: str) -> str:
        if self.strategy != "most-named":
            return self.pick(q)
        about = self.source_of(q.item_labels[key])
        return self.best(q.options, lambda o: (self.named(o, about), self.named(o)))

    def response(self, q: Any) -> Any:
        if q.kind == "match":
            return {key: self.pick_item(q, key) for key in q.items}
        if q.kind == "multi" and self.strategy == "random":
            while True:
                picks = [o for o in q.options if self.rng.random() < 0.5]
                if picks:
                    return picks
        return [self.pick(q)] if q.kind == "multi" else self.pick(q)


def revealed(q: dict[str, Any]) -> list[str]:
    answer = q["answer"]
    if isinstance(answer, dict):
        return list(answer.values())
    return list(answer) if isinstance(answer, list) else [answer]


def play(spec: dict[str, Any], strategy: str, run: int, log_dir, monkeypatch) -> float:
    """One learner's percentage on the played questions of one module."""
    token = hashlib.sha256(f"{strategy}/{run}".encode()).hexdigest()
    monkeypatch.setattr(secrets, "token_hex", lambda n=16: token[: 2 * n])
    # A fresh log holds no seed, so the order comes from the kernel's seed, drawn once
    # at import: fix it per learner too, or every learner sees one and the same order.
    monkeypatch.setattr(order, "KERNEL_SEED", token[: 2 * order.SEED_BYTES])
    # What the notebook carries: a pretest's or posttest's spec has no key.
    module = runtime.load_module(copy.deepcopy(learner_spec(spec)), log_dir=log_dir)
    bot = Bot(strategy, random.Random(token), [s["title"] for s in spec["sources"]])
    reads = strategy == READS_THE_SCREEN
    if reads:
        bot.see(visible_segments(module.page.sources_html()))
        for q in spec["questions"]:
            texts = [q.get("heading"), q.get("prompt"), q.get("statement"), *q.get("options", [])]
            texts += [item["label"] for item in q.get("items") or []]
            bot.see([Segment(t) for t in texts if t])
    points = 0.0
    for spec_q in spec["questions"]:
        q = module.questions[spec_q["id"]]
        if not played(spec_q) and not reads:
            continue  # only its feedback could matter, and this bot does not read
        response = bot.response(q) if played(spec_q) else wrong_response(spec_q)
        if response is None:
            continue
        feedback = q.submit(response)
        # Scored with the key, not read from the feedback: a pretest or posttest
        # scores nothing on screen, and its key must not pay a strategy either.
        points += score(spec_q, response).score if played(spec_q) else 0.0
        if reads:
            if not feedback.correct:  # a second miss reveals the answer
                feedback = q.submit(response)
            bot.see(visible_segments(feedback.html))
        if played(spec_q) and feedback.scored:  # a test never shows the answer
            bot.right.update(revealed(spec_q))
    games = sum(1 for q in spec["questions"] if played(q))
    return 100 * points / games


@pytest.mark.parametrize("spec", seed_specs(), ids=lambda spec: spec["module"])
def test_no_strategy_that_ignores_the_sources_beats_chance(
    spec, tmp_path, monkeypatch, shown, clock
):
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # the answer logs are thrown away
    figures = {
        strategy: sum(
            play(spec, strategy, run, tmp_path / f"{strategy}-{run}", monkeypatch)
            for run in range(runs)
        )
        / runs
        for strategy, runs in RUNS.items()
    }
    base = chance_percent(spec)
    games = sum(1 for q in spec["questions"] if played(q))
    row = "  ".join(f"{name} {value:5.1f}" for name, value in figures.items())
    print(f"\n{spec['module']:28} {games:2} played  chance {base:5.1f}  {row}")
    over = {k: v for k, v in figures.items() if k != "random" and v > base + MARGIN}
    assert not over, (
        f"{spec['module']}: "
        + ", ".join(f"{k} scores {v:.1f} %" for k, v in over.items())
        + f" against chance {base:.1f} % (at most {base + MARGIN:.1f} %)"
    )


# ---------------------------------------------------------------- the bots themselves


class Shown:
    """A question as the learner API shows it: just what the bots look at."""

    def __init__(self, kind: str, options: list[str], labels: dict[str, str] | None = None):
        self.kind, self.options = kind, options
        self.item_labels = labels or {}
        self.items = list(self.item_labels)


def test_chance_is_the_expected_score_of_a_random_answer():
    options = ["a", "b", "c", "d"]
    assert chance({"id": "q", "kind": "choice", "options": options, "answer": "b"}) == 0.25
    items = [{"key": "x", "label": "X"}, {"key": "y", "label": "Y"}]
    match = {"id": "m", "kind": "match", "items": items, "options": options}
    assert chance({**match, "answer": {"x": "a", "y": "a"}}) == 0.25
    multi = {"id": "n", "kind": "multi", "options": ["a", "b"], "answer": ["a"]}
    assert chance(multi) == pytest.approx(1 / 3)  # {a} scores 1, {b} and {a, b} score 0


def test_the_bots_play_their_strategies():
    rng = random.Random(0)
    first = Bot("first", rng, [])
    assert first.response(Shown("choice", ["b", "a"])) == "b"
    assert first.response(Shown("multi", ["b", "a"])) == ["b"]

    right = Bot("most-right", rng, [])
    right.right.update(["no one", "no one", "the mayor"])
    assert right.response(Shown("choice", ["the mayor", "no one", "a"])) == "no one"

    named = Bot("most-named", rng, ["Gazette", "Blog"])
    named.see(
        [
            Segment("Gazette", card=1, heading=True),
            Segment("Frame: conflict", card=1),
            Segment("Blog", card=2, heading=True),
            Segment("Frame: betrayal", card=2),
            Segment("betrayal, betrayal: the blog's word"),
        ]
    )
    question = Shown("match", ["betrayal", "conflict"], {"g": "Gazette", "b": "Blog"})
    assert named.response(question) == {"g": "conflict", "b": "betrayal"}
    assert named.response(Shown("choice", ["conflict", "betrayal"])) == "betrayal"
