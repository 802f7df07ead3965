"""Warnings about module roles: a pretest and a posttest that do not compare, and a
review module that reviews nothing (issue 14; docs/teaching.md says what to do).

**Pairing.** Every pretest of a story is paired with every posttest of it. A gain
from one to the other means something only when both measure the same skills on
different material, so a pair is warned about when

* a move is practised by one test and not the other (its graded questions);
* a move's *share* of the graded questions differs by more than
  :data:`SHARE_POINTS` percentage points (2 of 8 questions is 25 %, 3 of 12 is
  25 %: comparable; 1 of 9 against 5 of 12 is not);
* the two share a claim (the posttest would re-ask what the pretest asked);
* one has more than :data:`LENGTH_RATIO` times the graded questions of the other,
  or one asks "How sure are you?" and the other does not (what else differs);
* a posttest claim is in a practice module: its answers were shown in a lesson, so
  the posttest would measure recall of them rather than the move;
* a story has a pretest and no posttest, or the other way round.

**Review.** A review module is warned about when one of its claims is in no
practice module's questions (nothing to review), when a claim was practised in every form the
build can ask (nothing new to ask: building/review.py), or when hand-written
questions take it past :data:`~.review.REVIEW_MAX` questions.

All of these are warnings, not errors: a teacher may give a pretest alone, or a
posttest on practised claims on purpose; ``validate --strict`` fails on them.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ..authoring.lint import LintWarning
from .review import REVIEW_MAX

if TYPE_CHECKING:
    from ..model import Story
    from ..yamlsource import LoadedYaml

SHARE_POINTS = 15  # percentage points a move's share may differ between paired tests
LENGTH_RATIO = 1.5  # one test at most this many times as long as the other


def role_warnings(
    story: Story, specs: list[dict[str, Any]], loaded: LoadedYaml, shown: str
) -> list[LintWarning]:
    by_id = {spec["module"]: spec for spec in specs}
    index = {m.id: n for n, m in enumerate(story.modules)}

    def warn(module_id: str, what: str, fix: str) -> LintWarning:
        line = loaded.line(("modules", index[module_id], "id"))
        return LintWarning(shown, line, f"module '{module_id}': {what}", fix)

    pre = [m.id for m in story.modules if m.role == "pretest"]
    post = [m.id for m in story.modules if m.role == "posttest"]
    found = unpaired(pre, post, warn)
    for a in pre:
        for b in post:
            found += pair_warnings(by_id[a], by_id[b], warn)
    practice = practised_in(specs)
    for b in post:
        for claim in by_id[b]["claims"]:
            if claim in practice:
                found.append(
                    warn(
                        b,
                        f"claim '{claim}' is also practised in module '{practice[claim]}', "
                        "which shows its answers",
                        "take it out of the practice module, or give the posttest another "
                        "claim: a posttest on practised claims measures recall",
                    )
                )
    for m in story.modules:
        if m.role == "review":
            found += review_warnings(story, m.id, by_id[m.id], practice, warn)
        if not by_id[m.id]["questions"]:  # build refuses it (build.render_story)
            found.append(warn(m.id, "asks no question", "list claims that give questions"))
    return found


def practised_in(specs: list[dict[str, Any]]) -> dict[str, str]:
    """Claim → the first practice module that asks a question about it (a claim a
    module lists but whose every question was dropped in balancing is not practised)."""
    found: dict[str, str] = {}
    for spec in specs:
        if spec.get("role", "practice") == "practice":
            for q in spec["questions"]:
                if q.get("claim"):
                    found.setdefault(q["claim"], spec["module"])
    return found


def unpaired(pre: list[str], post: list[str], warn: Any) -> list[LintWarning]:
    if pre and not post:
        return [warn(pre[0], "a pretest with no posttest", "add a module with role: posttest")]
    if post and not pre:
        return [warn(post[0], "a posttest with no pretest", "add a module with role: pretest")]
    return []


def move_shares(spec: dict[str, Any]) -> dict[str, float]:
    """Each move's share of the module's graded questions, in percent."""
    moves = Counter(q.get("move") for q in graded(spec))
    total = sum(moves.values())
    return {str(m): 100 * n / total for m, n in moves.items()} if total else {}


def graded(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in spec["questions"] if q.get("graded", q["kind"] != "reflect")]


def pair_warnings(pre: dict[str, Any], post: dict[str, Any], warn: Any) -> list[LintWarning]:
    """What keeps a pretest's and a posttest's scores from comparing."""
    a, b = pre["module"], post["module"]
    found = []
    shares_a, shares_b = move_shares(pre), move_shares(post)
    for move in sorted(set(shares_a) ^ set(shares_b)):
        has, lacks = (a, b) if move in shares_a else (b, a)
        found.append(
            warn(
                lacks,
                f"move '{move}' is tested by '{has}' and not by its pair",
                "give both tests the same moves (docs/teaching.md)",
            )
        )
    for move in sorted(set(shares_a) & set(shares_b)):
        gap = abs(shares_a[move] - shares_b[move])
        if gap > SHARE_POINTS:
            found.append(
                warn(
                    b,
                    f"move '{move}' is {shares_b[move]:.0f} % of its questions and "
                    f"{shares_a[move]:.0f} % of '{a}''s ({gap:.0f} points apart)",
                    f"keep each move's share within {SHARE_POINTS} points in paired tests",
                )
            )
    shared = sorted(set(pre["claims"]) & set(post["claims"]))
    if shared:
        found.append(
            warn(
                b,
                f"shares claim(s) {', '.join(shared)} with '{a}'",
                "pair tests on different claims: the same moves, other material",
            )
        )
    return found + other_differences(pre, post, warn)


def other_differences(pre: dict[str, Any], post: dict[str, Any], warn: Any) -> list[LintWarning]:
    a, b = pre["module"], post["module"]
    found = []
    n_a, n_b = len(graded(pre)), len(graded(post))
    if max(n_a, n_b) > LENGTH_RATIO * min(n_a, n_b):
        found.append(
            warn(
                b,
                f"has {n_b} graded questions and '{a}' has {n_a}",
                f"keep paired tests within {LENGTH_RATIO:g} times each other's length",
            )
        )
    asks = [any(q.get("confidence") for q in s["questions"]) for s in (pre, post)]
    if asks[0] != asks[1]:
        found.append(
            warn(
                b,
                f"one of '{a}' and '{b}' asks \u201chow sure are you?\u201d and the other not",
                "set confidence: true on both or neither",
            )
        )
    return found


def review_warnings(
    story: Story, module_id: str, spec: dict[str, Any], practice: dict[str, str], warn: Any
) -> list[LintWarning]:
    module = next(m for m in story.modules if m.id == module_id)
    asked = {q.get("claim") for q in spec["questions"]}
    found = []
    for claim in module.claims:
        if claim not in practice:
            found.append(
                warn(
                    module_id,
                    f"review claim '{claim}' is asked by no practice module",
                    "review claims the lessons practised (or practise it in a lesson)",
                )
            )
        elif claim not in asked:
            found.append(
                warn(
                    module_id,
                    f"review claim '{claim}' gets no question: every form of it was "
                    "practised, or the module was full",
                    "list another practised claim, or fewer claims",
                )
            )
    if len(spec["questions"]) > REVIEW_MAX:
        found.append(
            warn(
                module_id,
                f"has {len(spec['questions'])} questions; a review has at most {REVIEW_MAX}",
                "move hand-written questions to another module",
            )
        )
    return found
