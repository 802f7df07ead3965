"""What a learner reads after a check, and that corpus text always shows as text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from specs import NASTY, TITLES, hostile_spec, spec_json

from generator import runtime

MFA, KAZYKHAN, SHORT, TEHRAN = (TITLES[k] for k in (
    "mfa-commentary", "news-rewrite-kazykhan", "news-rewrite-short", "tehran-times-interview"
))  # fmt: skip
SAFE_TAGS = {
    "div", "p", "strong", "mark", "ul", "li", "blockquote", "details", "summary", "br",
    "section", "h3", "style", "a",
}  # fmt: skip


class Page(HTMLParser):
    """The tags of an HTML fragment and the text a reader sees."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: list[str] = []
        self._in_style = False
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


@pytest.fixture
def m(tmp_path, shown):
    return runtime.load_module(spec_json(), log_dir=tmp_path)


def test_match_feedback_goes_source_by_source(m):
    fb = m.questions["trained-abroad/credited"].submit(
        {
            "mfa-commentary": "the Ministry of Foreign Affairs",
            "news-rewrite-kazykhan": "the Ministry of Foreign Affairs",
            "tehran-times-interview": "Ambassador Askhat Orazbay",
        }
    )
    text = Page(fb.html).text
    assert fb.message == "◐ Partly right (2 of 3)"
    assert (
        f"✓ {MFA}: you chose “the Ministry of Foreign Affairs”, and that is what it says." in text
    )
    assert (
        f"✗ {KAZYKHAN}: you chose “the Ministry of Foreign Affairs”; "
        "what it really says: “authorities”." in text
    )
    assert "Attempt 1. Your score counts your first attempt: 0.67 of 1." in text


def test_feedback_quotes_every_passage_in_context(m):
    fb = m.questions["trained-abroad/origin"].submit(SHORT)
    page = Page(fb.html)
    assert fb.message == "✗ Not yet"
    assert f"✗ You chose “{SHORT}”; the answer is “{MFA}”." in page.text
    assert "Why" in page.text and "Trace each version back to the ministry's text." in page.text
    # each passage: source, outlet · kind · date, the quote marked inside its context
    assert f"{MFA}Ministry of Foreign Affairs of Kazakhstan · official statement · 2022-01-10" in (
        page.text
    )
    assert f"{KAZYKHAN}unknown · news report · date not given" in page.text
    assert f"{TEHRAN}Tehran Times · interview · 2022-01-09" in page.text
    assert (
        "subjected to armed aggression by "
        "<mark>well-coordinated terrorist groups trained abroad</mark>. According" in fb.html
    )
    assert "Credited to: Ambassador Askhat Orazbay" in page.text
    assert "Note: The ambassador repeats the ministry's words almost verbatim." in page.text
    assert "This is where the statement comes from" in page.text
    # the whole source, highlighted, paragraphs kept
    assert page.tags.count("details") == 3
    assert "Read the whole source (the passage is highlighted)" in page.text
    assert "<p>Currently, peacekeepers from all CSTO member states" in fb.html


def test_numbers_are_written_for_people(m):
    fb = m.questions["troops/value"].submit(3000)
    text = Page(fb.html).text
    assert "✗ You gave 3,000 personnel; the figure is 2,500 personnel." in text
    assert "Figure given: about 2,500 personnel" in text
    assert "Figure given: about 3,000 peacekeepers" in text


def test_words_feedback_names_found_extra_and_missed_words(m):
    fb = m.questions["hijacked/words"].submit([4, 0])
    text = Page(fb.html).text
    assert fb.message == "◐ Partly right (1 of 6)"
    assert "✓ Framing words you found: “hijacked”" in text
    assert "✗ Words you selected that do not carry the framing: “the”" in text
    assert "✗ Framing words you missed: “terrorist,”, “extremist”, “and”, “criminal”" in text
    assert "<mark><strong>hijacked</strong></mark>" in fb.html  # the term inside the quote
    assert "Framing words: “hijacked”, “terrorist, extremist and criminal”" in text
    assert "Frame: security" in text


def test_multi_and_order_feedback(m):
    multi = Page(m.questions["trained-abroad/repeaters"].submit([KAZYKHAN, SHORT]).html).text
    assert f"✓ “{KAZYKHAN}”: you ticked it, and it is right." in multi
    assert f"✗ “{SHORT}”: you ticked it, but it is not right." in multi
    assert f"✗ “{TEHRAN}”: it is right, but you did not tick it." in multi
    order = Page(m.questions["timeline"].submit(["emergency", "protests", "csto"]).html).text
    assert (
        "✗ Position 1: you put “State of emergency declared”; it should be “Peaceful rallies”."
        in order
    )
    assert "✓ Position 3: “CSTO asked for help”, right." in order


def test_right_answers_still_invite_a_recheck(m):
    q = m.questions["trained-abroad/origin"]
    right = q.submit(MFA)
    assert "✓ Right" in right.html and "check again" in right.html
    wrong = q.submit(SHORT)  # changed after being right: checked, last updated
    assert wrong.message == "✗ Not yet" and wrong.attempts == 2
    assert "Your score counts your first attempt: 1 of 1." in Page(wrong.html).text


def test_reflection_is_saved_not_graded(m):
    fb = m.questions["reflect-why"].submit("Vague credit hides the source.")
    assert fb.message == "✓ Saved (this question is not graded)"
    short = m.questions["reflect-why"].submit("Too short")
    assert "at least 3 words" in short.message and not short.counted


# ---------------------------------------------------------------- corpus text is data


@pytest.fixture
def hostile(tmp_path, shown):
    return runtime.load_module(hostile_spec(), log_dir=tmp_path)


def assert_shown_literally(fragment: str) -> None:
    page = Page(fragment)
    assert set(page.tags) <= SAFE_TAGS, set(page.tags) - SAFE_TAGS
    assert NASTY in page.text  # every character of it, as text
    assert "<script>" not in fragment and "{{ jinja }}" in fragment


def test_hostile_text_in_feedback_shows_literally(hostile):
    for qid, question in hostile.questions.items():
        spec = next(q for q in hostile.spec["questions"] if q["id"] == qid)
        for response in (spec.get("answer", "a reflection " + NASTY), None):
            fb = question.submit(response)
            if fb.valid:
                assert_shown_literally(fb.html)
            else:
                assert "<script>" not in fb.html
    match = hostile.questions["trained-abroad/credited"].submit(
        {k: "no one " + NASTY for k in hostile.questions["trained-abroad/credited"].items}
    )
    assert f"you chose “no one {NASTY}”" in Page(match.html).text
    bad = hostile.questions["trained-abroad/origin"].submit(NASTY)
    assert f"“{NASTY[:59]}…” is not one of the options." in Page(bad.html).text  # cut short


def test_hostile_text_in_sources_prompts_and_summary_shows_literally(hostile, shown):
    hostile.show_sources()
    assert_shown_literally(shown.last().obj["text/html"])
    hostile.show_question("timeline")
    prompt = shown.last().obj.children[0].value
    assert_shown_literally(prompt)
    hostile.show_summary()
    hostile.questions["timeline"].submit(["csto", "emergency", "protests"])
    assert_shown_literally(shown.last().obj.children[0].value)


def test_hostile_learner_name_in_results_and_download(hostile, shown):
    hostile.show_results()
    hostile.show_download()
    hostile.learner = NASTY
    markdown = shown.outputs[-2].data["text/markdown"]
    assert "<script>" not in markdown
    mistune = pytest.importorskip("mistune")  # a CommonMark renderer, as JupyterLab's
    assert f"Learner: {NASTY}" in Page(mistune.html(markdown)).text  # shown as typed
    link = shown.last().obj.children[0].value
    slug = "script-alert-1-script-jinja-back-slash-s"  # ASCII, at most 40 characters
    assert f'download="kazakhstan-2022_whose-words_{slug}.json"' in link
    assert "<script>" not in link
