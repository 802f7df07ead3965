"""The answer log: a line per check and per name change, everything back after a
kernel restart, damaged lines skipped with one notice, an unwritable folder survived."""

from __future__ import annotations

import json

import pytest
from specs import TITLES, demo_spec, question_parts, spec_json

from generator import runtime

MFA, SHORT = TITLES["mfa-commentary"], TITLES["news-rewrite-short"]
LOG_NAME = "kazakhstan-2022__whose-words.samestory-log.jsonl"


def log_lines(folder):
    return [json.loads(line) for line in (folder / LOG_NAME).read_text("utf-8").splitlines()]


def work(m):
    """A learner's session: a name, a wrong then right answer, a partial one, a typo."""
    m.learner = "Ana P."
    m.questions["trained-abroad/origin"].submit(SHORT)
    m.questions["trained-abroad/origin"].submit(MFA)
    m.questions["hijacked/words"].submit([4, 0])
    m.questions["troops/value"].submit("2500 troops")  # not a number: not an attempt


def test_one_line_per_check_and_per_name_change(tmp_path, clock):
    m = runtime.load_module(spec_json(), log_dir=tmp_path)
    work(m)
    lines = log_lines(tmp_path)
    assert [line["question"] for line in lines] == [
        None, "trained-abroad/origin", "trained-abroad/origin", "hijacked/words"
    ]  # fmt: skip
    assert lines[0] == {
        "format": "samestory-log/1", "story": "kazakhstan-2022", "module": "whose-words",
        "module_version": m.version, "learner": "Ana P.", "question": None,
        "response": None, "score": None, "at": lines[0]["at"], "seed": m.seed,
    }  # fmt: skip
    assert all("seed" not in line for line in lines[1:])  # the first line keeps the seed
    assert lines[2]["hinted"] is True  # the second try came after the hint
    assert lines[2]["response"] == MFA and lines[2]["score"] == 1.0
    assert lines[3]["response"] == [0, 4] and lines[3]["score"] == pytest.approx(1 / 6)
    assert all(line["learner"] == "Ana P." for line in lines)


def test_restart_brings_everything_back(tmp_path, shown, clock):
    before = runtime.load_module(spec_json(), log_dir=tmp_path)
    work(before)
    # a new kernel: the same notebook's first cell runs again
    after = runtime.load_module(spec_json(), log_dir=tmp_path)
    assert after is not before and runtime.active_module() is after
    assert after.results() == before.results()
    assert after.learner == "Ana P."
    origin = after.questions["trained-abroad/origin"]
    assert origin.attempts == 2
    assert origin.first["score"] == 0.0 and origin.last["score"] == 1.0
    assert origin.feedback.restored and "✓ Right" in origin.feedback.html
    assert "brought back from your answer log" in origin.feedback.html
    assert after.notices == []

    after.show_question("trained-abroad/origin")
    parts = question_parts(shown.last().obj)
    assert parts.control.value == MFA and "✓ Right" in parts.feedback.value
    after.show_question("hijacked/words")
    toggles = question_parts(shown.last().obj).control.children[0].children
    assert [i for i, t in enumerate(toggles) if t.value] == [0, 4]
    after.show_learner()
    assert shown.last().obj.children[0].value == "Ana P."
    # and it goes on from there: a third attempt, first still counts
    origin.submit(SHORT)
    assert after.results()["answers"]["trained-abroad/origin"]["attempts"] == 3
    assert after.results()["answers"]["trained-abroad/origin"]["first"]["score"] == 0.0


def test_restore_rescores_against_the_questions_as_they_are_now(tmp_path):
    m = runtime.load_module(spec_json(), log_dir=tmp_path)
    m.questions["troops/value"].submit(3000)
    m.questions["timeline"].submit(["protests", "emergency", "csto"])
    spec = demo_spec()
    spec["questions"] = [q for q in spec["questions"] if q["id"] != "timeline"]
    next(q for q in spec["questions"] if q["id"] == "troops/value")["answer"] = 3000.0
    rebuilt = runtime.load_module(spec, log_dir=tmp_path)
    assert rebuilt.results()["answers"]["troops/value"]["first"]["score"] == 1.0
    assert "timeline" not in rebuilt.results()["answers"]  # gone from the module: skipped
    assert rebuilt.notices == []  # …silently: that is not damage


def test_damaged_and_foreign_lines_are_skipped_with_one_notice(tmp_path, shown):
    m = runtime.load_module(spec_json(), log_dir=tmp_path)
    work(m)
    foreign = dict(log_lines(tmp_path)[1], module="counting")
    with open(tmp_path / LOG_NAME, "a", encoding="utf-8") as log:
        log.write('{"format": "samestory-log/1", "story": "kaz\n')  # torn by a crash
        log.write(json.dumps(foreign) + "\n")
        log.write("[1, 2, 3]\n")
    restored = runtime.load_module(spec_json(), log_dir=tmp_path)
    assert restored.notices == ["3 lines of the answer log could not be read and were skipped."]
    assert restored.results()["answers"] == m.results()["answers"]
    restored.show_learner()
    assert "3 lines of the answer log could not be read" in shown.last().obj.children[1].value


def test_a_torn_last_line_does_not_swallow_the_next_answer(tmp_path):
    m = runtime.load_module(spec_json(), log_dir=tmp_path)
    m.questions["trained-abroad/origin"].submit(SHORT)
    with open(tmp_path / LOG_NAME, "a", encoding="utf-8") as log:
        log.write('{"format": "samestory-log/1", "sto')  # no newline: the kernel died
    again = runtime.load_module(spec_json(), log_dir=tmp_path)
    assert again.notices == ["1 line of the answer log could not be read and was skipped."]
    again.questions["trained-abroad/origin"].submit(MFA)
    third = runtime.load_module(spec_json(), log_dir=tmp_path)
    assert third.questions["trained-abroad/origin"].attempts == 2
    assert third.questions["trained-abroad/origin"].last["response"] == MFA


def test_unwritable_folder_gives_one_notice_and_keeps_working(tmp_path, shown):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the log folder should be")
    m = runtime.load_module(spec_json(), log_dir=blocked)
    m.show_results()
    first = m.questions["trained-abroad/origin"].submit(MFA)
    assert first.valid and first.correct
    assert "cannot be written to the answer log" in first.html
    second = m.questions["troops/value"].submit(2500)
    assert "answer log" not in second.html  # said once, not at every check
    assert len(m.notices) == 1
    assert shown.last().data["application/vnd.samestory.results+json"]["score"] == 2.0
    # the same kernel loading the module again still has the answers
    again = runtime.load_module(spec_json(), log_dir=blocked)
    assert again.results()["answers"] == m.results()["answers"]


def test_log_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMESTORY_LOG_DIR", str(tmp_path))
    m = runtime.load_module(spec_json())
    m.questions["trained-abroad/origin"].submit(MFA)
    assert m.log_path == tmp_path / LOG_NAME
    assert log_lines(tmp_path)[0]["response"] == MFA


def test_log_folder_defaults_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SAMESTORY_LOG_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    m = runtime.load_module(spec_json())
    m.learner = "Ana"
    assert log_lines(tmp_path)[0]["learner"] == "Ana"


def test_an_unreadable_log_is_said_once_and_not_fatal(tmp_path):
    (tmp_path / LOG_NAME).mkdir()  # something in the way that cannot be read as a file
    m = runtime.load_module(spec_json(), log_dir=tmp_path)
    assert len(m.notices) == 1 and "could not be read" in m.notices[0]
    assert m.questions["trained-abroad/origin"].submit(MFA).correct


def test_a_restart_after_a_first_miss_keeps_the_hint_not_the_answer(tmp_path, shown):
    before = runtime.load_module(spec_json(), log_dir=tmp_path)
    before.questions["trained-abroad/origin"].submit(SHORT)
    after = runtime.load_module(spec_json(), log_dir=tmp_path)
    origin = after.questions["trained-abroad/origin"]
    assert origin.hinting and "Hint: Compare the dates" in origin.feedback.html
    after.show_question(origin.id)
    parts = question_parts(shown.last().obj)
    assert parts.reveal.layout.display is None  # Show the answer is offered again
    assert "samestory-hinted" in parts.evidence.value
    second = origin.submit(MFA)
    assert second.correct and origin.last["hinted"] is True
    assert after.results()["score"] == 0.0  # the first attempt counts
