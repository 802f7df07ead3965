"""The reuse map (issue 12 item 5): derived from the texts, closed until the module's
copy and quotation questions have their answers shown, escaped, and only where two
texts share passages. Driven through the learner API, as a click would be."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from build_helpers import FIXTURE_CORPUS, REPO, load_single
from learner_walk import visible_segments

from generator import runtime
from generator.building.reusemap import reuse_pairs
from generator.model import Source
from generator.notebook import cell_plan
from generator.questions import module_specs

V1ONLY = REPO / "tests" / "fixtures" / "corpus-v1only"


def source(sid: str, text: str) -> Source:
    return Source(sid, f"{sid}.txt", sid.title(), "outlet", "news-report", text)


ORIGINAL = (
    "Intro. The council has decided to close the Elm Street library at the end of the"
    " month because the building no longer meets safety standards. Other news follows."
)
COPY = (
    "Headline\n\nThe mayor has decided to close the Elm Street library at the end of the"
    " month because the building no longer meets safety standards. Nothing else."
)


def test_a_copied_passage_is_lined_up_with_its_changed_words_and_shares():
    (pair,) = reuse_pairs([source("a", ORIGINAL), source("b", COPY)])
    (passage,) = pair.passages
    # "council" / "mayor" just before the shared run: outside the passage
    assert ORIGINAL[slice(*passage.a)] == COPY[slice(*passage.b)]
    assert ORIGINAL[slice(*passage.a)].startswith("has decided to close")
    assert ORIGINAL[slice(*passage.a)].endswith("safety standards.")
    assert passage.a_changed == passage.b_changed == ()
    # 22 shared words, of 28 words in a and of 27 in b
    assert (pair.a_share, pair.b_share) == (round(100 * 22 / 28), round(100 * 22 / 27))


def test_a_word_changed_inside_a_passage_is_marked_in_both_texts():
    copy_text = COPY.replace("at the end of", "before the end of")
    (pair,) = reuse_pairs([source("a", ORIGINAL), source("b", copy_text)])
    (passage,) = pair.passages
    assert [ORIGINAL[s:e] for s, e in passage.a_changed] == ["at"]
    assert [copy_text[s:e] for s, e in passage.b_changed] == ["before"]


def test_texts_sharing_only_a_stock_phrase_are_not_a_pair():
    a = source("a", "Troops of the Collective Security Treaty Organization arrived on Friday.")
    b = source("b", "Critics of the Collective Security Treaty Organization spoke up at once.")
    assert reuse_pairs([a, b]) == []


def test_a_story_without_copying_gets_no_map_and_no_cell():
    story = load_single(FIXTURE_CORPUS)
    for spec in module_specs(story):
        assert "reuse" not in spec
        assert "reuse-map" not in [cell.id for cell in cell_plan(spec)]


@pytest.fixture(scope="module")
def v1_specs():
    return {spec["module"]: spec for spec in module_specs(load_single(V1ONLY))}


def load(spec, log_dir: Path):
    return runtime.load_module(copy.deepcopy(spec), log_dir=log_dir)


def words_on_screen(html: str) -> str:
    return " ".join(s.text for s in visible_segments(html))


def test_the_map_cell_comes_right_after_the_sources(v1_specs):
    ids = [cell.id for cell in cell_plan(v1_specs["whose-words"])]
    assert ids[ids.index("sources") + 1] == "reuse-map"


def test_the_map_is_closed_until_its_questions_have_their_answers_shown(
    v1_specs, tmp_path, shown, clock
):
    m = load(v1_specs["whose-words"], tmp_path)
    m.show_reuse_map()
    view = shown.last().obj.children[0]
    closed = words_on_screen(view.value)
    assert "opens here once you have answered question(s) 1, 2, 3" in closed
    assert "Council statement" not in closed and "%" not in closed
    m.questions["why-it-closes/copied-from"].submit("Council statement")  # right: shown
    assert "question(s) 2, 3" in words_on_screen(view.value)
    q = m.questions["why-it-closes/quote-or-paraphrase"]
    wrong = next(o for o in q.options if o != q.spec["answer"])
    q.submit(wrong)  # a first miss: hint, not the answer
    assert "question(s) 2, 3" in words_on_screen(view.value)
    q.reveal()  # "Show the answer"
    assert "question(s) 3" in words_on_screen(view.value)
    m.questions["cards-valid/what-changed"].submit([0])  # a miss ...
    m.questions["cards-valid/what-changed"].submit([0])  # ... and a second: answer shown
    opened = words_on_screen(view.value)
    assert "“Council statement” and “Library to close as council cites safety”" in opened
    assert "Of the words of “Library to close as council cites safety”, 58 %" in opened
    assert "Of the words of “Council statement”, 64 %" in opened
    assert view.value == m.reuse_map_html()


def test_the_open_map_shows_both_passages_with_changed_words_marked(v1_specs, tmp_path):
    m = load(v1_specs["counting-and-framing"], tmp_path)
    m.questions["reading-room/copied-from"].submit("Council statement")
    html = m.reuse_map_html()
    assert html.count('class="samestory-reuse-row"') == 2  # two shared passages
    assert html.count('class="samestory-reuse-side"') == 4
    # the words each text has where the other has others, in text order: the paper's
    # "will close"; the council's "will open" against the paper's "opens"
    assert re.findall(r"<mark>(.*?)</mark>", html) == [
        "will close",
        "will open",
        "said in its statement.",
        "opens",
    ]


def test_a_module_without_copy_questions_shows_the_map_at_once(v1_specs, tmp_path):
    spec = copy.deepcopy(v1_specs["counting-and-framing"])
    spec["questions"] = [q for q in spec["questions"] if q["id"] != "reading-room/copied-from"]
    spec["reuse"]["after"] = []
    assert "shared passage" in load(spec, tmp_path).reuse_map_html()


def test_corpus_text_in_the_map_is_escaped(v1_specs, tmp_path):
    spec = copy.deepcopy(v1_specs["whose-words"])
    spec["reuse"]["after"] = []
    herald = next(s for s in spec["sources"] if s["id"] == "herald")
    start, end = spec["reuse"]["pairs"][0]["passages"][0]["b"]
    text = herald["text"]
    herald["text"] = text[:start] + "<script>x</script>" + text[start + 18 :]
    herald["title"] = "<b>Herald</b>"
    html = load(spec, tmp_path).reuse_map_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Herald" not in html and "&lt;b&gt;Herald" in html


def test_every_seed_module_opens_its_map_only_after_its_questions(tmp_path):
    specs = module_specs(load_single(REPO / "corpus"))
    # A test never shows an answer, so it gets no map (it could never open).
    assert not [s["module"] for s in specs if s["role"] in ("pretest", "posttest") and "reuse" in s]
    seed = [s for s in specs if s["role"] not in ("pretest", "posttest") and s["reuse"]["after"]]
    assert {s["module"] for s in seed} >= {s["module"] for s in specs if s["role"] == "practice"}
    for spec in seed:
        m = load(spec, tmp_path / spec["module"])
        assert "shared passage" not in m.reuse_map_html()
        for qid in spec["reuse"]["after"]:
            m.questions[qid].submit(m.questions[qid].spec["answer"])
        assert "shared passage" in m.reuse_map_html()


def test_a_spec_built_before_the_map_still_loads(v1_specs, tmp_path):
    """A notebook saved before the reuse map existed has no "reuse" and no reuse_*
    phrases: today's runtime loads it, and shows no map."""
    spec = copy.deepcopy(v1_specs["whose-words"])
    del spec["reuse"]
    spec["text"] = {k: v for k, v in spec["text"].items() if not k.startswith("reuse_")}
    assert load(spec, tmp_path).reuse_map_html() == ""


def test_a_pretest_or_posttest_gets_no_map(tmp_path):
    """No answer is shown in a test, so a map there could never open."""
    import shutil

    import yaml

    story = tmp_path / "v1only"
    shutil.copytree(V1ONLY / "v1only", story)
    data = yaml.safe_load((story / "story.yaml").read_text(encoding="utf-8"))
    data["modules"][0]["role"] = "pretest"
    (story / "story.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    specs = module_specs(load_single(story))
    assert [("reuse" in spec) for spec in specs] == [False, True]


def test_the_side_of_a_passage_names_its_text_in_a_few_words(tmp_path):
    spec = next(s for s in module_specs(load_single(REPO / "corpus")) if s["reuse"]["after"])
    spec = {**copy.deepcopy(spec), "reuse": {**spec["reuse"], "after": []}}
    sides = re.findall(
        r'class="samestory-reuse-side"><p>(.*?)</p>', load(spec, tmp_path).reuse_map_html()
    )
    assert "Commentary of the Ministry of Foreign Affairs of …" in sides
    assert all(len(side.split()) <= 9 for side in sides)
