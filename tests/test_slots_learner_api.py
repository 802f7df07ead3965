"""Every reasoning-move slot of the seed story, through the learner API.

For each derived slot (issue 11), every question of that slot in the seed modules is
answered as a learner would through ``q.submit``: the key's answer is right; a wrong
answer is a counted attempt that scores less; where the kind gives partial credit, a
half-right answer scores strictly between 0 and 1; a malformed answer gets feedback,
is not counted and changes nothing in the record.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from learner_walk import seed_specs, wrong_response

from generator import runtime

SLOTS = (
    "copied-from",
    "credited",
    "quote-or-paraphrase",
    "what-changed",
    "how-sure",
    "missing",
    "voices",
    "figures",
    "same-count",
    "behind",
    "timeline",
    "words",
    "frames",
)


def slot_of(qid: str) -> str | None:
    return qid.rpartition("/")[2] if "/" in qid else None


def questions_of(slot: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Practice and review modules only: a pretest or posttest shows no score
    (tests/test_roles.py checks what it shows)."""
    return [
        (spec, q)
        for spec in seed_specs()
        if spec.get("role") not in ("pretest", "posttest")
        for q in spec["questions"]
        if slot_of(q["id"]) == slot and q["graded"]
    ]


def partly_right(q: dict[str, Any]) -> Any:
    """Half of the answer right, or None where the kind gives no partial credit."""
    answer = q["answer"]
    if q["kind"] == "match" and len(answer) >= 2:
        wrong = wrong_response(q)
        keys = list(answer)
        return {k: answer[k] if n % 2 == 0 else wrong[k] for n, k in enumerate(keys)}
    if q["kind"] == "multi" and len(answer) >= 2:
        return answer[:1]
    if q["kind"] == "words" and len(answer) >= 2:
        return answer[: len(answer) // 2]
    return None


MALFORMED = {
    "choice": "an option nobody offered",
    "multi": ["an option nobody offered"],
    "match": {"no-such-source": "no one"},
    "words": [10**6],
}


def test_the_seed_story_has_every_slot():
    missing = [slot for slot in SLOTS if not questions_of(slot)]
    assert not missing, f"no seed module asks {missing}"


@pytest.mark.parametrize("slot", SLOTS)
def test_right_wrong_partly_right_and_malformed_answers_of_a_slot(slot, tmp_path):
    for n, (spec, q) in enumerate(questions_of(slot)):
        m = runtime.load_module(copy.deepcopy(spec), log_dir=tmp_path / str(n))
        question = m.questions[q["id"]]
        assert question.move == q["move"]

        bad = question.submit(MALFORMED[q["kind"]])
        assert (bad.valid, bad.counted, question.attempts) == (False, False, 0), q["id"]
        assert q["id"] not in m.results()["answers"]

        wrong = question.submit(wrong_response(q))
        assert wrong.counted and wrong.score < 1.0, q["id"]
        half = partly_right(q)
        if half is not None:
            assert 0.0 < question.submit(half).score < 1.0, q["id"]
        right = question.submit(q["answer"])
        assert right.correct, q["id"]
        record = m.results()
        assert record["answers"][q["id"]]["first"]["score"] == wrong.score
        assert record["moves"][q["move"]]["score"] == record["score"], q["id"]
