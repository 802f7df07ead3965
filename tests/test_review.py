"""Review modules (issue 14, ``role: review``): at most 8 questions, on claims the
lessons practised, each asked in a form the lessons did not use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from build_helpers import REPO, wrong_answer

from generator import runtime
from generator.building.review import REVIEW_MAX, capped, practised
from generator.corpus import load_corpus
from generator.questions import module_specs

SEED = REPO / "corpus"


@pytest.fixture(scope="module")
def specs() -> dict[str, dict[str, Any]]:
    (story,) = load_corpus(SEED)
    return {spec["module"]: spec for spec in module_specs(story)}


def practice_questions(specs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [q for s in specs.values() if s["role"] == "practice" for q in s["questions"]]


def form(q: dict[str, Any]) -> tuple[Any, ...]:
    """What a learner meets: the same prompt on the same passages is the same form."""
    return (q["prompt"], q.get("statement"), json.dumps(q.get("evidence")), q.get("source"))


def test_the_seed_review_is_short_and_asks_practised_claims_in_new_forms(specs):
    review = specs["review"]
    assert review["role"] == "review"
    assert 5 <= len(review["questions"]) <= REVIEW_MAX
    practice = practice_questions(specs)
    asked = {(q["claim"], q["id"].partition("/")[2]) for q in practice}
    practised_claims = {claim for claim, _ in asked}
    seen_forms = {form(q) for q in practice}
    for q in review["questions"]:
        assert q["claim"] in practised_claims, q["id"]
        assert form(q) not in seen_forms, q["id"]
        slot = q["id"].partition("/")[2]
        if (q["claim"], slot) in asked:  # the same slot only on another source's passage
            used = {p["source"] for p in practice if p["id"] == q["id"]}
            assert q["kind"] == "words" and q["source"] not in used, q["id"]
    assert len({q["move"] for q in review["questions"]}) >= 5


def test_a_review_gives_feedback_like_practice(specs, tmp_path, clock):
    spec = specs["review"]
    m = runtime.load_module(json.dumps(spec), log_dir=tmp_path)
    q = spec["questions"][0]
    fb = m.questions[q["id"]].submit(wrong_answer(q))
    assert fb.scored and not fb.correct and "Hint" in fb.html
    assert m.results().get("mode") is None


def test_practised_counts_practice_modules_only(specs):
    done = practised(specs.values())
    only_in_tests = {"state-of-emergency", "clear-plan-of-attack"}  # the posttest's
    assert not only_in_tests & done.claims
    assert ("crowd-labels", "words") in done.slots


def test_capped_keeps_order_and_takes_each_move_in_turn():
    questions = [{"id": f"c/{n}", "move": move} for n, move in enumerate("aaabbc")]
    kept = capped(questions, limit=4)
    assert [q["id"] for q in kept] == ["c/0", "c/1", "c/3", "c/5"]
    assert capped(questions, limit=10) == questions


REVIEW = "    claims: [temporary-stay, not-prosecuted, crowd-labels, who-the-dead-were]"


def validate_with_review(tmp_path: Path, claims: str) -> subprocess.CompletedProcess[str]:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED, corpus)
    story = corpus / "kazakhstan-2022" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    assert text.count(REVIEW) == 1
    story.write_text(text.replace(REVIEW, f"    claims: [{claims}]"), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--strict", str(corpus)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_validate_warns_about_review_claims_never_practised_or_with_nothing_new(tmp_path):
    # state-of-emergency is only in the posttest; demands-fully-met is practised
    # in its one derivable form (who is credited), so there is nothing new to ask
    done = validate_with_review(tmp_path, "temporary-stay, state-of-emergency, demands-fully-met")
    assert done.returncode == 2
    assert "review claim 'state-of-emergency' is asked by no practice module" in done.stderr
    assert "review claim 'demands-fully-met' gets no question" in done.stderr


def test_build_refuses_a_review_left_with_no_question(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED, corpus)
    story = corpus / "kazakhstan-2022" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace(REVIEW, "    claims: [demands-fully-met]"), encoding="utf-8")
    out = tmp_path / "modules"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(corpus), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert "module 'review' asks no question" in done.stderr
    assert not out.exists()
