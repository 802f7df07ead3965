"""The word-level comparison behind copy tracing, "what the copy changed" and
"quote or paraphrase" (generator/building/reuse.py), on seed-like passages."""

from __future__ import annotations

import shutil

import pytest
import yaml
from build_helpers import REPO, load_single

from generator.building.reuse import (
    align,
    changed_words,
    function_word_indices,
    is_reuse,
    keys,
    normalise,
    quote_verdict,
    quoted_text,
    words,
)
from generator.questions import module_specs
from generator.runtime.scoring import score

MFA = (
    "A number of publications in foreign mass media on the situation that has developed in "
    "our country since the introduction of the state of emergency are clearly superficial "
    "and one-sided."
)
LONG = (
    "A number of publications in foreign mass media are clearly superficial and one-sided in "
    "their report about Kazakhstan since the introduction of the state of emergency, according "
    "to the Kazakh Ministry of Foreign Affairs and insiders."
)
SHORT = (
    "According to Kazakhstan’s foreign ministry, some international media tend to be one-sided "
    "while covering the news from Kazakhstan."
)


def test_words_are_normalised_for_comparison_only():
    assert normalise("“Peaceful") == "peaceful" and normalise("Kazakhstan’s,") == "kazakhstan's"
    assert words("a  b\nc") == ["a", "b", "c"]  # the same split as a words question
    first, dash = keys("x – y")[:2]
    assert first == "x" and dash.startswith("\0")  # punctuation alone never matches


def test_a_long_shared_run_is_reuse_and_a_paraphrase_is_not():
    assert align(MFA, LONG).longest_run >= 8 and is_reuse(MFA, LONG)
    assert not is_reuse(MFA, SHORT)
    assert not is_reuse(LONG, SHORT)


@pytest.mark.parametrize(
    "a,b,reused",
    [
        (
            "one two three four five six seven eight",
            "one two three four five six seven eight",
            True,
        ),
        ("one two three four five six seven", "zero one two three four five six seven nine", True),
        ("one two three x four five six", "one two three y four five six", True),  # 6 of 7 in runs
        ("one two x three four y five six", "one two z three four w five six", False),  # runs of 2
        ("one two three", "one two three", False),  # too short to show anything by share
    ],
)
def test_reuse_thresholds(a, b, reused):
    assert is_reuse(a, b) is reused


def test_changed_words_are_what_the_copy_adds_even_when_it_reorders():
    changed = [words(LONG)[i] for i in changed_words(MFA, LONG)]
    # "clearly superficial and one-sided" moved but is in both texts: the copy kept it.
    assert "superficial" not in changed and "one-sided" not in changed
    assert changed == [
        "report",
        "Kazakhstan",
        "according",
        "Kazakh",
        "Ministry",
        "Foreign",
        "Affairs",
        "insiders.",
    ]
    # Function words ("the", "to", "and", "of") are never part of the answer.
    assert not {"the", "to", "and", "of"} & set(changed)


def test_a_copy_word_for_word_changes_nothing():
    assert changed_words(MFA, MFA) == []


def test_function_words_are_articles_prepositions_conjunctions_auxiliaries():
    tokens = words("The protests were hijacked by terrorist and criminal groups")
    assert [tokens[i] for i in function_word_indices(tokens)] == ["The", "were", "by", "and"]


@pytest.mark.parametrize(
    "passage,quoted",
    [
        ("He said: «We will stay» and left.", "We will stay"),
        (
            "«The data shows that some had combat experience.",
            "The data shows that some had combat experience.",
        ),
        ("to get the situation escalated,» the agency said.", "to get the situation escalated,"),
        ("not “peaceful protesters” as some media say", "peaceful protesters"),
        ("The protesters’ demands were met; it doesn’t matter.", ""),  # apostrophes only
        ('not "peaceful protesters" as some media', "peaceful protesters"),
        ("No quotation marks at all.", ""),
    ],
)
def test_quoted_text_finds_quotation_marks_and_guillemets(passage, quoted):
    assert quoted_text(passage) == quoted


def test_quote_verdict_compares_with_the_speakers_own_words():
    own = "It is particularly important that peaceful protesters are not prosecuted."
    assert (
        quote_verdict(
            "It is particularly important that peaceful protesters are not prosecuted", own
        )
        == "exact"
    )
    paraphrase = "Kazakhstan’s authorities aren’t going to go after the peaceful protesters"
    assert quote_verdict(paraphrase, own) == "paraphrase"
    # In between (9 of 11 words in runs): one added word settles nothing.
    middle = "It is particularly important that the peaceful protesters are not prosecuted"
    assert quote_verdict(middle, own) is None


# ---------------------------------------------------------------- the slots built on it
# Through module_specs and the runtime's own scoring, on the version-1 fixture story:
# a council statement, a paper that copies it with credit, a blog that paraphrases it.

V1ONLY = REPO / "tests" / "fixtures" / "corpus-v1only" / "v1only"


def v1_story(tmp_path, edit=None, texts=None):
    folder = tmp_path / "v1only"
    shutil.copytree(V1ONLY, folder)
    data = yaml.safe_load((folder / "story.yaml").read_text(encoding="utf-8"))
    if edit:
        edit(data)
    (folder / "story.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for name, text in (texts or {}).items():
        (folder / "sources" / name).write_text(text, encoding="utf-8")
    return load_single(tmp_path)


def questions_of(story):
    return {q["id"]: q for spec in module_specs(story) for q in spec["questions"]}


@pytest.fixture(scope="module")
def v1(tmp_path_factory):
    return questions_of(v1_story(tmp_path_factory.mktemp("v1")))


def test_copied_from_names_the_one_text_the_copy_reproduces(v1):
    q = v1["why-it-closes/copied-from"]
    assert (q["kind"], q["move"]) == ("choice", "trace-the-original")
    assert q["prompt"].startswith("“Library to close as council cites safety” reproduces")
    assert q["options"] == ["Council statement", "Another library lost"]  # never the copy itself
    assert q["answer"] == "Council statement"
    assert q["evidence"][0]["source"] == "herald"  # the copy first, then the candidates
    assert q["why"] == {
        "Another library lost": "“Another library lost” tells this too, but few of its words"
        " match the passage word for word."
    }
    assert score(q, "Council statement").score == 1.0
    wrong = score(q, "Another library lost")
    assert wrong.score == 0.0 and wrong.valid
    assert not score(q, "Library to close as council cites safety").valid  # not an option
    assert not score(q, ["Council statement"]).valid


def test_copied_from_is_never_a_text_dated_after_the_copy(tmp_path):
    def edit(data):
        data["sources"][1]["published"] = "2025-03-01"  # the paper, before the council

    ids = questions_of(v1_story(tmp_path, edit))
    assert not [i for i in ids if i.endswith("/copied-from")]


def test_copied_from_is_not_asked_when_two_texts_could_be_the_original(tmp_path):
    blog = (V1ONLY / "sources" / "blog.txt").read_text(encoding="utf-8")
    copied = (
        "The building no longer meets safety standards and repairs would cost more than the"
        " city can afford this year."
    )

    def edit(data):
        data["claims"][0]["mentions"][2]["quote"] = copied

    story = v1_story(tmp_path, edit, {"blog.txt": blog + "\n" + copied + "\n"})
    assert "why-it-closes/copied-from" not in questions_of(story)


def test_without_a_credit_to_the_originals_speaker_no_copy_is_traced(tmp_path):
    def edit(data):
        for claim in data["claims"][:2]:  # the paper no longer credits the council
            claim["mentions"][1]["credited_to"] = "no one"

    ids = questions_of(v1_story(tmp_path, edit))
    assert not [i for i in ids if i.endswith(("/copied-from", "/what-changed"))]


def test_what_changed_selects_the_words_the_copy_adds(v1):
    q = v1["cards-valid/what-changed"]
    assert (q["kind"], q["move"], q["source"]) == ("words", "what-the-copy-changed", "herald")
    assert [e["source"] for e in q["evidence"]] == ["council", "herald"]
    assert [q["tokens"][i] for i in q["answer"]] == ["council", "said", "statement."]
    little = [q["tokens"][i] for i in q["function_words"]]
    assert little == ["Their", "at", "the", "the", "in", "its"]
    assert score(q, q["answer"]).score == 1.0
    assert score(q, q["answer"][:2]).score == pytest.approx(2 / 3)
    kept = q["tokens"].index("valid")  # in both texts: the copy kept it
    assert score(q, [*q["answer"], kept]).score == pytest.approx(3 / 4)
    assert not score(q, [len(q["tokens"])]).valid


def test_a_claim_asks_where_its_copy_comes_from_or_what_it_changed_in_turn(v1):
    # The passages beside what-changed name the original: copied-from's answer.
    assert "why-it-closes/copied-from" in v1 and "why-it-closes/what-changed" not in v1
    assert "cards-valid/what-changed" in v1 and "cards-valid/copied-from" not in v1


def test_quote_or_paraphrase_judges_the_quotation_against_the_speakers_own_text(v1):
    q = v1["why-it-closes/quote-or-paraphrase"]
    assert (q["kind"], q["move"]) == ("choice", "quote-or-paraphrase")
    assert q["answer"].startswith("Paraphrase") and len(q["options"]) == 3
    assert [e["source"] for e in q["evidence"]][:2] == ["blog", "council"]
    assert "Riverton City Council" not in q["prompt"]  # the credit is `credited`'s answer
    assert set(q["why"]) == set(q["options"]) - {q["answer"]}
    assert "“Council statement”" in q["why"][next(o for o in q["options"] if o.startswith("Exact"))]
    assert score(q, q["answer"]).score == 1.0 and score(q, q["options"][0]).score == 0.0


def test_an_exact_quotation_is_exact(tmp_path):
    exact = "Our council says «repairs would cost more than the city can afford this year»."
    blog = (V1ONLY / "sources" / "blog.txt").read_text(encoding="utf-8")

    def edit(data):
        data["claims"][0]["mentions"][2]["quote"] = exact

    q = questions_of(v1_story(tmp_path, edit, {"blog.txt": blog + "\n" + exact + "\n"}))
    assert q["why-it-closes/quote-or-paraphrase"]["answer"].startswith("Exact")


def test_with_no_text_of_the_speaker_the_texts_cannot_tell(tmp_path):
    def edit(data):
        data["claims"][0]["mentions"][2]["credited_to"] = "the mayor"

    q = questions_of(v1_story(tmp_path, edit))["why-it-closes/quote-or-paraphrase"]
    assert q["answer"].startswith("Can't tell")
    assert set(q["why"]) == {o for o in q["options"] if o != q["answer"]}


def test_what_changed_is_not_asked_when_the_statement_names_a_changed_word(tmp_path):
    def edit(data):
        data["claims"][1]["topic"] = "Who said the library cards stay valid?"  # "said"

    assert "cards-valid/what-changed" not in questions_of(v1_story(tmp_path, edit))


def test_modal_verbs_are_not_function_words_they_hedge():
    tokens = words("they may have trained abroad")
    assert [tokens[i] for i in function_word_indices(tokens)] == ["they", "have"]
