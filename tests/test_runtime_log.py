"""The answer log: a line per check and per name change, in the learner's own log;
a new visit starts empty and gets its answers back only when the same learner
resumes; damaged, glued and hostile lines are skipped with one notice, an unwritable
folder survived (issue 13, "Runtime and shared use")."""

from __future__ import annotations

import json

import pytest
from specs import TITLES, demo_spec, question_parts, spec_json

from generator import runtime
from generator.runtime.answerlog import learner_key

MFA, SHORT = TITLES["mfa-commentary"], TITLES["news-rewrite-short"]
STEM = "kazakhstan-2022__whose-words"
LEGACY_LOG = f"{STEM}.samestory-log.jsonl"


def log_name(learner: str) -> str:
    return f"{STEM}__{learner_key(learner)}.samestory-log.jsonl"


LOG_NAME = log_name("Ana P.")


def log_lines(folder, name=LOG_NAME):
    return [json.loads(line) for line in (folder / name).read_text("utf-8").split("\n") if line]


def work(m):
    """A learner's session: a name, a wrong then right answer, a partial one, a typo."""
    m.learner = "Ana P."
    m.questions["trained-abroad/origin"].submit(SHORT)
    m.questions["trained-abroad/origin"].submit(MFA)
    m.questions["hijacked/words"].submit([4, 0])
    m.questions["troops/value"].submit("2500 troops")  # not a number: not an attempt


def visit(folder, name=None):
    """A new kernel on the same folder (a Voila visit), the learner typing a name."""
    m = runtime.load_module(spec_json(), log_dir=folder)
    if name is not None:
        m.learner = name
    return m


def test_one_line_per_check_and_per_name_change(tmp_path, clock):
    m = runtime.load_module(spec_json(), log_dir=tmp_path)
    work(m)
    assert m.log_path == tmp_path / LOG_NAME
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


def test_the_log_file_name_never_holds_the_name(tmp_path):
    visit(tmp_path, "Ana P.")
    (log,) = tmp_path.iterdir()
    key = log.name.removeprefix(f"{STEM}__").removesuffix(".samestory-log.jsonl")
    assert len(key) <= 24 and "ana" not in log.name.lower()
    # one learner however the name is spaced or capitalised
    assert log_name("  ana   p. ") == log_name("Ana P.") != log_name("Ana B.")


def test_a_new_visit_starts_empty_and_resumes_only_when_asked(tmp_path, shown, clock):
    before = visit(tmp_path)
    work(before)
    after = visit(tmp_path)  # a new kernel on the same folder
    assert after is not before and runtime.active_module() is after
    assert after.learner == "" and after.results()["answers"] == {}
    after.show_learner()
    field, resume, _ = shown.last().obj.children
    assert resume.layout.display == "none"  # nothing offered before a name
    field.value = "Ana P."  # typing the name, then Enter
    assert after.results()["answers"] == {}  # still nothing until the learner says so
    assert resume.layout.display == "inline-block"
    assert resume.description.startswith("Resume my earlier answers (2 answered, last at ")
    resume.click()
    assert after.results()["answers"] == before.results()["answers"]
    assert after.results()["score"] == before.results()["score"]
    assert resume.layout.display == "none"  # said once
    origin = after.questions["trained-abroad/origin"]
    assert origin.attempts == 2
    assert origin.first["score"] == 0.0 and origin.last["score"] == 1.0
    assert origin.feedback.restored and "✓ Right" in origin.feedback.html
    assert "brought back from your answer log" in origin.feedback.html
    assert after.notices == []
    # and it goes on from there: a third attempt, the first still counts
    origin.submit(SHORT)
    third = visit(tmp_path, "Ana P.")
    assert third.resume() == 2
    assert third.results()["answers"]["trained-abroad/origin"]["attempts"] == 3
    assert third.results()["answers"]["trained-abroad/origin"]["first"]["score"] == 0.0


def test_resumed_answers_show_in_questions_already_on_the_page(tmp_path, shown):
    work(visit(tmp_path))
    after = visit(tmp_path)
    after.show_question("trained-abroad/origin")
    parts = question_parts(shown.last().obj)
    after.show_question("hijacked/words")
    toggles = question_parts(shown.last().obj).control.children[0].children
    after.learner = "Ana P."
    assert parts.control.value is None and parts.feedback.value == ""
    after.resume()
    assert parts.control.value == MFA and "✓ Right" in parts.feedback.value
    assert [i for i, t in enumerate(toggles) if t.value] == [0, 4]


def test_a_second_learner_never_sees_the_first_ones_work(tmp_path, shown):
    work(visit(tmp_path))
    ben = visit(tmp_path)
    ben.show_download()
    download = shown.last().obj.children[0]
    ben.learner = "Ben"
    assert ben.offer is None and ben.results()["answers"] == {}
    assert ben.resume() == 0 and ben.results()["answers"] == {}
    ben.questions["troops/value"].submit(3000)
    record = ben.results()
    assert record["learner"] == "Ben" and list(record["answers"]) == ["troops/value"]
    assert "Ana" not in download.value and "Ana" not in json.dumps(record)
    assert {line["learner"] for line in log_lines(tmp_path, log_name("Ben"))} == {"Ben"}
    assert {line["learner"] for line in log_lines(tmp_path)} == {"Ana P."}


def test_changing_the_name_never_carries_attempts_over(tmp_path, shown):
    m = visit(tmp_path)
    m.show_question("trained-abroad/origin")
    parts = question_parts(shown.last().obj)
    work(m)
    m.learner = "Ben"
    assert m.results()["answers"] == {} and m.results()["score"] == 0.0
    assert parts.control.value is None and parts.feedback.value == ""
    assert parts.reveal.layout.display == "none"
    m.questions["troops/value"].submit(2500)
    assert [line["question"] for line in log_lines(tmp_path, log_name("Ben"))] == [
        None, "troops/value"
    ]  # fmt: skip
    m.learner = "Ana P."  # back: Ana's own answers are offered, Ben's stay his
    assert m.results()["answers"] == {} and m.offer is not None and m.offer.answered == 2
    m.resume()
    assert set(m.results()["answers"]) == {"trained-abroad/origin", "hijacked/words"}


def test_answers_before_a_name_go_with_the_first_name_typed(tmp_path):
    m = visit(tmp_path)
    m.questions["troops/value"].submit(2500)
    assert list(tmp_path.iterdir()) == []  # whose it is is not known yet
    m.learner = "Ana P."
    assert m.results()["answers"]["troops/value"]["first"]["score"] == 1.0
    lines = log_lines(tmp_path)
    assert [(line["question"], line["learner"]) for line in lines] == [
        (None, "Ana P."), ("troops/value", "Ana P.")
    ]  # fmt: skip
    assert visit(tmp_path, "Ana P.").resume() == 1


def test_an_old_single_log_is_offered_only_to_the_learner_it_names(tmp_path):
    m = visit(tmp_path)
    work(m)
    (tmp_path / LOG_NAME).rename(tmp_path / LEGACY_LOG)  # as earlier versions wrote it
    ben = visit(tmp_path, "Ben")
    assert ben.offer is None and ben.results()["answers"] == {}
    ana = visit(tmp_path, "ana p.")
    assert ana.offer is not None and ana.offer.answered == 2
    ana.resume()
    assert ana.results()["answers"] == m.results()["answers"]


def test_restore_rescores_against_the_questions_as_they_are_now(tmp_path):
    m = visit(tmp_path, "Ana")
    m.questions["troops/value"].submit(3000)
    m.questions["timeline"].submit(["protests", "emergency", "csto"])
    spec = demo_spec()
    spec["questions"] = [q for q in spec["questions"] if q["id"] != "timeline"]
    next(q for q in spec["questions"] if q["id"] == "troops/value")["answer"] = 3000.0
    rebuilt = runtime.load_module(spec, log_dir=tmp_path)
    rebuilt.learner = "Ana"
    rebuilt.resume()
    assert rebuilt.results()["answers"]["troops/value"]["first"]["score"] == 1.0
    assert "timeline" not in rebuilt.results()["answers"]  # gone from the module: skipped
    assert rebuilt.notices == []  # …silently: that is not damage


def test_damaged_and_foreign_lines_are_skipped_with_one_notice(tmp_path, shown):
    m = visit(tmp_path)
    work(m)
    foreign = dict(log_lines(tmp_path)[1], module="counting")
    with open(tmp_path / LOG_NAME, "a", encoding="utf-8") as log:
        log.write('{"format": "samestory-log/1", "story": "kaz\n')  # torn by a crash
        log.write(json.dumps(foreign) + "\n")
        log.write("[1, 2, 3]\n")
    restored = visit(tmp_path)
    restored.show_learner()
    restored.learner = "Ana P."
    assert restored.notices == ["3 lines of the answer log could not be read and were skipped."]
    assert "3 lines of the answer log could not be read" in shown.last().obj.children[2].value
    restored.resume()
    assert restored.results()["answers"] == m.results()["answers"]


def test_a_torn_line_of_another_kernel_does_not_swallow_this_ones(tmp_path):
    """Two kernels on one log (two tabs of one learner): one dies mid-line; the other's
    next line must not be glued to the torn one and lost."""
    first, second = visit(tmp_path, "Ana P."), visit(tmp_path, "Ana P.")
    first.questions["trained-abroad/origin"].submit(SHORT)
    with open(tmp_path / LOG_NAME, "a", encoding="utf-8") as log:
        log.write('{"format": "samestory-log/1", "sto')  # the first kernel dies here
    second.questions["troops/value"].submit(2500)
    third = visit(tmp_path, "Ana P.")
    assert third.notices == ["1 line of the answer log could not be read and was skipped."]
    assert third.resume() == 2
    assert third.questions["troops/value"].first["score"] == 1.0


def test_lines_already_glued_to_a_torn_one_are_read(tmp_path):
    m = visit(tmp_path, "Ana P.")
    m.questions["trained-abroad/origin"].submit(MFA)
    m.questions["troops/value"].submit(2500)
    text = (tmp_path / LOG_NAME).read_text("utf-8").split("\n")
    # what an older runtime wrote: a torn line with the next kernel's line glued on
    glued = '{"format": "samestory-log/1", "stor' + text[2]
    (tmp_path / LOG_NAME).write_text("\n".join([text[0], text[1], glued, ""]), "utf-8")
    again = visit(tmp_path, "Ana P.")
    assert again.notices == ["1 line of the answer log could not be read and was skipped."]
    assert again.resume() == 2


def test_a_log_line_nested_100000_deep_is_a_notice(tmp_path):
    m = visit(tmp_path, "Ana P.")
    m.questions["trained-abroad/origin"].submit(MFA)
    deep = "[" * 100_000 + "]" * 100_000
    line = json.dumps(log_lines(tmp_path)[1])[:-1] + f', "extra": {deep}}}\n'
    huge = json.dumps(log_lines(tmp_path)[1]).replace('"score": 1.0', '"score": 1' + "0" * 5000)
    with open(tmp_path / LOG_NAME, "a", encoding="utf-8") as log:
        log.write(line + huge + "\n")
    again = visit(tmp_path, "Ana P.")  # no RecursionError, no int-size ValueError
    assert again.notices == ["2 lines of the answer log could not be read and were skipped."]
    assert again.resume() == 1
    assert again.questions["trained-abroad/origin"].submit(SHORT).valid


def test_a_lone_surrogate_in_the_name_is_a_notice_and_checks_go_on(tmp_path, shown):
    m = visit(tmp_path)
    m.show_learner()
    m.learner = "Ana \ud800"
    assert m.learner == "Ana \ufffd"
    assert len(m.notices) == 1 and "cannot be saved" in m.notices[0]
    assert "cannot be saved" in shown.last().obj.children[2].value
    for _ in range(2):
        assert m.questions["trained-abroad/origin"].submit(MFA).correct
    reflect = m.questions["reflect-why"].submit("pasted \udc80 text")
    assert reflect.valid and "answer log" not in reflect.html
    json.dumps(m.results(), ensure_ascii=False).encode("utf-8")  # a download can be written
    again = visit(tmp_path, "Ana \ufffd")
    assert again.resume() == 2 and again.notices == []


def test_unwritable_folder_gives_one_notice_and_keeps_working(tmp_path, shown):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the log folder should be")
    m = visit(blocked, "Ana")
    m.show_results()
    first = m.questions["trained-abroad/origin"].submit(MFA)
    assert first.valid and first.correct
    assert "cannot be written to the answer log" in first.html
    second = m.questions["troops/value"].submit(2500)
    assert "answer log" not in second.html  # said once, not at every check
    assert len(m.notices) == 1
    assert shown.last().data["application/vnd.samestory.results+json"]["score"] == 2.0
    # the same kernel, the same learner resuming: the answers are still there
    again = visit(blocked, "Ana")
    again.resume()
    assert again.results()["answers"] == m.results()["answers"]
    assert visit(blocked, "Ben").offer is None


def test_log_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMESTORY_LOG_DIR", str(tmp_path))
    m = runtime.load_module(spec_json())
    m.learner = "Ana P."
    m.questions["trained-abroad/origin"].submit(MFA)
    assert m.log_path == tmp_path / LOG_NAME
    assert log_lines(tmp_path)[1]["response"] == MFA


def test_log_folder_defaults_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SAMESTORY_LOG_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    m = runtime.load_module(spec_json())
    m.learner = "Ana"
    assert log_lines(tmp_path, log_name("Ana"))[0]["learner"] == "Ana"


def test_an_unreadable_log_is_said_once_and_not_fatal(tmp_path):
    (tmp_path / LOG_NAME).mkdir()  # something in the way that cannot be read as a file
    m = visit(tmp_path, "Ana P.")
    assert "could not be read" in m.notices[0]
    assert m.questions["trained-abroad/origin"].submit(MFA).correct
    assert m.questions["troops/value"].submit(2500).correct


def test_a_resume_after_a_first_miss_keeps_the_hint_not_the_answer(tmp_path, shown):
    visit(tmp_path, "Ana").questions["trained-abroad/origin"].submit(SHORT)
    after = visit(tmp_path, "Ana")
    after.resume()
    origin = after.questions["trained-abroad/origin"]
    assert origin.hinting and "Hint: Compare the dates" in origin.feedback.html
    after.show_question(origin.id)
    parts = question_parts(shown.last().obj)
    assert parts.reveal.layout.display == "inline-block"  # Show the answer is offered again
    assert "samestory-hinted" in parts.evidence.value
    second = origin.submit(MFA)
    assert second.correct and origin.last["hinted"] is True
    assert after.results()["score"] == 0.0  # the first attempt counts
