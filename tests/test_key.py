"""``samestory key``: the JSON key (every answer scores 1.0) and the printable key."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
from build_helpers import FIXTURE_CORPUS, REPO, copy_mini

from generator.key import write_key
from generator.questions import module_specs
from generator.runtime.scoring import score


def key_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "key", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def key():
    run = key_cli(str(FIXTURE_CORPUS))
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_key_is_sorted_utf8_json_with_a_trailing_newline(key):
    data = json.loads(key)
    assert key.endswith("}\n")
    assert key == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert list(data) == ["mini"] and sorted(data["mini"]) == ["framing", "whose-words"]
    assert data["mini"]["whose-words"]["journey"] == {"kind": "number", "answer": 40.0}
    assert data["mini"]["framing"]["your-view"] == {"kind": "reflect", "answer": None}


def test_every_key_answer_scores_one(key, tmp_path):
    from generator.corpus import load_corpus

    answers = json.loads(key)["mini"]
    (story,) = load_corpus(FIXTURE_CORPUS)
    for spec in module_specs(story):
        module = answers[spec["module"]]
        assert list(module) == sorted(q["id"] for q in spec["questions"])
        for q in spec["questions"]:
            assert module[q["id"]]["kind"] == q["kind"]
            if q["graded"]:
                assert score(q, module[q["id"]]["answer"]).score == 1.0, q["id"]


def test_key_to_a_file_equals_key_to_stdout(key, tmp_path):
    write_key(FIXTURE_CORPUS, tmp_path / "key.json", printable=False)
    assert (tmp_path / "key.json").read_text(encoding="utf-8") == key


def test_printable_markdown_key_has_prompts_answers_explanations_and_passages(tmp_path):
    out = tmp_path / "key.md"
    write_key(FIXTURE_CORPUS, out, printable=True)
    text = out.read_text(encoding="utf-8")
    assert "### Module 1: Whose words, whose numbers?" in text
    assert "- Letter to families → Superintendent Dana Levi" in text
    assert "- Letter to families → 412 pupils" in text
    assert "- 40 minutes \\(exactly\\)" in text
    assert "the words\\: “betrayal”" in text
    assert "1\\. Stop" in text and "4\\. Trace claims to the original context" in text
    assert "Ungraded\\: any thoughtful answer of at least 10 words\\." in text
    assert (
        "> **Letter to families** (Northside School District, official statement, "
        "14 May 2024): “Northside currently enrols 412 pupils”"
    ) in text


def test_printable_key_is_html_when_the_file_ends_in_html(tmp_path):
    out = tmp_path / "key.html"
    write_key(FIXTURE_CORPUS, out, printable=True)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<li>Letter to families → Superintendent Dana Levi</li>" in html
    assert "Northside&#39;s children" in html  # autoescaped


def test_printable_key_escapes_hostile_text(tmp_path):
    hostile = "<script>alert(1)</script> *bold* [x](javascript:alert(1))"

    def edit(data):
        data["claims"][0]["topic"] = hostile
        data["claims"][0]["mentions"][1]["credited_to"] = hostile

    corpus = copy_mini(tmp_path / "corpus", edit)
    write_key(corpus, tmp_path / "key.html", printable=True)
    write_key(corpus, tmp_path / "key.md", printable=True)
    html = (tmp_path / "key.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "key.md").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in markdown and "\\*bold\\*" in markdown
    assert "](javascript" not in markdown


def test_a_broken_corpus_exits_2(tmp_path):
    corpus = copy_mini(tmp_path / "corpus", lambda d: d["modules"][0].update(claims=["nope"]))
    run = key_cli(str(corpus))
    assert run.returncode == 2 and "unknown claim 'nope'" in run.stderr and not run.stdout


def test_printable_key_quotes_a_claims_passages_once_per_module(tmp_path):
    out = tmp_path / "key.md"
    write_key(FIXTURE_CORPUS, out, printable=True)
    text = out.read_text(encoding="utf-8")
    assert text.count("“Northside currently enrols 412 pupils”") == 1
    assert "**Passages:** quoted at question 2." in text


# ---------------------------------------------------------------- accepted answers


def with_alternatives(module_specs_of):
    """Specs as the generator gives them once the corpus marks accepted answers (mention
    field ``also``) and function words: the next step accepts the blog's too, the
    frames accept "conflict" for the blog, and "the" is never needed."""

    def specs(story):
        found = copy.deepcopy(module_specs_of(story))
        questions = {q["id"]: q for spec in found for q in spec["questions"]}
        questions["next-step"]["accept"] = ["Repeat it: parents know their school best."]
        questions["closure-framing/frames"]["accept"] = {"blog": ["conflict"]}
        words = questions["closure-framing/words"]  # Angry parents packed the gym …
        words["answer"] = [0, 1, 11, 12, 13]  # … "the abrupt closure"
        words["function_words"] = [3, 5, 8, 11, 14]  # the, on, the, the, of
        return found

    return specs


@pytest.fixture
def alternatives(monkeypatch):
    from generator import key as key_module

    monkeypatch.setattr(key_module, "module_specs", with_alternatives(module_specs))


def test_the_json_key_lists_accepted_answers_beside_the_answer(alternatives, tmp_path):
    write_key(FIXTURE_CORPUS, tmp_path / "key.json", printable=False)
    key = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))["mini"]
    assert key["whose-words"]["next-step"] == {
        "kind": "choice",
        "answer": "Check what the district's own letter says.",
        "accept": ["Repeat it: parents know their school best."],
    }
    assert key["framing"]["closure-framing/frames"]["accept"] == {"blog": ["conflict"]}
    assert "accept" not in key["whose-words"]["pupils/figures"]  # only where there are some


def test_the_printable_key_shows_accepted_answers_and_optional_words(alternatives, tmp_path):
    out = tmp_path / "key.md"
    write_key(FIXTURE_CORPUS, out, printable=True)
    text = out.read_text(encoding="utf-8")
    assert (
        "- Check what the district's own letter says\\.\n"
        "- also accepted\\: Repeat it\\: parents know their school best\\.\n"
    ) in text
    assert "- A betrayal of Northside's children → human interest also accepted\\: conflict" in (
        text
    )
    assert "the words\\: “Angry”, “parents”, “abrupt”, “closure”" in text
    assert "needed or not, never penalised\\: “the”" in text


def test_printable_key_says_which_modules_are_tests_and_which_the_review(tmp_path):
    out = tmp_path / "key.md"
    write_key(REPO / "corpus", out, printable=True)
    text = out.read_text(encoding="utf-8")
    assert text.count("A test: learners see no feedback, no hint and no score") == 2
    assert text.count("A review, for one to four weeks after the lessons.") == 1
    html = tmp_path / "key.html"
    write_key(REPO / "corpus", html, printable=True)
    assert html.read_text(encoding="utf-8").count("A test: learners see no feedback") == 2
