"""The notebook's cells and the learner API: results record, displays kept up to date,
widgets doing exactly what ``submit`` does, the name field, the download link."""

from __future__ import annotations

import base64
import json
import re

import pytest
from specs import TITLES, answer_of, demo_spec, old_spec, question_parts, spec_json

from generator import runtime
from generator.runtime import order
from generator.runtime.records import RESULTS_MIME

MFA, SHORT = TITLES["mfa-commentary"], TITLES["news-rewrite-short"]
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


@pytest.fixture
def m(tmp_path, shown, clock):
    return runtime.load_module(spec_json(), log_dir=tmp_path)


def test_questions_expose_what_a_learner_answers_with(m):
    assert list(m.questions) == [q["id"] for q in demo_spec()["questions"]]
    credited = m.questions["trained-abroad/credited"]
    assert credited.kind == "match"
    assert credited.items == ["mfa-commentary", "news-rewrite-kazykhan", "tehran-times-interview"]
    assert "no one" in credited.options
    words = m.questions["hijacked/words"]
    assert words.tokens[4] == "hijacked"
    assert runtime.active_module() is m


def test_results_record_has_exactly_the_contract_shape(m):
    m.learner = "Ana P."
    m.questions["trained-abroad/origin"].submit(SHORT)  # wrong first
    m.questions["trained-abroad/origin"].submit(MFA)
    m.questions["trained-abroad/repeaters"].submit([TITLES["news-rewrite-kazykhan"]])  # 0.5
    m.questions["reflect-why"].submit("Because vague credit hides the source.")
    record = m.results()
    assert list(record) == [
        "format", "story", "module", "module_version", "learner", "updated", "answers",
        "score", "max_score", "moves", "chain",
    ]  # fmt: skip
    assert record["format"] == "samestory-results/1"
    assert (record["story"], record["module"]) == ("kazakhstan-2022", "whose-words")
    assert record["module_version"] == m.spec["version"]
    assert record["learner"] == "Ana P."
    assert STAMP.fullmatch(record["updated"])
    assert list(record["answers"]) == [
        "trained-abroad/origin", "trained-abroad/repeaters", "reflect-why"
    ]  # fmt: skip
    origin = record["answers"]["trained-abroad/origin"]
    assert list(origin) == ["attempts", "first", "last"]
    assert origin["attempts"] == 2
    assert origin["first"] == {"response": SHORT, "score": 0.0, "at": origin["first"]["at"]}
    assert origin["last"]["response"] == MFA and origin["last"]["score"] == 1.0
    assert origin["last"]["hinted"] is True  # the first miss showed the hint
    assert STAMP.fullmatch(origin["first"]["at"]) and origin["first"]["at"] < origin["last"]["at"]
    # first attempts only; reflect counts 0 and is not in max_score (6 graded of 7)
    assert record["score"] == 0.5 and isinstance(record["score"], float)
    assert record["max_score"] == 6 and isinstance(record["max_score"], int)
    assert record["answers"]["reflect-why"]["first"]["score"] == 0.0
    assert record["updated"] == record["answers"]["reflect-why"]["last"]["at"]
    # by move (DESIGN.md, second round): first attempts only; sums equal the record's
    assert record["moves"] == {
        "who-is-credited": {"score": 0.0, "max_score": 1},
        "trace-the-original": {"score": 0.5, "max_score": 2},
        "check-the-figure": {"score": 0.0, "max_score": 2},
        "compare-the-words": {"score": 0.0, "max_score": 1},
    }
    assert sum(m["score"] for m in record["moves"].values()) == record["score"]
    assert sum(m["max_score"] for m in record["moves"].values()) == record["max_score"]


def test_results_display_is_updated_after_every_check_and_name_change(m, shown):
    m.show_results()
    output = shown.last()
    assert output.raw and output.display_id is True
    assert set(output.data) == {RESULTS_MIME, "text/markdown"}
    assert output.data[RESULTS_MIME]["answers"] == {}

    m.questions["troops/value"].submit("2,500")
    assert output.data[RESULTS_MIME] == m.results()
    assert output.data[RESULTS_MIME]["answers"]["troops/value"]["first"]["response"] == 2500
    # questions by their headings, never by internal ids
    assert "| The ministry&#x27;s troop figure | 1 | 1 | 1 |" in output.data["text/markdown"]
    assert "troops\\/value" not in output.data["text/markdown"]

    m.learner = "Bo"
    assert output.data[RESULTS_MIME]["learner"] == "Bo"
    assert "Learner\\: Bo" in output.data["text/markdown"]
    assert len(output.updates) == 2


def test_results_display_goes_through_ipython_display_ids(tmp_path):
    """With IPython's own display machinery: one output, then updates of that same
    display id (what JupyterLab saves into the notebook)."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    try:
        m = runtime.load_module(spec_json(), log_dir=tmp_path)
        with capture_output() as captured:
            m.show_results()
            m.questions["trained-abroad/origin"].submit(MFA)
    finally:
        InteractiveShell.clear_instance()
    # (the widget output before it is the table Voila shows: module.show_results)
    first, update = [o for o in captured.outputs if RESULTS_MIME in o.data]
    display_id = first.transient["display_id"]
    assert update.update and update.transient["display_id"] == display_id
    assert update.data[RESULTS_MIME]["answers"]["trained-abroad/origin"]["first"]["score"] == 1.0
    assert "text/markdown" in update.data


def test_check_button_does_what_submit_does(m, shown):
    m.show_question("trained-abroad/origin")
    parts = question_parts(shown.last().obj)
    prompt, radio, check, feedback = parts.prompt, parts.control, parts.check, parts.feedback
    assert radio.description == "Your answer" and check.description == "Check"
    assert "Which source does the statement come from?" in prompt.value

    radio.value = SHORT
    check.click()
    assert feedback.value.count("✗ Not yet") == 1
    assert m.results()["answers"]["trained-abroad/origin"]["first"]["response"] == SHORT

    fb = m.questions["trained-abroad/origin"].submit(MFA)
    assert radio.value == MFA  # the widget shows the response submitted through the API
    assert feedback.value == fb.html and "✓ Right" in fb.html
    assert m.questions["trained-abroad/origin"].attempts == 2


def test_every_kind_of_control_checks_the_key_answer(m, shown):
    """Set each widget to the key's answer by hand and press Check: all right."""
    for qid, question in m.questions.items():
        m.show_question(qid)
        parts = question_parts(shown.last().obj)
        control, check = parts.control, parts.check
        set_control(question.kind, control, answer_of(m.spec, qid))
        check.click()
        assert question.attempts == 1, qid
        assert question.feedback.correct or question.kind == "reflect", qid
    assert m.results()["score"] == 6


def set_control(kind, control, answer):
    """What a learner's clicks and typing do to each kind of control."""
    if kind in ("choice", "reflect"):
        control.value = answer
    elif kind == "multi":
        for box in control.children:
            box.value = box.description in answer
    elif kind == "match":
        for menu, key in zip(
            control.children,
            ["mfa-commentary", "news-rewrite-kazykhan", "tehran-times-interview"],
            strict=True,
        ):
            menu.value = answer[key]
    elif kind == "number":
        control.children[0].value = f"{answer:,.0f}"
    elif kind == "words":
        for i, toggle in enumerate(control.children[0].children):
            toggle.value = i in answer
    elif kind == "order":
        for menu, key in zip(control.children, answer, strict=True):
            menu.value = key


def test_an_empty_check_is_explained_and_costs_nothing(m, shown):
    m.show_question("trained-abroad/credited")
    parts = question_parts(shown.last().obj)
    check, feedback = parts.check, parts.feedback
    check.click()
    assert "✗ Not checked" in feedback.value
    assert "Nothing is chosen yet" in feedback.value
    assert "did not count as an attempt" in feedback.value
    assert m.questions["trained-abroad/credited"].attempts == 0


def test_selected_words_are_marked_in_text_not_only_by_colour(m, shown):
    m.show_question("hijacked/words")
    control = question_parts(shown.last().obj).control
    toggles, selection = control.children[0].children, control.children[1]
    toggles[4].value = True
    assert toggles[4].description == "✓ hijacked"
    assert "Selected: “hijacked”" in selection.value
    toggles[4].value = False
    assert toggles[4].description == "hijacked"


def test_name_field_and_learner_attribute_stay_in_step(m, shown):
    m.show_learner()
    field = shown.last().obj.children[0]
    assert field.description == "Your name or ID"
    field.value = "Ana P."  # typing, then Enter
    assert m.learner == "Ana P." and m.results()["learner"] == "Ana P."
    m.learner = "Ana Pérez"
    assert field.value == "Ana Pérez"


def test_progress_and_summary_follow_the_checks(m, shown):
    m.show_progress()
    bar, label = shown.last().obj.children
    m.show_summary()
    summary = shown.last().obj.children[0]
    assert "0 of 7 questions checked" in label.value and bar.value == 0
    assert "No questions checked yet" in summary.value

    m.questions["trained-abroad/origin"].submit(SHORT)
    m.questions["troops/value"].submit(2500)
    assert "2 of 7 questions checked" in label.value and bar.value == 2
    assert "Your score: 1 of 6 points, 17 % (first attempts count)" in summary.value
    # a line per move, by its name
    assert "Tracing to the original: 0 of 2" in summary.value
    assert "Checking the figure: 1 of 2" in summary.value
    assert "5 of 7 questions not checked yet" in summary.value
    # what to remember: the explanation of the question missed, not of the one right
    assert "Trace each version back to the ministry" in summary.value
    assert "one rewrite says about 3,000" not in summary.value


def test_download_link_decodes_to_the_current_record(m, shown):
    m.show_download()
    link = shown.last().obj.children[0]
    m.learner = "Ana Pérez"
    m.questions["timeline"].submit(["protests", "emergency", "csto"])
    anchor = re.search(
        r'<a download="([^"]+)" href="data:application/json;base64,([^"]+)"[^>]*>'
        r"Download my results</a>",
        link.value,
    )
    assert anchor, link.value
    assert anchor[1] == "kazakhstan-2022_whose-words_ana-perez.json"
    assert json.loads(base64.b64decode(anchor[2])) == m.results()


def test_active_module_is_the_one_displayed_last(tmp_path, shown):
    first = runtime.load_module(spec_json(), log_dir=tmp_path)
    second = runtime.load_module(spec_json(module="counting"), log_dir=tmp_path)
    assert runtime.active_module() is second
    first.show_progress()
    assert runtime.active_module() is first


def test_show_methods_display_once_and_return_nothing(m, shown):
    calls = [
        m.show_learner, m.show_sources, m.show_progress, m.show_summary, m.show_results,
        m.show_download, lambda: m.show_question("timeline"),
    ]  # fmt: skip
    for call in calls:
        assert call() is None
    # once each; the results cell also shows its table as a widget for Voila
    assert len(shown.outputs) == len(calls) + 1


def test_unknown_question_id_is_a_clear_error(m):
    with pytest.raises(ValueError, match="no question 'nope'.*trained-abroad/credited"):
        m.show_question("nope")


# ---------------------------------------------------------------- round three


def test_options_are_in_an_order_of_their_own_kept_by_the_answer_log(tmp_path, shown, monkeypatch):
    first = runtime.load_module(spec_json(), log_dir=tmp_path / "ana")
    origin = first.questions["trained-abroad/origin"]
    spec_order = next(q for q in first.spec["questions"] if q["id"] == origin.id)["options"]
    assert sorted(origin.options) == sorted(spec_order)
    first.show_question(origin.id)
    radio = question_parts(shown.last().obj).control
    assert list(radio.options) == origin.options  # the widget shows what q.options says
    first.learner = "Ana"  # the first line written keeps the seed
    # a new kernel: the kernel's seed until the learner is named, then the log's
    monkeypatch.setattr(order, "KERNEL_SEED", "another-kernel")
    again = runtime.load_module(spec_json(), log_dir=tmp_path / "ana")
    assert again.seed == "another-kernel"
    again.show_question(origin.id)
    radio = question_parts(shown.last().obj).control
    again.learner = "Ana"
    assert again.seed == first.seed
    assert {q: again.questions[q].options for q in again.questions} == {
        q: first.questions[q].options for q in first.questions
    }
    assert list(radio.options) == origin.options  # and the widget shows that order
    # other learners (other kernels, other seeds): other orders
    shuffled = ("trained-abroad/origin", "trained-abroad/credited", "trained-abroad/repeaters")
    orders = set()
    for n in range(6):
        monkeypatch.setattr(order, "KERNEL_SEED", f"kernel-{n}")
        other = runtime.load_module(spec_json(), log_dir=tmp_path / f"learner-{n}")
        orders.add(tuple(tuple(other.questions[q].options) for q in shuffled))
    assert len(orders) > 1
    # scoring is by label, whatever the order
    assert again.questions[origin.id].submit(MFA).correct


def test_an_older_spec_without_round_three_fields_still_loads(tmp_path, shown):
    m = runtime.load_module(old_spec(), log_dir=tmp_path)
    q = m.questions["troops/value"]
    assert q.heading == "How many CSTO troops?"  # the claim's topic
    assert m.questions["timeline"].heading == "Put the events in the order the sources …"
    m.show_question("troops/value")
    parts = question_parts(shown.last().obj)
    assert ">How many CSTO troops?</h4>" in parts.prompt.value
    assert "Move:" not in parts.prompt.value
    assert "<mark>about 3,000 peacekeepers</mark>" in parts.evidence.value  # claim passages
    fb = q.submit(3000)
    assert "Hint: read the marked passages again" in fb.html  # the generic hint
    assert "moves" not in m.results()
    m.show_summary()
    q.submit(2500)
    assert "The numbers: 0 of 1" in shown.last().obj.children[0].value  # by family instead


def test_the_encoded_literal_of_the_notebook_loads(tmp_path):
    from generator.runtime.literal import encode_spec

    literal = encode_spec(demo_spec())
    assert "Trace each version" not in literal
    m = runtime.load_module(literal, log_dir=tmp_path)
    assert m.questions["trained-abroad/origin"].submit(MFA).correct
    with pytest.raises(ValueError, match="not valid base64"):
        runtime.load_module("samestory-z1:***", log_dir=tmp_path)


def test_the_question_shows_heading_move_statement_and_its_passages(m, shown):
    m.show_question("trained-abroad/origin")
    parts = question_parts(shown.last().obj)
    prompt = parts.prompt.value
    assert '<h4 class="samestory-heading">The text the others copy</h4>' in prompt
    assert "Move: Tracing to the original — Find the text the others copy" in prompt
    assert "The statement:" in prompt and "armed aggression by well-coordinated" in prompt
    evidence = parts.evidence.value
    for title in (MFA, TITLES["news-rewrite-kazykhan"], TITLES["tehran-times-interview"]):
        assert title in evidence
    assert "Tehran Times · interview · 2022-01-09" in evidence
    assert "<mark>well-coordinated terrorist groups trained abroad</mark>" in evidence
    # the whole source opens at the passage: what comes before is folded away
    tehran = evidence[evidence.index("Tehran Times · interview") :]
    whole = tehran[tehran.index("Read the whole source") :]
    assert whole.index("Earlier in the text") < whole.index("Terrorists have also seized")
    assert whole.index("</details>") < whole.index("<mark>")  # the mark is outside the fold
    assert "samestory-hinted" not in evidence


def test_confidence_is_asked_stored_on_the_first_attempt_and_summed_up(tmp_path, shown, clock):
    m = runtime.load_module(demo_spec(confidence=True), log_dir=tmp_path)
    m.show_question("trained-abroad/origin")
    parts = question_parts(shown.last().obj)
    assert parts.confidence.description == "How sure are you?"
    assert [label for label, _ in parts.confidence.options] == ["sure", "fairly sure", "guessing"]
    parts.confidence.value = "sure"
    parts.control.value = SHORT
    parts.check.click()
    assert parts.confidence.disabled and parts.confidence.value == "sure"  # asked once
    m.questions["trained-abroad/origin"].submit(MFA, confidence="guessing")
    m.questions["troops/value"].submit(2500, confidence="fairly-sure")
    answers = m.results()["answers"]
    assert answers["trained-abroad/origin"]["first"]["confidence"] == "sure"
    assert "confidence" not in answers["trained-abroad/origin"]["last"]  # first attempt only
    assert answers["troops/value"]["first"]["confidence"] == "fairly-sure"
    m.show_summary()
    m.questions["hijacked/words"].submit([4], confidence="nonsense")  # not a level: dropped
    assert "confidence" not in m.results()["answers"]["hijacked/words"]["first"]
    summary = shown.last().obj.children[0].value
    assert "You were sure of these first answers, and they were not right: " in summary
    assert "“The text the others copy”" in summary and "troop figure" not in summary
    # the log keeps it: back after a restart, once the learner resumes
    m.learner = "Ana"  # naming yourself writes what was answered before
    again = runtime.load_module(demo_spec(confidence=True), log_dir=tmp_path)
    again.learner = "Ana"
    again.resume()
    assert again.results()["answers"] == m.results()["answers"]


def test_the_summary_keeps_three_takeaways_shortest_first(m, shown):
    m.show_summary()
    summary = shown.last().obj.children[0]
    for qid in m.questions:
        m.questions[qid].submit(None)  # nothing chosen: not an attempt
    m.questions["trained-abroad/origin"].submit(SHORT)
    m.questions["troops/value"].submit(1)
    m.questions["hijacked/words"].submit([0])
    m.questions["timeline"].submit(["csto", "emergency", "protests"])
    text = summary.value
    assert "Your score: 0 of 6 points, 6 %" in text  # 1/3 of a point: 6 %, 0 whole points
    takeaways = text[text.index("What to remember") :]
    assert takeaways.count("<li>") == 3
    assert takeaways.index("Protests first") < takeaways.index("“Hijacked” casts")
    assert "Trace each version back" not in takeaways  # the longest of four: left out
    assert "trained-abroad/origin" not in text  # headings, never ids


def test_the_last_cell_brings_the_page_back_to_the_name_field(m, shown, monkeypatch):
    m.show_learner()
    field = shown.last().obj.children[0]
    focused = []
    monkeypatch.setattr(field, "focus", lambda: focused.append(True))
    m.show_download()
    assert focused == [True]


def test_a_check_takes_well_under_20_ms(m, shown):
    import time

    for qid in m.questions:
        m.show_question(qid)
    took = []
    for _ in range(5):
        for qid, q in m.questions.items():
            started = time.perf_counter()
            q.submit(answer_of(m.spec, qid))
            took.append(time.perf_counter() - started)
    # the 90th percentile: an fsync on a busy shared disk may take longer now and then
    took.sort()
    assert took[len(took) * 9 // 10] < 0.020, f"checks took {[round(t * 1000) for t in took]} ms"


def test_a_spec_whose_accept_or_function_words_mean_nothing_fails_loudly(tmp_path):
    """Scoring quietly ignores a malformed ``accept`` or ``function_words``, so the
    spec check must name them: else an author's slip surfaces as a learner's right
    answer marked wrong, mid-lesson."""
    spec = demo_spec()
    questions = {q["id"]: q for q in spec["questions"]}
    origin = questions["trained-abroad/origin"]
    origin["accept"] = ["The Moscow Times"]  # not an option
    words = questions["hijacked/words"]
    words["function_words"] = [len(words["tokens"])]  # past the last token
    with pytest.raises(ValueError) as raised:
        runtime.load_module(json.dumps(spec), log_dir=tmp_path)
    message = str(raised.value)
    assert "question 'trained-abroad/origin': accept: 'The Moscow Times' is not one of" in message
    assert "question 'hijacked/words': function_words must be a list of token indices" in message
    # the same fields, well formed, load
    origin["accept"] = [o for o in origin["options"] if o != origin["answer"]][:1]
    words["function_words"] = [0]
    assert runtime.load_module(json.dumps(spec), log_dir=tmp_path).questions
