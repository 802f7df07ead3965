"""The seed story teaches only what its texts show (issue 16, issue 10 item 9).

Each test pins one fix of the line-by-line review, through the story model, the
derived questions (generator.questions.module_specs) and the answer key, so that an
edit of story.yaml cannot quietly bring a wrong answer back.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from generator.authoring.guards import GUARDS, quoted_phrases
from generator.corpus import load_story
from generator.distractors import format_value
from generator.key import answer_key
from generator.questions import module_specs
from generator.yamlsource import load_yaml

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "kazakhstan-2022"

# Statements the Tehran Times interview (dated 9 January) carries before the date the
# ministry's commentary shows (10 January), and the two translations of one speech:
# the texts show no origin for any of them.
NO_ORIGIN = (
    "protests-hijacked",
    "armed-aggression-abroad",
    "combat-experience",
    "compelled-to-seek-help",
    "main-combat-operations",
    "temporary-stay",
    "not-prosecuted",
    "investigation-promised",
    "unity-of-people",
    "demands-fully-met",
    "csto-force-size",
    "clear-plan-of-attack",
    "ideological-sabotage",
)


@cache
def seed():
    story, problems = load_story(SEED)
    assert not problems, problems
    return story


@cache
def key() -> dict:
    story = seed()
    return answer_key([(story, module_specs(story))])[story.id]


def question(question_id: str) -> dict:
    (found,) = [qs[question_id] for qs in key().values() if question_id in qs]
    return found


def test_no_origin_where_the_dates_or_translations_contradict_it():
    story = seed()
    for claim_id in NO_ORIGIN:
        claim = story.claim(claim_id)
        assert not any(m.primary for m in claim.mentions), claim_id
        assert all(f"{claim_id}/origin" not in qs for qs in key().values()), claim_id


def test_demands_fully_met_credits_the_ambassador_in_the_tehran_times():
    answer = question("demands-fully-met/credited")["answer"]
    assert answer["tehran-times"] == "Ambassador Askhat Orazbay"
    assert answer["kazykhan-article"] == "Ministry of Foreign Affairs"


def test_csto_timeline_dates_only_what_the_texts_date():
    claim = seed().claim("csto-timeline")
    # The critical report's "had arrived … for a short period" carries no date.
    assert "critical-report" not in {m.source for m in claim.mentions}
    for mention in claim.mentions:
        assert mention.inferred and mention.note, mention.source


def test_text_dates_credit_no_one_with_the_dates():
    claim = seed().claim("text-dates")
    assert all(m.credited_to is None for m in claim.mentions)
    assert all("text-dates/behind" not in qs for qs in key().values())


def test_january_4_is_one_event_and_credits_no_police():
    claim = seed().claim("january-4")
    assert {m.value for m in claim.mentions} == {"2022-01-04"}
    assert "short-report" in claim.omitted_by and claim.omission_note
    credits = {m.credited_to for c in seed().claims for m in c.mentions}
    assert "police" not in credits


def test_weekday_dates_are_marked_as_worked_out():
    for claim in seed().claims:
        for m in claim.mentions:
            weekday = re.search(r"\b(Wednesday|Thursday|Friday)\b", m.quote)
            if claim.family == "numeric" and weekday and isinstance(m.value, str):
                assert m.inferred and weekday.group(1) in m.note, (claim.id, m.source)


def test_no_topic_names_the_date_it_asks_for():
    for claim in seed().claims:
        if claim.family != "numeric":
            continue
        for m in claim.mentions:
            if isinstance(m.value, str):
                day_month = format_value(m.value).rsplit(" ", 1)[0]  # "4 January"
                assert day_month not in claim.topic, (claim.id, claim.topic)


def test_framing_terms_are_the_loaded_words():
    terms = {(c.id, m.source): m.terms for c in seed().claims for m in c.mentions}
    assert "unauthorized actions" in terms[("detained-or-released", "tehran-times")]
    for source in ("mfa-commentary", "kazykhan-article", "tehran-times"):
        assert "terrorist" in terms[("aggression-or-rioting", source)]
    every = {t for ts in terms.values() for t in ts}
    for not_framing in ("six countries", "address to the people", "initial rallies"):
        assert not_framing not in every
    assert "control the price" not in every


@pytest.mark.parametrize(
    "claim_id",
    [
        "responsive-or-autocratic",
        "provocations",
        "peacekeepers-or-military-alliance",
        "crowd-labels",
        "what-demands",
        "aggression-or-rioting",
        "who-the-dead-were",
        "dialogue-or-no-negotiations",
    ],
)
def test_frames_with_two_defensible_answers_accept_both_or_are_not_asked(claim_id):
    claim = seed().claim(claim_id)
    framed = [m for m in claim.mentions if m.frame]
    asked = any(q.endswith(f"{claim_id}/frames") for qs in key().values() for q in qs)
    assert asked == (len(framed) >= 2)
    if asked:
        assert any(m.also for m in framed), claim_id


def test_the_critical_report_is_scrutinised_like_the_official_texts():
    credits = Counter(
        m.credited_to for c in seed().claims for m in c.mentions if m.source == "critical-report"
    )
    for vague in ("unnamed experts", "unnamed rights groups", "unnamed critics"):
        assert credits[vague] == 1
    assert credits["an unnamed protester"] == 1 and credits["Reuters"] == 1
    crowd = {m.source: m for m in seed().claim("crowd-labels").mentions}
    assert crowd["critical-report"].terms == ("violent protests",)
    assert crowd["critical-report"].frame == "protest turned violent"


def test_untaught_points_have_claims():
    story = seed()
    rights = {m.source: m for m in story.claim("human-rights-causes").mentions}
    assert "anarchy" in rights["kazykhan-article"].terms
    assert "widespread crackdown" in rights["critical-report"].terms
    dead = story.claim("death-toll-sources")
    assert {m.credited_to for m in dead.mentions if "18 security" in m.quote} == {
        "Kazakh state media"
    }
    assert any(m.quote.startswith("Dozens") and m.credited_to == "no one" for m in dead.mentions)
    for claim_id in ("seized-buildings-narrated", "csto-legal-basis"):
        credits = {m.source: m.credited_to for m in story.claim(claim_id).mentions}
        assert credits == {
            "kazykhan-article": "no one",
            "tehran-times": "Ambassador Askhat Orazbay",
        }
    opening = story.claim("not-a-target").mentions[0]
    assert opening.start == 0 and opening.credited_to == "no one"
    assert any("until Jan. 19" in m.quote for m in story.claim("state-of-emergency").mentions)


def test_certainty_and_omissions_cover_both_sides():
    story = seed()
    certain = [c for c in story.claims if any(m.certainty for m in c.mentions)]
    assert len(certain) >= 8
    by_side = Counter(
        (m.source == "critical-report", m.certainty)
        for c in certain
        for m in c.mentions
        if m.certainty
    )
    for side in (True, False):
        assert by_side[(side, "hedged")] and by_side[(side, "attributed")]
        assert by_side[(side, "asserted")]
    omitting = [c for c in story.claims if c.omitted_by]
    assert len(omitting) >= 4 and all(c.omission_note for c in omitting)
    assert {s for c in omitting for s in c.omitted_by} >= {"critical-report", "kazykhan-article"}


def test_modules_mix_families_and_the_review_meets_nothing_twice():
    story = seed()
    # Practice modules only: the tests and the review module have rules of their own
    # (tests/test_roles.py, tests/test_review.py).
    practice = [m for m in story.modules if m.role == "practice"]
    elsewhere = [c for m in practice if m.id != "mix" for c in m.claims]
    review = next(m for m in story.modules if m.id == "mix")
    assert not set(review.claims) & set(elsewhere)
    seen = [(m.source, m.start, m.end) for c in elsewhere for m in story.claim(c).mentions]
    for claim_id in review.claims:
        for m in story.claim(claim_id).mentions:
            overlapping = [s for s in seen if s[0] == m.source and s[1] < m.end and m.start < s[2]]
            assert not overlapping, (claim_id, m.source)
    for module in practice:
        assert 6 <= len(module.claims) <= 9, module.id
        assert len({story.claim(c).family for c in module.claims}) >= 2, module.id


def test_first_question_of_what_gets_left_out_names_no_word_of_its_answer():
    story = seed()
    first = next(m for m in story.modules if m.id == "what-gets-left-out").claims[0]
    claim = story.claim(first)
    assert not list(quoted_phrases(claim.topic))
    assert not any(t.casefold() in claim.topic.casefold() for m in claim.mentions for t in m.terms)


def test_header_lists_exactly_the_speakers_used():
    text = (SEED / "story.yaml").read_text(encoding="utf-8")
    header = text[: text.index("\nid:")]
    names = [line[1:] for line in header.splitlines() if line.startswith("#   ")]
    listed = {n.strip() for line in names for n in line.split("|")} - {""}
    used = {m.credited_to for c in seed().claims for m in c.mentions if m.credited_to}
    used |= {
        a for c in seed().claims if c.family == "attribution" for m in c.mentions for a in m.also
    }
    assert listed == used


@pytest.mark.parametrize("guard", GUARDS, ids=lambda g: g.__name__)
def test_no_guard_warns_on_the_seed_story(guard):
    text = (SEED / "story.yaml").read_text(encoding="utf-8")
    assert [str(w) for w in guard(seed(), load_yaml(text, "story.yaml"), "story.yaml")] == []


def test_validate_accepts_the_seed_corpus():
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "corpus"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr


def test_no_module_repeats_another_modules_question():
    """A pretest is the exception: it is taken before the lessons and shows nothing,
    so the lessons asking its questions again, with feedback, is the point."""
    asked: dict[tuple[str, str | None, str], str] = {}
    for spec in module_specs(seed()):
        if spec["role"] == "pretest":
            continue
        for q in spec["questions"]:
            key = (q["prompt"], q.get("statement"), repr(q.get("evidence")))
            assert asked.setdefault(key, spec["module"]) == spec["module"], (q["id"], asked[key])
