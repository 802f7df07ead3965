"""The class report's figures (``export --report class.html``): per-move mastery,
pre → post gains, item statistics by move, confident mistakes, and who needs help.

Everything is computed from the re-scored gradebook rows (first attempts only, as in
the gradebook); the page itself is laid out by :mod:`generator.grading.report_page`.
docs/grading.md ("Class report") defines every figure for teachers; in short:

* **Mastery** of a move: the points a learner earned on that move's questions out of
  the points possible, over every module handed in except pretests (a pretest
  measures what the class knew *before* the unit). The class figure is the mean of
  the learners' mastery, each learner weighing the same.
* **Normalised gain** (Hake 1998): ⟨g⟩ = (⟨post⟩ − ⟨pre⟩) / (100 % − ⟨pre⟩), the gain of
  the class means, over the learners who took both tests. Not the mean of individual
  gains: a learner who starts near the maximum has a denominator near zero and an
  individual gain of ±several, which would swing the class figure; one at the
  maximum has none. The class figure is undefined only when the class mean pretest
  is 100 %. Individual gains are listed per learner (blank when the pretest was full).
* **Its interval**: a 95 % percentile bootstrap over learners (BOOTSTRAP_SAMPLES
  resamples, fixed seed, so the page is the same on every run). Bootstrap, not a
  t-interval: ⟨g⟩ is a ratio of means, and its sampling distribution is skewed when
  the pretest mean is high.
* **Improved / stayed / fell**: *stayed* is a change of at most one question's worth
  (1 / the larger test's number of questions): one lucky guess is not progress.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..gradebook import Row
from ..gradetables import move_ids
from ..i18n import shared_language
from ..itemstats import ItemStat, item_stats

HELP_THRESHOLD = 0.5  # mastery below it on a move: listed under "who needs help"
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 14  # any fixed number: the same class gives the same interval
CONFIDENCE_LEVEL = 0.95
EPSILON = 1e-9  # scores are sums of floats


@dataclass(frozen=True)
class LearnerMastery:
    name: str
    mastery: dict[str, float]  # move → earned / possible (moves this learner met)


@dataclass(frozen=True)
class PairedLearner:
    name: str
    pre: float  # share of the pretest's points, 0..1
    post: float
    gain: float | None  # (post − pre) / (1 − pre); None when pre is full marks
    change: str  # "improved" | "stayed" | "fell"


@dataclass(frozen=True)
class PrePost:
    story: str
    pretest: str
    posttest: str
    learners: tuple[PairedLearner, ...]
    pre_only: tuple[str, ...]  # took the pretest, not (yet) the posttest
    post_only: tuple[str, ...]
    mean_pre: float | None
    mean_post: float | None
    gain: float | None
    interval: tuple[float, float] | None
    stayed_within: float  # one question's worth, as a share

    def count(self, change: str) -> int:
        return sum(1 for learner in self.learners if learner.change == change)


@dataclass(frozen=True)
class NeedsHelp:
    name: str
    move: str
    mastery: float
    missed: tuple[tuple[str, str], ...]  # (module, heading) of that move's questions missed


@dataclass(frozen=True)
class ConfidentMistake:
    story: str
    module: str
    question: str  # heading
    sure_wrong: int  # first attempts marked "sure" that were not fully right
    sure: int  # first attempts marked "sure"


@dataclass(frozen=True)
class ClassReport:
    moves: tuple[str, ...]
    learners: tuple[LearnerMastery, ...]
    class_mastery: dict[str, float]  # move → mean of learners' mastery
    pairs: tuple[PrePost, ...]
    items: tuple[ItemStat, ...]
    confident: tuple[ConfidentMistake, ...]
    needs_help: tuple[NeedsHelp, ...]
    threshold: float
    language: str = "en"  # the exported stories' language, English when they disagree


def class_report(
    rows: list[Row], roles: Mapping[tuple[str, str], str], threshold: float = HELP_THRESHOLD
) -> ClassReport:
    """Every figure of the report; ``roles`` maps (story, module) to its role."""
    named = [row for row in rows if row.learner]  # a blank name cannot be followed
    taught = [row for row in named if roles.get((row.story, row.module)) != "pretest"]
    moves = tuple(move_ids(taught))
    learners = mastery_by_learner(taught, moves)
    return ClassReport(
        moves=moves,
        learners=learners,
        class_mastery=class_mastery(learners, moves),
        pairs=tuple(pre_post(named, roles)),
        items=tuple(item_stats(rows)),
        confident=tuple(confident_mistakes(rows)),
        needs_help=tuple(needs_help(taught, learners, threshold)),
        threshold=threshold,
        language=shared_language(row.key.spec.get("language") for row in rows if row.key.spec),
    )


# ---------------------------------------------------------------- mastery


def by_learner(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """Rows grouped by learner (names compared case-insensitively, as the gradebook
    merges duplicates), in the order learners first appear."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.learner.casefold(), []).append(row)
    return groups


def mastery_by_learner(rows: list[Row], moves: tuple[str, ...]) -> tuple[LearnerMastery, ...]:
    out = []
    for group in by_learner(rows).values():
        earned: dict[str, float] = {}
        possible: dict[str, int] = {}
        for row in group:
            for move, score in row.move_scores().items():
                earned[move] = earned.get(move, 0.0) + score
                possible[move] = possible.get(move, 0) + len(row.key.moves[move])
        mastery = {m: earned[m] / possible[m] for m in moves if possible.get(m)}
        out.append(LearnerMastery(group[0].learner, mastery))
    return tuple(sorted(out, key=lambda lm: (lm.name.casefold(), lm.name)))


def class_mastery(learners: tuple[LearnerMastery, ...], moves: tuple[str, ...]) -> dict[str, float]:
    means = {}
    for move in moves:
        values = [lm.mastery[move] for lm in learners if move in lm.mastery]
        if values:
            means[move] = statistics.fmean(values)
    return means


# ---------------------------------------------------------------- pre → post


def paired_tests(roles: Mapping[tuple[str, str], str]) -> list[tuple[str, str, str]]:
    """(story, pretest, posttest): a story's pretests and posttests paired in corpus
    order (the first pretest with the first posttest...)."""
    stories: dict[str, dict[str, list[str]]] = {}
    for (story, module), role in roles.items():
        if role in ("pretest", "posttest"):
            stories.setdefault(story, {"pretest": [], "posttest": []})[role].append(module)
    return [
        (story, pre, post)
        for story, found in stories.items()
        for pre, post in zip(found["pretest"], found["posttest"], strict=False)
    ]


def pre_post(rows: list[Row], roles: Mapping[tuple[str, str], str]) -> list[PrePost]:
    out = []
    for story, pre_id, post_id in paired_tests(roles):
        pre = {k: g[0] for k, g in by_learner(_of(rows, story, pre_id)).items()}
        post = {k: g[0] for k, g in by_learner(_of(rows, story, post_id)).items()}
        if not pre and not post:
            continue
        out.append(_pair(story, pre_id, post_id, pre, post))
    return out


def _of(rows: list[Row], story: str, module: str) -> list[Row]:
    return [row for row in rows if row.story == story and row.module == module]


def _pair(story: str, pre_id: str, post_id: str, pre: dict, post: dict) -> PrePost:
    biggest = max((r.max_score for r in (*pre.values(), *post.values())), default=1)
    within = 1 / biggest if biggest else 0.0
    learners = []
    for key in sorted(set(pre) & set(post)):
        p, q = share(pre[key]), share(post[key])
        learners.append(
            PairedLearner(pre[key].learner, p, q, individual_gain(p, q), change(p, q, within))
        )
    learners.sort(key=lambda pl: (pl.name.casefold(), pl.name))
    pres = [pl.pre for pl in learners]
    posts = [pl.post for pl in learners]
    return PrePost(
        story=story,
        pretest=pre_id,
        posttest=post_id,
        learners=tuple(learners),
        pre_only=tuple(sorted(pre[k].learner for k in set(pre) - set(post))),
        post_only=tuple(sorted(post[k].learner for k in set(post) - set(pre))),
        mean_pre=statistics.fmean(pres) if pres else None,
        mean_post=statistics.fmean(posts) if posts else None,
        gain=class_gain(pres, posts),
        interval=bootstrap_interval(pres, posts),
        stayed_within=within,
    )


def share(row: Row) -> float:
    return row.score / row.max_score if row.max_score else 0.0


def individual_gain(pre: float, post: float) -> float | None:
    return None if pre >= 1 - EPSILON else (post - pre) / (1 - pre)


def change(pre: float, post: float, within: float) -> str:
    if abs(post - pre) <= within + EPSILON:
        return "stayed"
    return "improved" if post > pre else "fell"


def class_gain(pres: list[float], posts: list[float]) -> float | None:
    """Hake's ⟨g⟩ of the class means; None without learners or with a full pretest."""
    if not pres:
        return None
    mean_pre = statistics.fmean(pres)
    if mean_pre >= 1 - EPSILON:
        return None
    return (statistics.fmean(posts) - mean_pre) / (1 - mean_pre)


def bootstrap_interval(pres: list[float], posts: list[float]) -> tuple[float, float] | None:
    """95 % percentile bootstrap of :func:`class_gain`, resampling learners with a
    fixed seed; None for fewer than 2 learners (no spread to resample)."""
    n = len(pres)
    if n < 2:
        return None
    rng = random.Random(BOOTSTRAP_SEED)
    indices = range(n)
    gains = []
    for _ in range(BOOTSTRAP_SAMPLES):
        picked = rng.choices(indices, k=n)
        gain = class_gain([pres[i] for i in picked], [posts[i] for i in picked])
        if gain is not None:  # a resample of full pretests only has no gain
            gains.append(gain)
    if not gains:
        return None
    gains.sort()
    tail = (1 - CONFIDENCE_LEVEL) / 2
    low = gains[int(tail * (len(gains) - 1))]
    high = gains[int(round((1 - tail) * (len(gains) - 1)))]
    return low, high


# ---------------------------------------------------------------- items and help


def heading(question: Mapping[str, Any]) -> str:
    return str(question.get("heading") or question["id"])


def confident_mistakes(rows: list[Row]) -> list[ConfidentMistake]:
    """Questions where a learner said "sure" and was not fully right, most first."""
    found: dict[tuple[str, str, str], list[int]] = {}
    for row in rows:
        for qid in row.key.confidence_ids:
            answer = row.answers.get(qid)
            if answer is None or answer.confidence != "sure":
                continue
            counts = found.setdefault((row.story, row.module, qid), [0, 0])
            counts[1] += 1
            counts[0] += answer.first_score < 1 - EPSILON
    questions = {(r.story, r.module, q["id"]): q for r in rows for q in r.key.questions}
    out = [
        ConfidentMistake(story, module, heading(questions[story, module, qid]), wrong, sure)
        for (story, module, qid), (wrong, sure) in found.items()
        if wrong
    ]
    return sorted(out, key=lambda c: (-c.sure_wrong, c.story, c.module, c.question))


def needs_help(
    rows: list[Row], learners: tuple[LearnerMastery, ...], threshold: float
) -> list[NeedsHelp]:
    """Each learner below ``threshold`` on a move, with the questions of that move
    they did not get fully right on the first attempt (unanswered ones included)."""
    groups = by_learner(rows)
    out = []
    for lm in learners:
        for move, value in lm.mastery.items():
            if value >= threshold - EPSILON:
                continue
            missed = [
                (row.module, heading(q))
                for row in groups[lm.name.casefold()]
                for q in row.key.questions
                if q["id"] in row.key.moves.get(move, ())
                and (q["id"] not in row.answers or row.answers[q["id"]].first_score < 1 - EPSILON)
            ]
            out.append(NeedsHelp(lm.name, move, value, tuple(dict.fromkeys(missed))))
    return out
