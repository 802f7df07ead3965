"""Every question practises a named move (issue 11): the vocabulary, the spec's
``moves``, at least three moves per module (also for a story written with the
version-1 fields only), and the fields every question shares (heading, hint,
evidence, why, accept, function words) on the seed story and the fixtures."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from build_helpers import REPO, copy_mini, load_single, wrong_answer

from generator.building.moves import MOVES, SLOT_MOVES, hand_move
from generator.questions import module_specs
from generator.runtime.scoring import score
from generator.templating import render

SEED = REPO / "corpus" / "kazakhstan-2022"
# Outside tests/fixtures/corpus: the build and key tests build every story there.
V1ONLY = REPO / "tests" / "fixtures" / "corpus-v1only" / "v1only"


def load_folder(tmp: Path, folder: Path):
    shutil.copytree(folder, tmp / folder.name)
    return load_single(tmp)


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return load_folder(tmp_path_factory.mktemp("seed"), SEED)


@pytest.fixture(scope="module")
def v1only(tmp_path_factory):
    return load_folder(
        tmp_path_factory.mktemp("v1"), REPO / "tests" / "fixtures" / "corpus-v1only" / "v1only"
    )


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return load_single(copy_mini(tmp_path_factory.mktemp("mini")))


@pytest.fixture(scope="module")
def all_specs(seed, v1only, mini):
    return {"seed": module_specs(seed), "v1only": module_specs(v1only), "mini": module_specs(mini)}


def slot(question):
    return question["id"].partition("/")[2]


# ---------------------------------------------------------------- the vocabulary


def test_the_move_template_names_every_move_once_with_a_one_line_rule():
    loaded = yaml.safe_load(render("moves.yaml.j2"))
    assert list(loaded) == list(MOVES)
    for move, text in loaded.items():
        assert set(text) == {"name", "rule"}, move
        assert text["name"] and "\n" not in text["rule"] and text["rule"].endswith("."), move
    assert len({t["name"] for t in loaded.values()}) == len(MOVES)


def test_every_slot_practises_a_move_of_the_vocabulary():
    assert set(SLOT_MOVES.values()) == set(MOVES)
    assert "origin" not in SLOT_MOVES


# ---------------------------------------------------------------- moves per module


def test_the_seed_story_uses_at_least_eight_slots_and_three_moves_per_module(all_specs):
    slots = Counter()
    for spec in all_specs["seed"]:
        used = {q["move"] for q in spec["questions"]}
        assert len(used) >= 3, (spec["module"], used)
        slots.update(slot(q) for q in spec["questions"] if "/" in q["id"])
    print("\nseed slots:", dict(slots))
    assert len(slots) >= 8, slots
    assert "origin" not in slots


def test_a_story_with_only_version_one_fields_gets_three_moves_per_module(v1only, all_specs):
    for claim in v1only.claims:  # the fixture really is version 1
        assert not claim.omitted_by
        assert all(m.certainty is None and not m.also for m in claim.mentions)
    specs = all_specs["v1only"]
    assert [s["module"] for s in specs] == ["whose-words", "counting-and-framing"]
    for spec in specs:
        assert len({q["move"] for q in spec["questions"]}) >= 3, spec["module"]
        assert all("/" in q["id"] for q in spec["questions"])  # derived only


def test_the_spec_lists_the_moves_its_questions_use_with_name_and_rule(all_specs):
    loaded = yaml.safe_load(render("moves.yaml.j2"))
    for specs in all_specs.values():
        for spec in specs:
            used = [m for m in MOVES if any(q["move"] == m for q in spec["questions"])]
            assert list(spec["moves"]) == used
            assert spec["moves"] == {m: loaded[m] for m in used}


def test_derived_questions_take_their_slots_move(all_specs):
    for specs in all_specs.values():
        for q in (q for spec in specs for q in spec["questions"] if "/" in q["id"]):
            assert q["move"] == SLOT_MOVES[slot(q)], q["id"]


@pytest.mark.parametrize(
    "named,family,kind,move",
    [
        ("how-sure", "attribution", "choice", "how-sure"),
        ("not-a-move", "attribution", "choice", "who-is-credited"),
        (None, "numeric", "multi", "check-the-figure"),
        (None, "framing", "choice", "compare-the-words"),
        (None, None, "words", "compare-the-words"),
        (None, None, "order", "check-the-figure"),
        (None, None, "reflect", "who-is-credited"),
    ],
)
def test_a_hand_written_question_names_its_move_or_gets_a_default(named, family, kind, move):
    assert hand_move(named, family, kind) == move


def test_a_hand_written_move_reaches_the_spec(mini):
    questions = tuple(
        dataclasses.replace(q, fields={**q.fields, "move": "whats-missing"})
        if q.id == "next-step"
        else q
        for q in mini.questions
    )
    spec = module_specs(dataclasses.replace(mini, questions=questions))[0]
    q = next(q for q in spec["questions"] if q["id"] == "next-step")
    assert q["move"] == "whats-missing" and "whats-missing" in spec["moves"]
    assert q["statement"] == mini.claim("pupils").topic
    assert q["hint"].startswith("Move: What is missing?")


# ---------------------------------------------------------------- shared fields


def every_question(all_specs):
    for name, specs in all_specs.items():
        for spec in specs:
            sources = {s["id"]: s["text"] for s in spec["sources"]}
            for q in spec["questions"]:
                yield name, spec, sources, q


def test_headings_are_unique_in_a_module_and_name_no_answer(all_specs):
    for specs in all_specs.values():
        for spec in specs:
            headings = [q["heading"] for q in spec["questions"]]
            assert len(set(headings)) == len(headings), spec["module"]
            for q in spec["questions"]:
                if "/" in q["id"] and q["kind"] in ("choice", "match", "multi"):
                    answers = answer_labels(q)
                    assert not any(a in q["heading"] for a in answers), q["id"]


def answer_labels(q):
    if q["kind"] == "choice":
        return [q["answer"]]
    if q["kind"] == "multi":
        return list(q["answer"])
    return list(q["answer"].values())


def test_no_derived_prompt_or_statement_contains_its_choice_answer(all_specs):
    for _, _, _, q in every_question(all_specs):
        if "/" in q["id"] and q["kind"] == "choice":
            assert q["answer"] not in q["prompt"], q["id"]
            assert q["answer"] not in q.get("statement", ""), q["id"]
        if "/" in q["id"] and q["kind"] == "number":
            assert f"{q['answer']:,.0f}" not in q["prompt"], q["id"]


def test_every_graded_question_has_a_hint_that_does_not_give_the_answer(all_specs):
    for _, _, _, q in every_question(all_specs):
        if not q["graded"]:
            assert "hint" not in q
            continue
        assert q["hint"] and "\n" not in q["hint"], q["id"]
        if q["kind"] == "choice":
            assert q["answer"] not in q["hint"], q["id"]


def test_evidence_points_at_passages_of_the_sources(all_specs):
    for _, spec, sources, q in every_question(all_specs):
        assert isinstance(q["evidence"], list), q["id"]
        for passage in q["evidence"]:
            assert set(passage) == {"source", "start", "end"}
            text = sources[passage["source"]]
            assert 0 <= passage["start"] < passage["end"] <= len(text), q["id"]
        claim = spec["claims"].get(q["claim"]) if q["claim"] else None
        if claim and q["evidence"]:
            known = {(p["source"], p["start"], p["end"]) for p in claim["passages"]}
            assert {(p["source"], p["start"], p["end"]) for p in q["evidence"]} <= known


def test_why_explains_only_wrong_options(all_specs):
    for _, _, _, q in every_question(all_specs):
        why = q.get("why", {})
        if q["kind"] == "choice":
            assert set(why) <= set(q["options"]) - {q["answer"]}, q["id"]
        elif q["kind"] == "multi":
            assert set(why) <= set(q["options"]), q["id"]
        elif q["kind"] == "match":
            accept = q.get("accept", {})
            for key, reasons in why.items():
                wrong = set(q["options"]) - {q["answer"][key], *accept.get(key, [])}
                assert set(reasons) <= wrong, (q["id"], key)
        assert all(isinstance(s, str) and s for r in why.values() for s in _flat(r)), q["id"]


def _flat(value):
    return value.values() if isinstance(value, dict) else [value]


def test_words_questions_list_function_words_that_are_never_the_answer(all_specs):
    seen = 0
    for _, _, _, q in every_question(all_specs):
        if q["kind"] != "words":
            continue
        seen += 1
        little = q["function_words"]
        assert little == sorted(set(little)) and not set(little) & set(q["answer"]), q["id"]
        assert all(0 <= i < len(q["tokens"]) for i in little)
        picked = [q["tokens"][i].strip('.,;:“”"«»').casefold() for i in q["answer"]]
        assert not {"the", "of", "to", "a", "and"} & set(picked), (q["id"], picked)
    assert seen


def test_behind_labels_print_no_figure(all_specs):
    for _, _, _, q in every_question(all_specs):
        if slot(q) == "behind":
            assert not any(re.search(r"\d", i["label"]) for i in q["items"]), q["id"]


def test_on_one_claim_the_copy_is_traced_before_anyone_is_credited(all_specs):
    order = ["copied-from", "what-changed", "credited", "quote-or-paraphrase"]
    for specs in all_specs.values():
        for spec in specs:
            by_claim = {}
            for q in spec["questions"]:
                if "/" in q["id"]:
                    by_claim.setdefault(q["claim"], []).append(slot(q))
            for slots in by_claim.values():
                ranks = [order.index(s) for s in slots if s in order]
                assert ranks == sorted(ranks), slots
                if "figures" in slots and "behind" in slots:
                    assert slots.index("figures") < slots.index("behind")


def test_no_choice_slot_is_dominated_by_one_answer(all_specs):
    for specs in all_specs.values():
        for spec in specs:
            by_slot = {}
            for q in spec["questions"]:
                if "/" in q["id"] and q["kind"] == "choice":
                    by_slot.setdefault(slot(q), []).append(q["answer"])
            for name, answers in by_slot.items():
                if len(answers) >= 3:
                    top = Counter(answers).most_common(1)[0][1]
                    assert top * 2 <= len(answers), (spec["module"], name, answers)


@pytest.mark.parametrize("slot_name", ["quote-or-paraphrase", "same-count"])
def test_fixed_option_labels_never_make_the_answer_the_only_longest(all_specs, slot_name):
    found = 0
    for _, _, _, q in every_question(all_specs):
        if slot(q) == slot_name:
            found += 1
            longest = max(len(o) for o in q["options"])
            assert [len(o) for o in q["options"]].count(longest) >= 2 or len(
                q["answer"]
            ) < longest, q["id"]
    assert found


def test_every_key_answer_scores_one_and_a_wrong_answer_less(all_specs):
    for _, _, _, q in every_question(all_specs):
        if q["graded"]:
            assert score(q, q["answer"]).score == 1.0, q["id"]
            assert score(q, wrong_answer(q)).score < 1.0, q["id"]


def test_no_derived_choice_answer_is_the_only_longest_option(all_specs):
    # Word counts, as a learner skims: the ministry's 21-word title would otherwise
    # mark the answer of every copy traced to it.
    for _, _, _, q in every_question(all_specs):
        if "/" in q["id"] and q["kind"] == "choice" and len(q["options"]) >= 3:
            lengths = [len(o.split()) for o in q["options"]]
            longest = max(lengths)
            assert len(q["answer"].split()) < longest or lengths.count(longest) >= 2, q["id"]


def test_long_source_titles_are_cut_in_option_lists_unless_that_makes_two_alike():
    from generator.building.common import option_labels

    long = "one two three four five six seven eight nine ten"
    assert option_labels({"a": long, "b": "short title"}) == {
        "a": "one two three four five six seven eight …",
        "b": "short title",
    }
    clash = {"a": long, "b": long.replace("ten", "eleven")}
    assert option_labels(clash) == clash


def test_a_module_that_asks_how_sure_you_are_marks_every_question(mini):
    modules = (dataclasses.replace(mini.modules[0], confidence=True), *mini.modules[1:])
    first, second = module_specs(dataclasses.replace(mini, modules=modules))
    assert all(q["confidence"] is True for q in first["questions"])
    assert not any("confidence" in q for q in second["questions"])
