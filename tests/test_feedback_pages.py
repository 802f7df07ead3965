"""`python -m generator feedback`: released test feedback, one page per learner and test.

The submissions are real results records made through the learner API; the pages
are read as a learner would read them (their text, not their markup), and checked
to be self-contained.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from feedback_helpers import (
    PRACTICE_MODULE,
    TEST_MODULE,
    answered,
    hand_in,
    module_specs_of,
    pretest_corpus,
    run_feedback,
)
from learner_walk import wrong_response


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return pretest_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def specs(corpus) -> dict[str, dict]:
    return module_specs_of(corpus)


class _Text(HTMLParser):
    """The text a reader sees, and every URL the page would load or link to."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.urls: list[str] = []
        self.scripts = 0
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self._in_style = tag == "style"
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def read_page(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def released(corpus, specs, tmp_path_factory):
    """Ana (first question wrong, second skipped) and Ben (all right) took the pretest;
    Ana also did a practice module."""
    root = tmp_path_factory.mktemp("handed-in")
    test = specs[TEST_MODULE]
    hand_in(root / "ana", "test.json", answered(test, "Ana P.", root / "ana-log", {0}, skip={1}))
    hand_in(root / "ben", "test.json", answered(test, "Ben", root / "ben-log"))
    practice = answered(specs[PRACTICE_MODULE], "Ana P.", root / "ana-log2", {0})
    hand_in(root / "ana", "practice.json", practice)
    out = root / "pages"
    done = run_feedback(corpus, out, root / "ana", root / "ben")
    return done, out, test


def test_one_page_per_learner_and_test_and_an_index(released):
    done, out, _ = released
    assert done.returncode == 0, done.stderr
    pages = sorted(p.name for p in out.glob("*.html"))
    assert pages == [f"ana-p--{TEST_MODULE}.html", f"ben--{TEST_MODULE}.html", "index.html"]
    index = read_page(out / "index.html")
    assert "Ana P." in index.text and "Ben" in index.text
    assert set(index.urls) == {f"ana-p--{TEST_MODULE}.html", f"ben--{TEST_MODULE}.html"}
    assert "2 feedback page(s)" in done.stderr


def test_the_page_says_the_mistake_made_the_answer_and_the_explanation(released):
    _, out, spec = released
    page = read_page(out / f"ana-p--{TEST_MODULE}.html")
    first = spec["questions"][0]
    assert "Ana P." in page.text
    total = sum(1 for q in spec["questions"] if q["graded"])
    assert f"Score: {total - 2} of {total}" in page.text  # one wrong, one not answered
    # The wrong answer given and the right one, in the runtime's own words.
    wrong = wrong_response(first)
    assert first["kind"] == "choice"  # so that the check below is made, never skipped
    assert wrong in page.text and first["answer"] in page.text
    assert f"You chose “{wrong}”; the answer is “{first['answer']}”." in page.text
    assert html.unescape(first["explanation"]).split()[0] in page.text
    explanations = [q["explanation"] for q in spec["questions"] if q.get("explanation")]
    for explanation in explanations:
        assert " ".join(explanation.split()) in page.text
    assert "Not answered." in page.text
    assert "press Check" not in page.text  # a released page has nothing to press
    assert f"Question {len(spec['questions'])} of {len(spec['questions'])}" in page.text


def test_a_learner_who_got_everything_right_sees_no_mistake(released):
    _, out, spec = released
    page = read_page(out / f"ben--{TEST_MODULE}.html")
    total = sum(1 for q in spec["questions"] if q["graded"])
    assert f"Score: {total} of {total}" in page.text
    assert "Not answered." not in page.text


def test_pages_are_self_contained(released):
    _, out, _ = released
    for path in out.glob("*.html"):
        page = read_page(path)
        assert page.scripts == 0, path.name
        outside = [u for u in page.urls if re.match(r"[a-z][a-z0-9+.-]*:", u, re.I)]
        assert not outside, (path.name, outside)
        assert "@import" not in path.read_text(encoding="utf-8")


def test_practice_modules_only_when_asked(corpus, specs, tmp_path):
    hand_in(tmp_path / "in", "p.json", answered(specs[PRACTICE_MODULE], "Cy", tmp_path / "log"))
    done = run_feedback(corpus, tmp_path / "none", tmp_path / "in")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "none").glob("*.html")] == ["index.html"]
    assert "No test was found" in read_page(tmp_path / "none" / "index.html").text
    done = run_feedback(corpus, tmp_path / "all", tmp_path / "in", extra=["--all-modules"])
    assert (tmp_path / "all" / f"cy--{PRACTICE_MODULE}.html").is_file(), done.stderr


def test_a_hostile_name_is_text_and_the_file_name_is_plain(corpus, specs, tmp_path):
    name = '<img src=x onerror="alert(1)">Zoë\u202e'
    hand_in(tmp_path / "in", "t.json", answered(specs[TEST_MODULE], name, tmp_path / "log"))
    done = run_feedback(corpus, tmp_path / "out", tmp_path / "in")
    assert done.returncode == 0, done.stderr
    [page] = [p for p in (tmp_path / "out").glob("*.html") if p.name != "index.html"]
    assert re.fullmatch(r"[a-z0-9-]+\.html", page.name), page.name
    parsed = read_page(page)
    assert parsed.urls == [] and "<img" in parsed.text  # shown as text, not made an image


def test_an_unreadable_submission_is_named_and_the_others_released(corpus, specs, tmp_path):
    hand_in(tmp_path / "in", "good.json", answered(specs[TEST_MODULE], "Di", tmp_path / "log"))
    (tmp_path / "in" / "bad.json").write_text("{not json", encoding="utf-8")
    done = run_feedback(corpus, tmp_path / "out", tmp_path / "in")
    assert done.returncode == 1
    assert "bad.json" in done.stderr
    assert (tmp_path / "out" / f"di--{TEST_MODULE}.html").is_file()


def test_an_output_that_is_a_file_is_a_usage_error(corpus, tmp_path):
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    done = run_feedback(corpus, tmp_path / "taken", tmp_path)
    assert done.returncode == 2
    assert "-o names the folder" in done.stderr
