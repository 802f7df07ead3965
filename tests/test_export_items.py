"""Item statistics and the chart, on a class small enough to compute by hand."""

from __future__ import annotations

import re

import pytest
from export_helpers import demo_key, record, simple_score

from generator.gradebook import grade
from generator.itemstats import (
    ITEM_COLUMNS,
    describe_response,
    item_stats,
    items_table,
    render_chart,
)
from generator.submissions import read_record

# Six learners, module "first" (q/who: choice, answer A; q/count: number 12 ± 0.5;
# q/why: reflect). Ana..Eve answer both graded questions, Fay only q/who.
CLASS = {
    "Ana": {"q/who": "A", "q/count": 12, "q/why": "because"},
    "Bo": {"q/who": "A", "q/count": 12},
    "Cy": {"q/who": "A", "q/count": 3},
    "Di": {"q/who": "B", "q/count": 3},
    "Eve": {"q/who": "B", "q/count": 12},
    "Fay": {"q/who": "<script>alert(1)</script>"},
}


def stats_of(learners: dict[str, dict]) -> list:
    submissions = [
        read_record(record(name, answers), f"{name}.json", origin="results")
        for name, answers in learners.items()
    ]
    return item_stats(grade(submissions, demo_key(), simple_score).rows)


def test_item_statistics_match_the_hand_computation():
    # q/who: first scores x = 1 1 1 0 0 0; rest of the module (q/count) y = 1 1 0 0 1 0.
    # mean 0.5; Pearson r = Σdxdy / √(Σdx² Σdy²) = 0.5 / √(1.5 · 1.5) = 1/3.
    # q/count (Fay skipped it): x = 1 1 0 0 1, rest (q/who) y = 1 1 1 0 0:
    # mean 0.6; r = 0.2 / √(1.2 · 1.2) = 1/6.
    table = items_table(stats_of(CLASS))
    assert (
        ",".join(table[0])
        == ",".join(ITEM_COLUMNS)
        == (
            "story,module,question,kind,move,n_learners,n_responses,mean_first_score,discrimination,"
            "wrong_1,wrong_1_count,wrong_2,wrong_2_count,wrong_3,wrong_3_count"
        )
    )
    assert [",".join(row) for row in table[1:]] == [  # reflect questions: no score, no row
        "demo,first,q/who,choice,,6,6,0.5,0.33,B,2,<script>alert(1)</script>,1,,",
        "demo,first,q/count,number,,6,5,0.6,0.17,3 people,2,,,,",
    ]


@pytest.mark.parametrize(
    "learners",
    [
        {"Ana": {"q/who": "A", "q/count": 12}},  # one learner: no correlation
        {"Ana": {"q/who": "A", "q/count": 12}, "Bo": {"q/who": "A", "q/count": 3}},
    ],
)
def test_discrimination_is_blank_when_undefined(learners):
    who = next(s for s in stats_of(learners) if s.question["id"] == "q/who")
    assert who.discrimination is None  # n < 2, or everyone scored the same on q/who
    assert items_table([who])[1][ITEM_COLUMNS.index("discrimination")] == ""


def test_wrong_responses_read_as_the_learner_saw_them():
    words = {"kind": "words", "tokens": ["an", "abrupt", "closure", "was", "announced"]}
    match = {"kind": "match", "items": [{"key": "mfa", "label": "Foreign ministry"}]}
    order = {"kind": "order", "items": [{"key": "a", "label": "First"},
                                        {"key": "b", "label": "Then"}]}  # fmt: skip
    assert describe_response(words, [2, 1, 4]) == "abrupt closure … announced"
    assert describe_response(match, {"mfa": "the president"}) == (
        "Foreign ministry → the president"
    )
    assert describe_response(order, ["b", "a"]) == "Then → First"
    assert describe_response({"kind": "multi"}, ["x", "y"]) == "x, y"
    assert describe_response(words, [99]) == "[99]"  # malformed: shown as stored


def test_chart_is_self_contained_escaped_and_sorted_hardest_first():
    html = render_chart(stats_of(CLASS))
    assert not re.search(r"https?://|<script|<link|\bsrc=|@import", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    svg = html[html.index("<svg role") : html.index("</svg>", html.index("<svg role"))]
    assert svg.index("q/who") < svg.index("q/count")  # 50 % right, then 60 %
    assert "50% right · 6 of 6 answered" in svg
    assert "discrimination +0.17 ⚠ low" in svg  # said in words, not by colour alone


def test_chart_without_answers_says_so():
    assert "No graded answers were exported." in render_chart([])
