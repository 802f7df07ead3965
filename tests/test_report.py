"""The class report (``export --report``) on 300 synthetic learners whose pretest and
posttest scores, and so whose gains, are fixed in advance: the figures the page
shows (read from its embedded JSON block, and spot-checked in its text) must be
those figures. Every run goes through the real command line."""

from __future__ import annotations

import html as htmllib
import math
import re
import statistics
from pathlib import Path

import pytest
from markupsafe import escape
from report_helpers import (
    LESSON,
    POST,
    PRE,
    STORY,
    Answers,
    export,
    fixture_key,
    graded,
    report_data,
    right,
    write_class,
    wrong,
)

from generator.runtime.scoring import score

N = 300
PRE_RIGHT = (2, 3, 4)  # of 7: learner i gets PRE_RIGHT[i % 3] right on the pretest
DELTAS = (-2, 0, 1, 2, 3)  # and DELTAS[(i // 3) % 5] more on the posttest
QUESTIONS = 7


def learner(i: int) -> str:
    return f"Learner {i:03d}"


def synthetic_class() -> list[Answers]:
    hand_ins = []
    for i in range(N):
        pre = PRE_RIGHT[i % 3]
        post = pre + DELTAS[(i // 3) % 5]
        hand_ins += [
            Answers(learner(i), PRE, pre),
            Answers(
                learner(i),
                LESSON,
                i % 5,
                reflection=f"About 14 weeks, says the council ({i})",
                sure=i % 2 == 0,
            ),
            Answers(learner(i), POST, post),
        ]
    return hand_ins


@pytest.fixture(scope="module")
def key():
    return fixture_key()


@pytest.fixture(scope="module")
def exported(tmp_path_factory, key):
    folder = tmp_path_factory.mktemp("class")
    hand_ins = synthetic_class()
    write_class(folder / "subs", key, hand_ins)
    done = export(folder / "subs", folder, "--report", folder / "class.html")
    assert done.returncode == 0, done.stderr
    assert "class.html: class report, 300 learner(s)" in done.stdout
    page = (folder / "class.html").read_text(encoding="utf-8")
    return hand_ins, page, report_data(page)


def test_the_fixture_answers_score_exactly_right_or_wrong(key):
    for module in (PRE, LESSON, POST):
        for question in graded(key, module):
            assert score(question, right(question)).score == 1.0, question["id"]
            assert score(question, wrong(question)).score == 0.0, question["id"]
        assert len(graded(key, module)) == (QUESTIONS if module != LESSON else 4)


def test_pre_post_means_gain_and_counts_are_the_known_ones(exported):
    _, page, data = exported
    (pair,) = data["prepost"]
    assert (pair["story"], pair["pretest"], pair["posttest"]) == (STORY, PRE, POST)
    assert pair["paired"] == N and pair["pre_only"] == [] and pair["post_only"] == []
    # Mean pretest 3 of 7, mean change +0.8 question: <g> = (0.8/7) / (1 - 3/7) = 0.2.
    assert pair["mean_pre"] == pytest.approx(3 / 7, abs=1e-6)
    assert pair["mean_post"] == pytest.approx(3.8 / 7, abs=1e-6)
    assert pair["gain"] == pytest.approx(0.2, abs=1e-6)
    # Stayed: at most one question's worth (deltas 0 and +1); fell: -2; improved: +2, +3.
    assert (pair["improved"], pair["stayed"], pair["fell"]) == (120, 120, 60)
    assert "<strong>0.20</strong>" in page
    assert re.search(
        r"Improved <strong>120</strong>.*Stayed \(±14 %\) <strong>120</strong>"
        r".*Fell <strong>60</strong>",
        page,
        re.DOTALL,
    )


def test_each_learner_has_their_own_scores_and_gain(exported):
    _, _, data = exported
    rows = {r["learner"]: r for r in data["prepost"][0]["learners"]}
    for i in (0, 7, 299):
        pre = PRE_RIGHT[i % 3] / 7
        post = (PRE_RIGHT[i % 3] + DELTAS[(i // 3) % 5]) / 7
        assert rows[learner(i)]["pre"] == pytest.approx(pre, abs=1e-6)
        assert rows[learner(i)]["post"] == pytest.approx(post, abs=1e-6)
        assert rows[learner(i)]["gain"] == pytest.approx((post - pre) / (1 - pre), abs=1e-6)


def test_gain_interval_agrees_with_the_delta_method(exported):
    """The bootstrap interval, against an independent large-sample interval: the
    delta method for a ratio of means. With 300 learners they agree closely."""
    _, _, data = exported
    (pair,) = data["prepost"]
    low, high = pair["gain_interval"]
    pres = [PRE_RIGHT[i % 3] / 7 for i in range(N)]
    posts = [(PRE_RIGHT[i % 3] + DELTAS[(i // 3) % 5]) / 7 for i in range(N)]
    a, b = statistics.fmean(pres), statistics.fmean(posts)
    g = (b - a) / (1 - a)
    influence = [
        ((q - b) - (p - a)) / (1 - a) + g * (p - a) / (1 - a)
        for p, q in zip(pres, posts, strict=True)
    ]
    se = statistics.stdev(influence) / math.sqrt(N)
    assert low < g < high
    assert low == pytest.approx(g - 1.96 * se, abs=0.015)
    assert high == pytest.approx(g + 1.96 * se, abs=0.015)
    assert 0.05 < high - low < 0.3  # neither a point nor the whole scale


def expected_mastery(key, hand_ins: list[Answers]) -> dict[str, dict[str, float]]:
    """Per learner and move: right first answers / questions, over the lesson and
    the posttest (never the pretest)."""
    earned: dict[str, dict[str, list[int]]] = {}
    for hand_in in hand_ins:
        if hand_in.module == PRE:
            continue
        moves = key.modules[STORY, hand_in.module].moves
        mine = earned.setdefault(hand_in.learner, {})
        for move, ids in moves.items():
            got = mine.setdefault(move, [0, 0])
            got[0] += sum(1 for q in ids if q in hand_in.right_ids)
            got[1] += len(ids)
    return {who: {m: e / n for m, (e, n) in moves.items()} for who, moves in earned.items()}


def test_per_move_mastery_for_each_learner_and_the_class(exported, key):
    hand_ins, _, data = exported
    expected = expected_mastery(key, hand_ins)
    got = {row["learner"]: row["mastery"] for row in data["learners"]}
    assert set(got) == set(expected)
    for who in (learner(0), learner(4), learner(123)):
        assert got[who] == pytest.approx(expected[who], abs=1e-6)
    for move, mean in data["class_mastery"].items():
        values = [m[move] for m in expected.values() if move in m]
        assert mean == pytest.approx(statistics.fmean(values), abs=1e-6), move
    assert set(data["class_mastery"]) == {m for e in expected.values() for m in e}


def test_heat_map_prints_every_cell_as_text(exported, key):
    hand_ins, page, data = exported
    expected = expected_mastery(key, hand_ins)[learner(4)]
    row = re.search(r"<tr><th scope=\"row\">Learner 004</th>(.*?)</tr>", page).group(1)
    cells = re.findall(r"<td class=\"([^\"]*)\">([^<]*)</td>", row)
    assert len(cells) == len(data["moves"])  # one per move, "—" where none was met
    shown = sorted(text for _css, text in cells if text != "—")
    assert shown == sorted(f"{100 * v:.0f} %" for v in expected.values())
    assert all(text for _css, text in cells)  # a number or "—", never colour alone


def test_who_needs_help_lists_learners_below_half_with_the_questions_missed(exported, key):
    hand_ins, page, data = exported
    expected = expected_mastery(key, hand_ins)
    below = {(who, m) for who, moves in expected.items() for m, v in moves.items() if v < 0.5}
    listed = {(h["learner"], h["move"]) for h in data["needs_help"]}
    assert listed == below
    # Learner 000 got nothing right in the lesson: every compare-the-words question missed.
    entry = next(
        h
        for h in data["needs_help"]
        if h["learner"] == learner(0) and h["move"] == "compare-the-words"
    )
    lesson = key.modules[STORY, LESSON]
    headings = [
        q["heading"] for q in lesson.questions if q["id"] in lesson.moves["compare-the-words"]
    ]
    assert entry["missed"] == headings and entry["mastery"] == 0
    assert htmllib.escape(headings[0], quote=False) in page


def test_confident_mistakes_count_sure_first_answers_that_were_wrong(exported, key):
    hand_ins, page, data = exported
    lesson = graded(key, LESSON)
    expected = {}
    for hand_in in hand_ins:
        if hand_in.module == LESSON and hand_in.sure:
            for n, q in enumerate(lesson):
                wrong_now = n >= hand_in.n_right
                expected.setdefault(q["heading"], [0, 0])
                expected[q["heading"]][0] += wrong_now
                expected[q["heading"]][1] += 1
    got = {c["question"]: [c["sure_wrong"], c["sure"]] for c in data["confident_mistakes"]}
    assert got == {h: counts for h, counts in expected.items() if counts[0]}
    assert "Confident mistakes" in page


def test_items_are_grouped_by_move_with_difficulty_and_discrimination(exported, key):
    _, page, _ = exported
    items = page.split('id="items-h"')[1].split('id="help-h"')[0]
    for question in graded(key, POST):
        assert f"<code>{question['id']}</code>" in items
    # Pretest questions: 20 learners in each of 3 groups got the first 2, 3 or 4 right.
    row = items.split("<code>not-safe/credited</code>")[1].split("</tr>")[0]
    assert "300 of 300" in row and "100 %" in row


def test_the_page_needs_nothing_outside_itself(exported):
    _, page, _ = exported
    assert not re.search(r"\b(src|href)\s*=", page)
    assert "@import" not in page and "http" not in page.lower().replace("http-equiv", "")
    assert re.findall(r"url\(([^)]*)\)", page) == ["#report-hatch"] * 2
    assert "@media print" in page


def small_class(tmp_path: Path, key, hand_ins: list[Answers]) -> tuple[str, dict]:
    write_class(tmp_path / "subs", key, hand_ins)
    done = export(tmp_path / "subs", tmp_path, "--report", tmp_path / "class.html")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "class.html").read_text(encoding="utf-8")
    return page, report_data(page)


def test_full_pretest_unpaired_learners_and_names_that_are_markup(tmp_path, key):
    odd = "<b>Zoë</b> & </script>"
    page, data = small_class(
        tmp_path,
        key,
        [
            Answers("Full Marks", PRE, 7),
            Answers("Full Marks", POST, 6),
            Answers(odd, PRE, 0),
            Answers(odd, POST, 7),
            Answers("Pre Only", PRE, 3),
        ],
    )
    (pair,) = data["prepost"]
    rows = {r["learner"]: r for r in pair["learners"]}
    assert rows["Full Marks"]["gain"] is None  # no room to improve: no individual gain
    assert rows[odd]["gain"] == 1
    assert pair["pre_only"] == ["Pre Only"] and pair["paired"] == 2
    # Class <g> from the means: pre 0.5, post 13/14.
    assert pair["gain"] == pytest.approx((13 / 14 - 0.5) / 0.5, abs=1e-6)
    assert (pair["improved"], pair["stayed"], pair["fell"]) == (1, 1, 0)
    assert "full pretest" in page and "Pretest only (not in the gain): Pre Only." in page
    assert odd not in page and "&lt;b&gt;Zoë&lt;/b&gt; &amp; &lt;/script&gt;" in page


def test_a_class_at_full_marks_on_the_pretest_has_no_gain(tmp_path, key):
    page, data = small_class(tmp_path, key, [Answers("Ana", PRE, 7), Answers("Ana", POST, 7)])
    (pair,) = data["prepost"]
    assert pair["gain"] is None and pair["gain_interval"] is None
    assert "not enough learners" in page


def test_no_tests_handed_in_says_so(tmp_path, key):
    page, data = small_class(tmp_path, key, [Answers("Ana", LESSON, 2)])
    assert data["prepost"] == []
    assert "No pretest and posttest of one story were both handed in" in page


def test_report_and_gradebook_must_be_different_files(tmp_path, key):
    write_class(tmp_path / "subs", key, [Answers("Ana", LESSON, 2)])
    done = export(tmp_path / "subs", tmp_path, "--report", tmp_path / "grades.csv")
    assert done.returncode == 2
    assert "--report and --rubric-sheet must be files of their own" in done.stderr


def test_help_threshold_is_a_percentage(tmp_path, key):
    write_class(tmp_path / "subs", key, [Answers("Ana", LESSON, 2), Answers("Ana", POST, 4)])
    out = tmp_path / "class.html"
    done = export(tmp_path / "subs", tmp_path, "--report", out, "--help-below", "80")
    assert done.returncode == 0, done.stderr
    data = report_data(out.read_text(encoding="utf-8"))
    assert data["threshold"] == 0.8
    assert all(h["mastery"] < 0.8 for h in data["needs_help"]) and data["needs_help"]


def test_the_most_common_wrong_answer_is_listed_with_its_count(exported, key):
    """Every synthetic wrong answer is ``wrong(question)``: for a posttest question, the
    row lists it with the number of learners who got that question wrong."""
    hand_ins, page, _ = exported
    items = page.split('id="items-h"')[1].split('id="help-h"')[0]
    posts = [h.n_right for h in hand_ins if h.module == POST]
    checked = 0
    for n, question in enumerate(graded(key, POST)):
        if question["kind"] != "choice":
            continue
        count = sum(1 for got in posts if n >= got)
        row = items.split(f"<code>{question['id']}</code>")[1].split("</tr>")[0]
        listed = f"{escape(wrong(question))} <strong>×{count}</strong>"  # as the page escapes
        assert 0 < count < N and listed in row, (question["id"], count)
        checked += 1
    assert checked
