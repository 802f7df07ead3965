"""Pretest and posttest modules (issue 14 item 1): the notebook carries no key, the
learner is told "Answer recorded" and nothing more, and the export scores the test
from the corpus like any module. Pairing warnings (item 2) through ``validate``."""

from __future__ import annotations

import copy
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from build_helpers import REPO, build_seed_corpus, wrong_answer
from specs import answer_of, demo_spec

from generator import runtime
from generator.building.testspec import keyless_spec, learner_spec, neutral_order
from generator.corpus import load_corpus
from generator.notebook import spec_from_setup
from generator.questions import module_specs
from generator.runtime.records import RESULTS_MIME
from generator.runtime.scoring import recorded, score

SEED = REPO / "corpus"
TESTS = ("pretest", "posttest")
# Keys that decide or explain a score: none may be anywhere in a test's notebook.
KEY_FIELDS = {"answer", "accept", "why", "explanation", "hint", "function_words", "tolerance"}
KEY_FIELDS |= {"credited_to", "value", "terms", "frame", "primary", "note", "omission_note"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The seed corpus built by the real CLI, as ``make modules`` does."""
    out = tmp_path_factory.mktemp("modules")
    return build_seed_corpus(out)


@pytest.fixture(scope="module")
def seed_specs() -> dict[str, dict[str, Any]]:
    (story,) = load_corpus(SEED)
    return {spec["module"]: spec for spec in module_specs(story)}


def notebook_of(built: Path, module: str) -> Path:
    (path,) = (built / "kazakhstan-2022").glob(f"*{module}.ipynb")
    return path


def setup_spec(path: Path) -> dict[str, Any]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    setup = next(c for c in nb["cells"] if c["id"] == "setup")
    return spec_from_setup("".join(setup["source"]))


def keys_in(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def secrets_of(spec: dict[str, Any]) -> set[str]:
    """Every sentence the full spec has that explains or gives an answer."""
    found = {c["explanation"] for c in spec["claims"].values()}
    found |= {p["note"] for c in spec["claims"].values() for p in c["passages"] if p["note"]}
    for q in spec["questions"]:
        found |= {q.get("explanation") or "", q.get("hint") or ""}
        why = q.get("why") or {}
        for reason in why.values():
            found |= set(reason.values()) if isinstance(reason, dict) else {reason}
    return {s for s in found if len(s) > 20}


# ---------------------------------------------------------------- no key in the notebook


@pytest.mark.parametrize("module", TESTS)
def test_every_byte_of_a_test_notebook_is_free_of_the_key(built, seed_specs, module):
    path = notebook_of(built, module)
    raw = path.read_text(encoding="utf-8")
    carried = setup_spec(path)
    full = seed_specs[module]
    assert carried["role"] == module and carried["version"] == full["version"]
    assert not keys_in(carried["questions"]) & KEY_FIELDS
    assert not keys_in(carried["claims"]) & KEY_FIELDS
    assert all(c["passages"] == [] for c in carried["claims"].values())
    decoded = json.dumps(carried, ensure_ascii=False)
    leaked = [s for s in secrets_of(full) if s in decoded or s in raw]
    assert not leaked, leaked[:3]
    for q, shown in zip(full["questions"], carried["questions"], strict=True):
        if "options" in q:  # listed in an order that depends on neither key nor author
            assert shown["options"] == neutral_order(q["id"], q["options"])


def test_a_practice_notebook_still_carries_its_key(built, seed_specs):
    """The check above can fail: the same reading finds the key in a practice module."""
    carried = setup_spec(notebook_of(built, "whose-words"))
    assert "answer" in keys_in(carried["questions"])
    assert carried == seed_specs["whose-words"]


def test_the_key_command_still_gives_the_tests_answers(tmp_path, seed_specs):
    out = tmp_path / "key.json"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "key", "corpus", "-o", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    key = json.loads(out.read_text(encoding="utf-8"))["kazakhstan-2022"]["pretest"]
    for q in seed_specs["pretest"]["questions"]:
        assert key[q["id"]]["answer"] == q["answer"]


# ---------------------------------------------------------------- the learner's side


def load_test(log_dir: Path) -> Any:
    """The demo module as a pretest's notebook carries it (no key), loaded."""
    spec = keyless_spec(demo_spec(role="pretest"))
    return runtime.load_module(json.dumps(spec), log_dir=log_dir)


def test_a_test_records_every_kind_and_says_nothing_about_right_or_wrong(tmp_path, clock):
    full = demo_spec(role="pretest")
    m = load_test(tmp_path)
    m.learner = "Ana"
    for q in full["questions"]:
        for response in (wrong_answer(q), answer_of(full, q["id"])):
            if response is None:
                continue
            fb = m.questions[q["id"]].submit(response)
            assert fb.valid and not fb.scored and fb.message == "✓ Answer recorded"
            assert "Right" not in fb.html and "Not yet" not in fb.html and "Hint" not in fb.html
            assert m.questions[q["id"]].reveal() is fb  # no "Show the answer"
    record = m.results()
    assert record["mode"] == "test" and record["score"] is None and "moves" not in record
    assert all(a["first"]["score"] is None for a in record["answers"].values())
    summary = m._summary_html()
    total = len(full["questions"])
    assert f"You answered {total} of {total} questions." in summary
    assert "score:" not in summary.lower().replace("no score", "")


def test_recording_checks_and_normalises_a_response_exactly_as_scoring_does():
    full = demo_spec()
    keyless = {k["id"]: k for k in keyless_spec({**full, "role": "pretest"})["questions"]}
    for q in full["questions"]:
        bare = keyless[q["id"]]
        assert "answer" not in bare
        responses = [answer_of(full, q["id"]), wrong_answer(q), None, "x", [99], {"no": "x"}, 1e400]
        for response in responses:
            kept, scored = recorded(bare, response), score(q, response)
            assert (kept.valid, kept.response, kept.problem_key) == (
                scored.valid,
                scored.response,
                scored.problem_key,
            ), (q["id"], response)
            assert kept.score == 0.0 and not kept.correct


def test_a_malformed_answer_is_refused_in_a_test_too(tmp_path, clock):
    m = load_test(tmp_path)
    q = next(q for q in m.questions.values() if q.kind == "choice")
    fb = q.submit("not an option")
    assert not fb.valid and not fb.counted and q.attempts == 0
    assert "not one of the options" in fb.html


def test_the_answer_log_brings_a_test_back_with_the_first_answer_counting(tmp_path, clock):
    full = demo_spec(role="pretest")
    choice = next(q for q in full["questions"] if q["kind"] == "choice")
    m = load_test(tmp_path)
    m.learner = "Ana"
    m.questions[choice["id"]].submit(wrong_answer(choice))
    m.questions[choice["id"]].submit(choice["answer"])
    again = load_test(tmp_path)  # a new visit starts empty until Ana resumes (issue 13)
    assert again.questions[choice["id"]].attempts == 0
    again.learner = "Ana"
    again.resume()
    restored = again.questions[choice["id"]]
    assert restored.attempts == 2 and restored.feedback.restored
    assert "recorded an answer to this question 2 times" in restored.feedback.html
    first = again.results()["answers"][choice["id"]]["first"]
    assert first["response"] == wrong_answer(choice) and first["score"] is None
    lines = [json.loads(line) for line in m.log_path.read_text(encoding="utf-8").splitlines()]
    assert [entry["score"] for entry in lines if entry["question"]] == [None, None]


# ---------------------------------------------------------------- grading


def saved_with(notebook: Path, record: dict[str, Any], out: Path) -> Path:
    """The built notebook as a learner saves it: the results output filled in."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["id"] == "results")
    cell["outputs"] = [
        {"output_type": "display_data", "data": {RESULTS_MIME: record}, "metadata": {}}
    ]
    out.write_text(json.dumps(nb), encoding="utf-8")
    return out


def answered_posttest(spec: dict[str, Any], log_dir: Path) -> tuple[Any, float]:
    """Ana's posttest: every other first answer right, then each changed to the key's
    (not scored: the first counts). The module and the score the export must give."""
    m = runtime.load_module(copy.deepcopy(learner_spec(spec)), log_dir=log_dir)
    m.learner = "Ana"
    expected = 0.0
    for n, q in enumerate(q for q in spec["questions"] if q["kind"] != "reflect"):
        first = q["answer"] if n % 2 else wrong_answer(q)
        m.questions[q["id"]].submit(first)
        m.questions[q["id"]].submit(q["answer"])
        expected += score(q, first).score
    return m, expected


def exported_row(submission: Path, out: Path) -> dict[str, str]:
    grades = out / "grades.csv"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "export", str(submission), "-o", str(grades)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (row,) = list(csv.DictReader(grades.open(encoding="utf-8", newline="")))
    return row


def test_the_export_scores_a_saved_test_notebook_from_the_corpus(
    built, seed_specs, tmp_path, clock
):
    full = seed_specs["posttest"]
    m, expected = answered_posttest(full, tmp_path)
    saved = saved_with(notebook_of(built, "posttest"), m.results(), tmp_path / "ana.ipynb")
    row = exported_row(saved, tmp_path)
    graded = [q for q in full["questions"] if q["kind"] != "reflect"]
    assert (row["learner"], row["module"], row["flags"]) == ("Ana", "posttest", "")
    assert float(row["score"]) == pytest.approx(expected)
    assert int(row["max_score"]) == len(graded)
    assert 0 < expected < len(graded)


def test_the_export_scores_a_test_from_its_answer_log(seed_specs, tmp_path, clock):
    (tmp_path / "logs").mkdir()
    m, expected = answered_posttest(seed_specs["posttest"], tmp_path / "logs")
    row = exported_row(m.log_path, tmp_path)
    assert (row["learner"], row["module"], row["flags"]) == ("Ana", "posttest", "")
    assert float(row["score"]) == pytest.approx(expected)


# ---------------------------------------------------------------- pairing (validate)


def validate_edited(tmp_path: Path, old: str, new: str) -> subprocess.CompletedProcess[str]:
    """``validate --strict`` on the seed story with one line of story.yaml changed."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED, corpus)
    story = corpus / "kazakhstan-2022" / "story.yaml"
    text = story.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    story.write_text(text.replace(old, new), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--strict", str(corpus)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


POSTTEST = (
    "    claims: [which-media-got-it-wrong, protests-began, internet-restriction, "
    "state-of-emergency, clear-plan-of-attack]"
)


def test_the_seed_pair_tests_the_same_moves_with_comparable_weight(seed_specs):
    from generator.building.pairing import SHARE_POINTS, move_shares

    pre, post = move_shares(seed_specs["pretest"]), move_shares(seed_specs["posttest"])
    assert set(pre) == set(post) and len(pre) >= 5
    assert all(abs(pre[m] - post[m]) <= SHARE_POINTS for m in pre)
    assert not set(seed_specs["pretest"]["claims"]) & set(seed_specs["posttest"]["claims"])


def test_paired_tests_sharing_a_claim_are_warned_about(tmp_path):
    done = validate_edited(
        tmp_path, POSTTEST, POSTTEST.replace("clear-plan-of-attack", "provocations")
    )
    assert done.returncode == 2
    assert "module 'posttest': shares claim(s) provocations with 'pretest'" in done.stderr


def test_a_posttest_that_drops_a_move_is_warned_about(tmp_path):
    # protests-began gives the posttest its only "what is missing?" question
    done = validate_edited(tmp_path, POSTTEST, POSTTEST.replace("protests-began, ", ""))
    assert done.returncode == 2
    assert "move 'whats-missing' is tested by 'pretest' and not by its pair" in done.stderr


def test_a_posttest_on_practised_claims_is_warned_about(tmp_path):
    done = validate_edited(
        tmp_path, POSTTEST, POSTTEST.replace("clear-plan-of-attack", "crowd-labels")
    )
    assert done.returncode == 2
    assert "claim 'crowd-labels' is also practised in module 'whose-words'" in done.stderr
