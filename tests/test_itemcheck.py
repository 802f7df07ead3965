"""The item-writing check: one tiny story per flaw (tests/fixtures/itemcheck/), each
found once and pointed at the line a teacher edits; a clean story gets no warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.authoring.lint import story_warnings
from generator.building.itemcheck import item_warnings
from generator.building.itemtext import figures, named_label, singles_out
from generator.corpus import load_story
from generator.questions import module_specs
from generator.yamlsource import load_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "itemcheck"

# fixture folder -> (question the warning is about, what it must say)
CASES = {
    "few-match-options": ("who-speaks", "a match question with only 2 option(s)"),
    "dominant-answer": ("credit-1", "“no one” is the right answer of 3 of the 4"),
    "choice-names-answer": ("who-is-quoted", "its prompt names the answer “Mayor Ines Roth”"),
    "match-item-names-answer": (
        "who-speaks",
        "item “Press release of the council” names its own answer “the council”",
    ),
    "number-in-prompt": ("cost", "its prompt prints the figure asked for (2)"),
    "words-in-prompt": ("costly-words", "its prompt names a phrase to select: costly"),
    "longest-option": ("who-is-quoted", "the right option is the only longest one"),
    "match-longest-option": ("what-each-sentence-does", "is the answer of 2 items"),
    "skewed-positions": ("who-is-quoted", "the answer is option 1 in 3 of the 3"),
    "same-heading": ("cost", "is also the heading of cost-again"),
}


def story_of(name: str):
    story, problems = load_story(FIXTURES / name)
    assert story is not None, problems
    return story


def id_line(name: str, question_id: str) -> int:
    lines = (FIXTURES / name / "story.yaml").read_text(encoding="utf-8").splitlines()
    return lines.index(f"  - id: {question_id}") + 1


def test_a_clean_story_gets_no_warning():
    assert story_warnings(story_of("clean")) == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_flaw_is_one_warning_at_the_question_to_fix(name):
    question_id, what = CASES[name]
    warnings = story_warnings(story_of(name))
    assert len(warnings) == 1, "\n".join(map(str, warnings))
    (warning,) = warnings
    assert what in warning.what
    assert warning.line == id_line(name, question_id)
    assert warning.path.endswith(f"itemcheck/{name}/story.yaml")
    shown = str(warning)
    assert shown.startswith(f"{warning.path}:{warning.line}: ")
    assert " — " in shown and "\n" not in shown


def test_every_fixture_folder_is_a_case():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == {*CASES, "clean"}


# ---------------------------------------------------------------- rules on built specs


def spec_warnings(questions: list[dict]) -> list[str]:
    """Warnings for a module of ``questions`` (ids ``<claim>/<slot>`` are derived)."""
    story = story_of("clean")
    path = FIXTURES / "clean" / "story.yaml"
    loaded = load_yaml(path.read_text(encoding="utf-8"), "story.yaml")
    (spec,) = module_specs(story)
    spec = {**spec, "questions": questions}
    found = item_warnings(story, [spec], loaded, "story.yaml")
    assert all(w.what.startswith("module 'lesson', question '") for w in found)
    return [w.what.split("': ", 1)[1] for w in found]


def match(qid: str, answers: list[str], prompt: str = "Match.", **extra) -> dict:
    options = sorted({*answers, "no one", "the council", "the mayor", "the residents"})
    return {
        "id": qid,
        "kind": "match",
        "claim": "works-described",
        "prompt": prompt,
        "items": [{"key": f"k{i}", "label": f"Text {i}"} for i in range(len(answers))],
        "options": options,
        "answer": {f"k{i}": a for i, a in enumerate(answers)},
        **extra,
    }


def test_one_answer_for_most_items_of_a_derived_slot_is_flagged():
    questions = [
        match("a/credited", ["no one", "no one"], heading="A"),
        match("b/credited", ["no one", "the mayor"], heading="B"),
        match("c/credited", ["no one", "the council"], heading="C"),
    ]
    (what,) = spec_warnings(questions)
    assert "“no one” is the right answer of 4 of the 6 items of the 3 'credited'" in what
    # half is not more than half; two questions are too few to call it a habit
    questions[0] = match("a/credited", ["the residents", "the mayor"], heading="A")
    assert spec_warnings(questions) == []
    assert spec_warnings([match(f"{c}/credited", ["no one"], heading=c) for c in "ab"]) == []


def test_headings_come_from_the_heading_field_else_the_prompt():
    same_prompt = [match(f"{c}/credited", ["the mayor"], heading=c) for c in "ab"]
    assert spec_warnings(same_prompt) == []
    same_heading = [match(f"{c}/x", ["the mayor"], prompt=c, heading="Who?") for c in "ab"]
    assert spec_warnings(same_heading) == ["heading “Who?” is also the heading of b/x"]
    no_heading = [match(f"{c}/x", ["the mayor"], prompt="Who?") for c in "ab"]
    assert spec_warnings(no_heading) == ["heading “Who?” is also the heading of b/x"]


def test_a_match_prompt_that_explains_one_option_gives_nothing_away():
    explained = "Whom does each text credit (“no one” means nobody)?"
    assert spec_warnings([match("a/credited", ["no one", "the mayor"], prompt=explained)]) == []
    every = spec_warnings([match("a/credited", ["no one", "no one"], prompt=explained)])
    assert every == ["its prompt names the answer “no one” of every item"]


def words(qid: str, tokens: str, answer: list[int], statement: str, **extra) -> dict:
    return {
        "id": qid,
        "kind": "words",
        "claim": "works-described",
        "prompt": "Select the words that frame the works.",
        "statement": statement,
        "tokens": tokens.split(),
        "answer": answer,
        **extra,
    }


def test_a_words_statement_is_flagged_only_for_a_whole_phrase_to_select():
    tokens = "the council pushes through a costly overhaul of the wall"
    costly = words("a/words", tokens, [5, 6], "Is it a costly overhaul?")
    assert spec_warnings([costly]) == ["its statement names a phrase to select: costly overhaul"]
    assert spec_warnings([{**costly, "statement": "Is the overhaul needed?"}]) == []
    # function words at the ends of a run are not part of the phrase
    of_the = words("b/words", tokens, [6, 7, 8], "The overhaul", function_words=[7, 8])
    assert spec_warnings([of_the]) == ["its statement names a phrase to select: overhaul"]


def test_a_right_option_that_is_a_source_title_may_be_the_longest():
    titles = ["Press release on the harbour wall", "Residents worried about harbour plans"]
    choice = {"id": "a/copied-from", "kind": "choice", "claim": "works-described",
              "prompt": "Which text does the other copy?", "heading": "Copied from",
              "options": [*titles, "Neither"], "answer": titles[0]}  # fmt: skip
    assert spec_warnings([choice]) == []
    worded = {**choice, "options": ["the release, word for word", "no", "yes"],
              "answer": "the release, word for word"}  # fmt: skip
    assert spec_warnings([worded]) == ["the right option is the only longest one"]


def test_match_options_of_different_length_are_not_flagged_when_they_are_names():
    names = match("a/credited", ["Mayor Ines Roth of Harbour Town", "no one", "the council"])
    names["options"] = [*names["options"], "Mayor Ines Roth of Harbour Town"]
    assert spec_warnings([names]) == []


# ---------------------------------------------------------------- text rules


def test_figures_read_thousands_separators_and_dates():
    assert figures("about 2,500 or 2500 troops") == {2500.0}
    assert figures("On January 4-5, 2022") == {4.0, 5.0, 2022.0}
    assert figures("covid-19 and A4") == {19.0}  # digits inside a word are no figure


def test_a_date_is_named_by_its_distinctive_day():
    options = ["4 January 2022", "7 January 2022", "10 January 2022"]
    assert singles_out("What happened on 4 January?", "4 January 2022", options)
    assert not singles_out("What happened on 4 or on 7 January?", "4 January 2022", options)
    assert not singles_out("What happened in January 2022?", "4 January 2022", options)
    assert named_label("the 2,500 troops", "about 2,500 personnel", ["about 3,000 personnel"])


def test_names_match_whole_words_only():
    options = ["no one", "no one at all", "someone"]
    assert not singles_out("Nobody was there", "no one", options)
    assert not singles_out("He said it was someone", "no one", options)
    assert singles_out("“No one” is right", "no one", ["no one", "someone"])


def test_a_slot_heading_numbered_apart_is_not_a_repeat():
    numbered = [match("a/x", ["the mayor"], heading="Who?"), match("b/x", ["no one"])]
    numbered[1]["heading"] = "Who? (2)"
    assert spec_warnings(numbered) == []


def test_a_heading_cut_from_the_prompt_is_not_searched_twice():
    prompt = "Does the mayor speak in each text, by name or in a paraphrase?"
    q = match("a/x", ["the mayor"] * 2, prompt=prompt, heading="Does the mayor speak in each …")
    (what,) = spec_warnings([q])
    assert what.startswith("its prompt names the answer “the mayor” of every item")
    q["heading"] = "Does the mayor speak"  # the prompt's first words, without " …"
    assert len(spec_warnings([q])) == 1
    q["heading"] = "Does the mayor spea"  # not whole words of the prompt: its own text
    assert len(spec_warnings([q])) == 2
    q["heading"] = "Is it the mayor?"
    assert [w.split(" names")[0] for w in spec_warnings([q])] == ["its heading", "its prompt"]
