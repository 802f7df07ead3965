"""Scoring, through the learner API (what a click on Check does) and through
``scoring.score`` on JSON-decoded responses (what the grader export does)."""

from __future__ import annotations

import json
import math
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from specs import TITLES, answer_of, demo_spec, spec_json

from generator import runtime
from generator.runtime.scoring import key_problems, module_version, score

KAZYKHAN, SHORT, TEHRAN = (
    TITLES["news-rewrite-kazykhan"],
    TITLES["news-rewrite-short"],
    TITLES["tehran-times-interview"],
)


@pytest.fixture
def m(tmp_path):
    return runtime.load_module(spec_json(), log_dir=tmp_path)


def test_every_key_answer_scores_one(m):
    for qid, question in m.questions.items():
        fb = question.submit(answer_of(m.spec, qid))
        assert fb.valid, (qid, fb.message)
        if question.graded:
            assert (fb.score, fb.correct) == (1.0, True), qid
        else:  # reflect: saved, never scored
            assert (fb.score, fb.correct) == (0.0, False)


@pytest.mark.parametrize(
    ("qid", "response", "expected"),
    [
        ("trained-abroad/origin", SHORT, 0.0),
        # multi: (right picks - wrong picks) / right options, never below 0
        ("trained-abroad/repeaters", [KAZYKHAN], 0.5),
        ("trained-abroad/repeaters", [KAZYKHAN, TEHRAN, SHORT], 0.5),
        ("trained-abroad/repeaters", [KAZYKHAN, SHORT], 0.0),
        ("trained-abroad/repeaters", [SHORT], 0.0),
        # match: share of items right
        (
            "trained-abroad/credited",
            {
                "mfa-commentary": "the Ministry of Foreign Affairs",
                "news-rewrite-kazykhan": "no one",
                "tehran-times-interview": "Ambassador Askhat Orazbay",
            },
            2 / 3,
        ),
        # number: typed forms count the same as the number
        ("troops/value", "2,500", 1.0),
        ("troops/value", " 2500 ", 1.0),
        ("troops/value", 2500, 1.0),
        ("troops/value", 3000, 0.0),
        # words: Jaccard overlap with the framing words (indices 4, 6, 7, 8, 9)
        ("hijacked/words", [4], 1 / 5),
        ("hijacked/words", [4, 0], 1 / 6),
        ("hijacked/words", [4, 6, 7, 8, 9, 10], 5 / 6),
        # order: share of items in their right position
        ("timeline", ["emergency", "protests", "csto"], 1 / 3),
        ("timeline", ["csto", "emergency", "protests"], 1 / 3),
    ],
)
def test_wrong_and_partial_answers_get_the_documented_credit(m, qid, response, expected):
    fb = m.questions[qid].submit(response)
    assert fb.valid
    assert fb.score == pytest.approx(expected)
    assert fb.correct is (expected == 1.0)


def test_number_tolerance_is_absolute(tmp_path):
    spec = demo_spec()
    number = next(q for q in spec["questions"] if q["kind"] == "number")
    number["tolerance"] = 100.0
    m = runtime.load_module(spec, log_dir=tmp_path)
    q = m.questions["troops/value"]
    assert q.submit(2400).score == 1.0
    assert q.submit("2,600").score == 1.0
    assert q.submit(2601).score == 0.0


def test_malformed_answers_are_explained_and_not_counted(m):
    q = m.questions["trained-abroad/origin"]
    fb = q.submit("Reuters")
    assert (fb.valid, fb.counted, fb.score, fb.correct) == (False, False, 0.0, False)
    assert "“Reuters” is not one of the options" in fb.message
    assert q.attempts == 0
    assert m.results()["answers"] == {}
    match = m.questions["trained-abroad/credited"].submit({"mfa-commentary": "no one"})
    assert "2 left" in match.message


def test_first_attempt_counts_later_attempts_update_last(m):
    q = m.questions["trained-abroad/origin"]
    q.submit(SHORT)
    q.submit(TITLES["mfa-commentary"])
    answer = m.results()["answers"]["trained-abroad/origin"]
    assert answer["attempts"] == 2
    assert (answer["first"]["score"], answer["last"]["score"]) == (0.0, 1.0)
    assert m.results()["score"] == 0.0


# ---------------------------------------------------------------- the export's path


def test_scoring_json_decoded_responses_matches_the_notebook(m):
    """A saved record, JSON round-tripped, re-scores to the score the notebook gave."""
    for qid, question in m.questions.items():
        question.submit(answer_of(m.spec, qid))
    record = json.loads(json.dumps(m.results()))
    by_id = {q["id"]: q for q in m.spec["questions"]}
    for qid, answer in record["answers"].items():
        rescored = score(by_id[qid], answer["first"]["response"])
        assert rescored.score == answer["first"]["score"]
        assert rescored.response == answer["first"]["response"]


def test_module_version_ignores_wording_but_not_the_key():
    questions = demo_spec()["questions"]
    reworded = json.loads(json.dumps(questions))
    reworded[0]["prompt"] = "Who is credited, source by source?"
    reworded[0]["explanation"] = "Reworded."
    rekeyed = json.loads(json.dumps(questions))
    rekeyed[3]["answer"] = 3000.0
    assert module_version(reworded) == module_version(questions)
    assert module_version(rekeyed) != module_version(questions)
    assert len(module_version(questions)) == 64


# ---------------------------------------------------------------- accepted answers, function words

CHOICE = {
    "id": "c/credited",
    "kind": "choice",
    "options": ["the ministry", "the ambassador", "no one"],
    "answer": "the ministry",
    "accept": ["the ambassador"],
}
MATCH = {
    "id": "c/frames",
    "kind": "match",
    "items": [{"key": "mfa", "label": "Commentary"}, {"key": "rfe", "label": "Critical report"}],
    "options": ["security", "legality", "human rights"],
    "answer": {"mfa": "security", "rfe": "human rights"},
    "accept": {"rfe": ["legality"]},
}
PASSAGE = "the peaceful protests were hijacked by terrorist, extremist and criminal groups"
WORDS = {
    "id": "c/words",
    "kind": "words",
    "tokens": PASSAGE.split(" "),
    "answer": [4, 5, 6, 7, 8, 9],  # "hijacked by terrorist, extremist and criminal"
    "function_words": [0, 3, 5, 8],  # the, were, by, and
}


@pytest.mark.parametrize(
    ("question", "response", "expected"),
    [
        (CHOICE, "the ministry", 1.0),  # the key's answer
        (CHOICE, "the ambassador", 1.0),  # accepted as well
        (CHOICE, "no one", 0.0),
        (MATCH, {"mfa": "security", "rfe": "human rights"}, 1.0),
        (MATCH, {"mfa": "security", "rfe": "legality"}, 1.0),  # accepted for this item
        (MATCH, {"mfa": "legality", "rfe": "legality"}, 0.5),  # ... but not for the other
        (MATCH, {"mfa": "human rights", "rfe": "security"}, 0.0),
        # words: overlap over the non-function words only (4, 6, 7, 9 are needed)
        (WORDS, [4, 6, 7, 9], 1.0),  # the phrase without "by" and "and"
        (WORDS, [4, 5, 6, 7, 8, 9], 1.0),  # with them
        (WORDS, [0, 3, 4, 5, 6, 7, 8, 9], 1.0),  # "the", "were" picked too: not penalised
        (WORDS, [4, 5], 0.25),  # "hijacked by": one of four
        (WORDS, [4, 6, 7, 9, 10], 0.8),  # one content word too many
        (WORDS, [1, 2], 0.0),
        (WORDS, [0, 5, 8], 0.0),  # only function words: nothing counted
    ],
)
def test_accepted_answers_and_function_words_get_the_documented_credit(
    question, response, expected
):
    scored = score(question, response)
    assert scored.valid
    assert scored.score == pytest.approx(expected)
    assert scored.correct is (expected == 1.0)


def test_function_words_are_left_out_of_the_verdicts_but_kept_in_the_response():
    scored = score(WORDS, [0, 4, 10])
    assert scored.response == [0, 4, 10]  # stored as selected
    verdicts = {token: ok for token, ok, _given, _expected in scored.items}
    assert verdicts == {
        "hijacked": True,
        "terrorist,": False,
        "extremist": False,
        "criminal": False,
        "groups": False,
    }


def test_an_accepted_answer_still_shows_the_key_as_expected():
    assert score(CHOICE, "the ambassador").items == (("", True, "the ambassador", "the ministry"),)
    rows = score(MATCH, {"mfa": "security", "rfe": "legality"}).items
    assert rows[1] == ("Critical report", True, "legality", "human rights")


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (CHOICE, "the president"),  # not an option, even if someone accepted it
        (CHOICE, ["the ambassador"]),
        (MATCH, {"mfa": "security"}),
        (WORDS, [11]),
        (WORDS, []),
    ],
)
def test_malformed_responses_stay_malformed_with_accept_and_function_words(question, response):
    scored = score(question, response)
    assert (scored.valid, scored.score) == (False, 0.0)
    assert scored.problem_key


def test_a_malformed_accept_field_accepts_nothing():
    """A bare string must not accept its substrings; a label outside the options can
    never be chosen; a function-word list that covers the answer is ignored."""
    as_text = {**CHOICE, "options": ["a", "b", "ab"], "answer": "ab", "accept": "ab"}
    assert score(as_text, "a").score == 0.0
    not_a_list = {**MATCH, "accept": ["legality"]}
    assert score(not_a_list, {"mfa": "security", "rfe": "legality"}).score == 0.5
    outside = {**CHOICE, "accept": ["the president"]}
    assert not score(outside, "the president").valid  # accepting does not make an option
    covering = {**WORDS, "answer": [5, 8], "function_words": [5, 8]}
    assert score(covering, [5, 8]).score == 1.0
    assert score(covering, [5]).score == 0.5


def test_key_problems_name_accept_labels_that_are_not_options():
    assert key_problems(CHOICE) == key_problems(MATCH) == key_problems(WORDS) == []
    assert key_problems({**CHOICE, "accept": ["the president"]}) == [
        "accept: 'the president' is not one of the options"
    ]
    assert key_problems({**CHOICE, "accept": "no one"}) == [
        "accept must be a list of option labels"
    ]
    assert key_problems({**MATCH, "accept": {"rfe": ["economy"]}}) == [
        "accept['rfe']: 'economy' is not one of the options"
    ]
    assert key_problems({**MATCH, "accept": {"tt": ["security"]}}) == [
        "accept must map item keys to lists of option labels"
    ]
    assert key_problems({"kind": "number", "answer": 3.0, "accept": [4.0]}) == [
        "accept is only for choice and match questions, not number"
    ]
    assert key_problems({**WORDS, "function_words": [0, 99]}) == [
        "function_words must be a list of token indices 0..10"
    ]
    assert key_problems({**WORDS, "function_words": [4, 5, 6, 7, 8, 9]}) == [
        "function_words covers the whole answer: nothing would be left to select"
    ]


def test_accept_and_function_words_reach_the_learner(tmp_path):
    """Through the learner API: what a click on Check gives, and what is recorded."""
    spec = demo_spec()
    questions = {q["id"]: q for q in spec["questions"]}
    origin = questions["trained-abroad/origin"]
    origin["accept"] = [TEHRAN]
    words = questions["hijacked/words"]  # the peaceful protests were hijacked by terrorist, …
    words["function_words"] = [0, 5, 8]  # the, by, and
    m = runtime.load_module(spec, log_dir=tmp_path)
    assert m.questions["trained-abroad/origin"].submit(TEHRAN).correct
    assert m.questions["hijacked/words"].submit([4, 6, 7, 9]).correct  # no "and" needed
    assert m.results()["score"] == 2.0


def test_module_version_counts_accept_and_function_words():
    questions = demo_spec()["questions"]
    accepting = json.loads(json.dumps(questions))
    accepting[1]["accept"] = [TEHRAN]
    ignoring = json.loads(json.dumps(questions))
    ignoring[4]["function_words"] = [0]
    versions = {module_version(q) for q in (questions, accepting, ignoring)}
    assert len(versions) == 3


# ---------------------------------------------------------------- malformed responses

JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=10), children, max_size=6)
    ),
    max_leaves=20,
)
HUGE = st.sampled_from(
    [
        "x" * 10_000_000,
        10**5000,
        -(10**400),
        1e308,
        float("inf"),
        float("-inf"),
        float("nan"),
        list(range(200_000)),
        {str(i): "no one" for i in range(50_000)},
        [[[[[[[]]]]]]],
        "1e999",
        "nan",
    ]
)
SPEC = demo_spec()
QUESTIONS = {q["id"]: q for q in SPEC["questions"]}
QUESTIONS_SCORED_ONLY = {**QUESTIONS, **{q["id"]: q for q in (CHOICE, MATCH, WORDS)}}


def vocabulary(question: dict) -> st.SearchStrategy:
    """Responses built from the question's own labels, keys and indices, plus junk:
    they reach the partial-credit code, not only the type checks."""
    labels = st.sampled_from(question.get("options") or ["?"])
    keys = st.sampled_from([i["key"] for i in question.get("items") or [{"key": "?"}]])
    indices = st.integers(-3, len(question.get("tokens") or []) + 3)
    return (
        labels
        | st.lists(labels | JUNK, max_size=8)
        | st.dictionaries(keys | st.text(max_size=5), labels | JUNK, max_size=5)
        | st.lists(indices | st.booleans(), max_size=20)
        | st.lists(keys, max_size=5)
        | st.floats(allow_nan=True)
        | st.text(max_size=30)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(qid=st.sampled_from(sorted(QUESTIONS)), data=st.data())
def test_any_response_gets_feedback_never_an_exception(qid, data):
    response = data.draw(JUNK | HUGE | vocabulary(QUESTIONS[qid]))
    with tempfile.TemporaryDirectory() as folder:
        m = runtime.load_module(SPEC, log_dir=folder)
        q = m.questions[qid]
        fb = q.submit(response)
        assert 0.0 <= fb.score <= 1.0 and not math.isnan(fb.score)
        assert fb.correct == (fb.score == 1.0)
        assert fb.message and fb.html
        assert q.attempts == (1 if fb.valid else 0)
        json.dumps(m.results(), allow_nan=False)  # whatever was stored is JSON


@settings(max_examples=150, deadline=None)
@given(qid=st.sampled_from(sorted(QUESTIONS_SCORED_ONLY)), data=st.data())
def test_scoring_is_total_and_deterministic(qid, data):
    question = QUESTIONS_SCORED_ONLY[qid]
    response = data.draw(JUNK | vocabulary(question))
    first, again = score(question, response), score(question, response)
    assert first == again
    assert 0.0 <= first.score <= 1.0
    assert first.valid or (first.score == 0.0 and first.problem and first.problem_key)
    json.dumps(first.response, allow_nan=False)


@pytest.mark.parametrize(
    "huge",
    ["x" * 10_000_000, 10**5000, float("nan"), [0] * 200_000],
    ids=["10MB-text", "5000-digit-int", "nan", "200k-list"],
)
@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_huge_responses_are_refused_quickly(m, qid, huge):
    fb = m.questions[qid].submit(huge)
    assert not fb.valid and fb.score == 0.0
    assert len(fb.html) < 5_000  # the feedback does not echo megabytes back
