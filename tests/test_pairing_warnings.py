"""The pairing warnings docs/teaching.md lists ("Pretest and posttest: a pair") that
tests/test_roles.py does not reach: a move's share more than 15 points apart, one
test over 1.5 times the other's length, "How sure are you?" in one test only, and a
pretest with no posttest (issue 14 item 1: the build "says what differs").
Each through ``validate --strict`` on the seed story with its pretest edited."""

from __future__ import annotations

from test_roles import validate_edited

PRETEST = (
    "    claims: [what-demands, temporary-stay, csto-legal-basis, unity-of-people, provocations]"
)


def test_a_move_whose_share_differs_by_more_than_15_points_is_warned_about(tmp_path):
    # Without `provocations` the pretest has 1 framing question of 8 (12 %); the
    # posttest has 4 of 11 (36 %).
    done = validate_edited(tmp_path, PRETEST, PRETEST.replace(", provocations", ""))
    assert done.returncode == 2
    assert (
        "module 'posttest': move 'compare-the-words' is 36 % of its questions and 12 % "
        "of 'pretest''s (24 points apart) — keep each move's share within 15 points"
    ) in done.stderr


def test_tests_of_unequal_length_or_confidence_are_warned_about(tmp_path):
    done = validate_edited(tmp_path, PRETEST, "    claims: [temporary-stay]\n    confidence: true")
    assert done.returncode == 2
    assert (
        "module 'posttest': has 11 graded questions and 'pretest' has 5 — keep paired "
        "tests within 1.5 times each other's length"
    ) in done.stderr
    assert "one of 'pretest' and 'posttest' asks “how sure are you?” and the other not" in (
        done.stderr
    )


def test_a_pretest_without_a_posttest_is_warned_about(tmp_path):
    done = validate_edited(tmp_path, "    role: posttest", "    role: practice")
    assert done.returncode == 2
    assert "module 'pretest': a pretest with no posttest — add a module with role: posttest" in (
        done.stderr
    )


def test_the_seed_pair_itself_raises_no_warning(tmp_path):
    """The checks above can pass only when something was edited."""
    done = validate_edited(tmp_path, PRETEST, PRETEST)
    assert done.returncode == 0, done.stderr
