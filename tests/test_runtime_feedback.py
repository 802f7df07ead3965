"""What a learner reads after a check, and that corpus text always shows as text."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from specs import NASTY, TITLES, hostile_spec, question_parts, spec_json

from generator import runtime

MFA, KAZYKHAN, SHORT, TEHRAN = (TITLES[k] for k in (
    "mfa-commentary", "news-rewrite-kazykhan", "news-rewrite-short", "tehran-times-interview"
))  # fmt: skip
SAFE_TAGS = {
    "div", "p", "strong", "mark", "ul", "li", "blockquote", "details", "summary", "br",
    "section", "h3", "h4", "style", "a",
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


def test_a_first_miss_names_the_mistake_and_gives_a_hint_not_the_answer(m):
    fb = m.questions["trained-abroad/credited"].submit(
        {
            "mfa-commentary": "the Ministry of Foreign Affairs",
            "news-rewrite-kazykhan": "the Ministry of Foreign Affairs",
            "tehran-times-interview": "Ambassador Askhat Orazbay",
        }
    )
    text = Page(fb.html).text
    assert fb.message == "◐ Partly right (2 of 3)"
    # the sentence about this learner's own mistake comes first, from the question's why
    assert text.index("◐ Partly right") < text.index("This rewrite names no ministry")
    assert "Hint: Read the words just after the statement in each passage." in text
    assert "Move: Checking who is credited — Ask whom each text names" in text
    assert f"✗ {KAZYKHAN}: “the Ministry of Foreign Affairs” is not what it says." in text
    assert f"✓ {MFA}: you chose “the Ministry of Foreign Affairs”, and that is what it says." in (
        text
    )
    # nothing of the answer yet: not the right credit, not the explanation
    assert "authorities”" not in text.replace("“authorities said”", "")
    assert "Trace each version back" not in text
    assert "Show the answer" in text


def test_a_second_miss_reveals_the_answer_and_the_first_attempt_still_counts(m):
    q = m.questions["trained-abroad/origin"]
    first = q.submit(SHORT)
    assert "The short report does not carry this sentence" in Page(first.html).text
    assert MFA not in Page(first.html).text  # the answer is not given away on a first miss
    second = q.submit(TEHRAN)
    page = Page(second.html)
    assert second.message == "✗ Not yet"
    assert f"✗ You chose “{TEHRAN}”; the answer is “{MFA}”." in page.text
    assert "Attempt 2. Your score counts your first attempt: 0 of 1." in page.text
    # the explanation and the passages, folded under "More"
    assert page.tags.count("details") >= 2 and "More: the explanation" in page.text
    # the claim's explanation waits for its last question ("repeaters")
    assert "the last question about it" in page.text
    last = m.results()["answers"]["trained-abroad/origin"]["last"]
    assert last["hinted"] is True and "revealed" not in last
    third = q.submit(MFA)  # after the answer was shown: marked so, still not counted
    assert third.correct and m.results()["answers"]["trained-abroad/origin"]["last"]["revealed"]
    assert m.results()["score"] == 0.0


def test_show_the_answer_after_a_first_miss(m, shown):
    m.show_question("troops/value")
    parts = question_parts(shown.last().obj)
    assert parts.reveal.description == "Show the answer"
    assert parts.reveal.layout.display == "none"  # not before a try
    assert m.questions["troops/value"].reveal() is None
    parts.control.children[0].value = "3000"
    parts.check.click()
    assert parts.reveal.layout.display == "inline-block"  # offered after the first miss
    assert "samestory-hinted" in parts.evidence.value
    assert "Look again at the marked words" in parts.evidence.value
    assert "2,500 personnel" not in Page(parts.feedback.value).text
    parts.reveal.click()
    text = Page(parts.feedback.value).text
    assert "✗ You gave 3,000 personnel; the figure is 2,500 personnel." in text
    assert parts.reveal.layout.display == "none"
    assert "samestory-hinted" not in parts.evidence.value
    fb = m.questions["troops/value"].submit(2500)
    assert fb.correct and m.results()["answers"]["troops/value"]["last"]["revealed"] is True
    assert m.results()["answers"]["troops/value"]["first"]["score"] == 0.0


def test_a_generic_line_when_the_question_has_no_why(m):
    fb = m.questions["troops/value"].submit(3000)
    text = Page(fb.html).text
    assert "That is not what the passages say." in text
    assert "✗ You gave 3,000 personnel: that is not the figure." in text
    assert "Hint: Find the figure in the ministry's own text" in text
    words = Page(m.questions["hijacked/words"].submit([4, 0]).html).text
    assert "Part of your answer does not match what the passages say." in words
    assert "✓ Words you found: “hijacked”" in words
    assert "✗ Words you selected that the question does not ask for: “the”" in words
    assert "missed" not in words  # which words were missed is the answer


def test_feedback_quotes_the_questions_passages_in_context(m):
    q = m.questions["trained-abroad/origin"]
    q.submit(SHORT)
    fb = q.reveal()
    page = Page(fb.html)
    assert f"{MFA}Ministry of Foreign Affairs of Kazakhstan · official statement · 2022-01-10" in (
        page.text
    )
    assert f"{KAZYKHAN}unknown · news report · date not given" in page.text
    assert f"{TEHRAN}Tehran Times · interview · 2022-01-09" in page.text
    assert "<mark>well-coordinated terrorist groups trained abroad</mark>" in fb.html
    assert "Note: The ambassador repeats the ministry's words almost verbatim." in page.text
    # nothing that answers another question: no origin line, no credits, no frames
    assert "This is where the statement comes from" not in page.text
    assert "Credited to" not in page.text and "Frame:" not in page.text
    assert "Read the whole source (it opens at the passage)" in page.text


def test_numbers_and_words_once_the_answer_is_shown(m):
    number = m.questions["troops/value"]
    number.submit(3000)
    assert (
        "✗ You gave 3,500 personnel; the figure is 2,500 personnel."
        in Page(number.submit(3500).html).text
    )
    words = m.questions["hijacked/words"]
    words.submit([4, 0])
    fb = words.submit([4, 0])
    text = Page(fb.html).text
    assert "✗ Words you missed: “terrorist,”, “extremist”, “and”, “criminal”" in text
    assert "<mark><strong>hijacked</strong></mark>" in fb.html  # its own answer, now shown


def test_multi_and_order_feedback(m):
    repeaters = m.questions["trained-abroad/repeaters"]
    hint = Page(repeaters.submit([KAZYKHAN, SHORT]).html).text
    assert f"✓ “{KAZYKHAN}”: you ticked it, and it is right." in hint
    assert f"✗ “{SHORT}”: you ticked it, but it is not right." in hint
    assert TEHRAN not in hint  # the one missed is the answer: not yet
    multi = Page(repeaters.reveal().html).text
    assert f"✗ “{TEHRAN}”: it is right, but you did not tick it." in multi
    timeline = m.questions["timeline"]
    order = Page(timeline.submit(["emergency", "protests", "csto"]).html).text
    assert "✗ Position 1: “State of emergency declared” does not belong here." in order
    assert "✓ Position 3: “CSTO asked for help”, right." in order
    order = Page(timeline.submit(["emergency", "protests", "csto"]).html).text
    assert (
        "✗ Position 1: you put “State of emergency declared”; it should be “Peaceful rallies”."
        in order
    )


def test_the_claims_explanation_is_shown_once_under_its_last_question(m):
    # The explanation names what every question of the claim asks: shown under the
    # first one, it would answer the next. It comes with the claim's last question.
    origin = Page(m.questions["trained-abroad/origin"].submit(MFA).html).text
    assert "Trace each version back" not in origin
    last = m.questions["trained-abroad/repeaters"].heading
    assert f"This point is explained under “{last}”, the last question about it." in origin
    repeaters = m.questions["trained-abroad/repeaters"].submit([KAZYKHAN, TEHRAN])
    assert "Trace each version back to the ministry's text." in Page(repeaters.html).text
    # another claim's question explains its own
    assert (
        "one rewrite says about 3,000" in Page(m.questions["troops/value"].submit(2500).html).text
    )


def test_right_answers_still_invite_a_recheck(m):
    q = m.questions["trained-abroad/origin"]
    right = q.submit(MFA)
    assert "✓ Right" in right.html and "check again" in right.html
    assert "Hint" not in Page(right.html).text
    wrong = q.submit(SHORT)  # changed after being right: checked, last updated
    assert wrong.message == "✗ Not yet" and wrong.attempts == 2
    assert "Your score counts your first attempt: 1 of 1." in Page(wrong.html).text
    assert "Hint" not in Page(wrong.html).text  # the answer was shown already


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
    hostile.show_question("trained-abroad/credited")
    parts = question_parts(shown.last().obj)
    assert_shown_literally(parts.prompt.value)  # heading, move, prompt, statement
    assert_shown_literally(parts.evidence.value)  # titles, outlets, source texts
    assert f"Move: Checking who is credited {NASTY}" in Page(parts.prompt.value).text
    wrong = {k: "no one " + NASTY for k in hostile.questions["trained-abroad/credited"].items}
    parts.control.children[0].value = wrong["mfa-commentary"]
    hinted = hostile.questions["trained-abroad/credited"].submit(wrong)
    assert_shown_literally(hinted.html)  # the why and the hint
    assert (
        f"why {NASTY}" in Page(hinted.html).text and f"Hint: hint {NASTY}" in Page(hinted.html).text
    )
    assert_shown_literally(parts.evidence.value)  # marked after the miss
    hostile.show_question("timeline")
    prompt = question_parts(shown.last().obj).prompt.value
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
