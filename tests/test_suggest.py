"""`python -m generator suggest`: recall against hand annotations, and drafts that
validate (issue 12, item 2).

"Finds", as measured here: a claim of the annotated story is found when one
suggestion of a fitting family has, in at least two of the claim's sources (in its
only source, for a claim of one text), a mention whose characters overlap one of
the claim's mentions. Fitting families: an attribution claim → attribution; a
numeric claim → numeric; a claim that the builder asks a `copied-from` or
`what-changed` question about (a *reuse* claim) → reuse, or its own family. Framing
claims that are not reuse claims are not counted (the issue's acceptance names
attribution, numeric and reuse). The suggestions come from the texts alone: the
sources are copied to a folder without story.yaml.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.anchoring import FoldedText, find_quote
from generator.authoring.suggest.attribution import credits
from generator.authoring.suggest.draft import anchor_fields
from generator.authoring.suggest.numbers import figures
from generator.authoring.suggest.texts import split
from generator.building.common import StoryFacts
from generator.building.tracing import copied_from_questions, what_changed_questions
from generator.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "kazakhstan-2022"
FIXTURE = ROOT / "tests" / "fixtures" / "suggest" / "harbour-flood"
RECALL_AIM, MAX_SUGGESTIONS = 0.75, 60


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def sources_only(story: Path, tmp_path: Path) -> Path:
    folder = tmp_path / story.name
    shutil.copytree(story / "sources", folder / "sources")
    return folder


def suggest_json(folder: Path) -> list[dict]:
    done = run("suggest", folder, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["suggestions"]


def targets(story) -> dict[str, set[str]]:
    """Claim id → the suggestion families that count as finding it."""
    facts = StoryFacts.of(story)
    found = {}
    for claim in story.claims:
        families = {claim.family} & {"attribution", "numeric"}
        if copied_from_questions(facts, claim) or what_changed_questions(facts, claim):
            families |= {"reuse", claim.family}
        if families:
            found[claim.id] = families
    return found


def finds(suggestion: dict, claim, file_id: dict[str, str]) -> bool:
    hit = set()
    for m in claim.mentions:
        for s in suggestion["mentions"]:
            if s["source"] == file_id[m.source] and s["start"] < m.end and m.start < s["end"]:
                hit.add(m.source)
    return len(hit) >= min(2, len({m.source for m in claim.mentions}))


def recall(story_dir: Path, tmp_path: Path) -> tuple[float, int, list[str]]:
    story = load_corpus(story_dir)[0]
    file_id = {s.id: Path(s.file).stem for s in story.sources}
    suggestions = suggest_json(sources_only(story_dir, tmp_path))
    wanted = targets(story)
    missed = [
        claim_id
        for claim_id, families in wanted.items()
        if not any(
            s["family"] in families and finds(s, story.claim(claim_id), file_id)
            for s in suggestions
        )
    ]
    return 1 - len(missed) / len(wanted), len(suggestions), missed


def test_seed_recall_and_count(tmp_path):
    value, count, missed = recall(SEED, tmp_path)
    print(f"\nseed: recall {value:.0%} with {count} suggestions; missed: {', '.join(missed)}")
    assert value >= RECALL_AIM
    assert count <= MAX_SUGGESTIONS


def test_fixture_recall_and_count(tmp_path):
    value, count, missed = recall(FIXTURE, tmp_path)
    print(f"\nharbour-flood: recall {value:.0%} with {count} suggestions; missed: {missed}")
    assert value >= RECALL_AIM
    assert count <= MAX_SUGGESTIONS


def test_bridge_recall_and_count(tmp_path):
    """The validation messages' three-text story (tests/fixtures/authoring/bridge, the
    walk-through's texts), annotated apart from suggest. Its evacuee counts, missed
    at first, led to the counted-noun link: no longer unseen texts, but a check."""
    value, count, missed = recall(ROOT / "tests" / "fixtures" / "authoring" / "bridge", tmp_path)
    print(f"\nbridge: recall {value:.0%} with {count} suggestions; missed: {missed}")
    assert value >= RECALL_AIM
    assert count <= MAX_SUGGESTIONS


def test_json_quotes_are_the_source_text(tmp_path):
    folder = sources_only(SEED, tmp_path)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (folder / "sources").glob("*.txt")}
    suggestions = suggest_json(folder)
    assert suggestions
    for s in suggestions:
        assert s["family"] in ("attribution", "framing", "numeric", "reuse")
        assert s["why"] and "\n" not in s["why"]
        assert len(s["mentions"]) >= 2
        for m in s["mentions"]:
            assert m["quote"] == texts[m["source"]][m["start"] : m["end"]]
    scores = [s["score"] for s in suggestions]
    assert scores == sorted(scores, reverse=True)  # best first


def test_output_is_deterministic(tmp_path):
    folder = sources_only(FIXTURE, tmp_path)
    assert run("suggest", folder).stdout == run("suggest", folder).stdout


def sources_block(story_yaml: str) -> str:
    """The `sources:` section of a story.yaml: from its key to the next top-level key."""
    lines = story_yaml.splitlines(keepends=True)
    start = lines.index("sources:\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "#", "\n")),
        len(lines),
    )
    return "".join(lines[start:end])


def paste_and_validate(story_dir: Path, draft: str) -> subprocess.CompletedProcess:
    """Rewrite story.yaml as its sources + the whole draft under claims: + a module
    listing every drafted claim, then run the real validator on it."""
    block = sources_block((story_dir / "story.yaml").read_text(encoding="utf-8"))
    ids = [
        line.split(":", 1)[1].strip() for line in draft.splitlines() if line.startswith("  - id:")
    ]
    module = f'modules:\n  - id: drafts\n    title: "Drafts"\n    claims: [{", ".join(ids)}]\n'
    (story_dir / "story.yaml").write_text(
        f'id: {story_dir.name}\ntitle: "Drafts"\n{block}claims:\n{draft}{module}',
        encoding="utf-8",
    )
    return run("validate", story_dir.parent)


def test_every_seed_suggestion_validates_as_pasted(tmp_path):
    folder = tmp_path / "corpus" / SEED.name
    shutil.copytree(SEED / "sources", folder / "sources")
    block = sources_block((SEED / "story.yaml").read_text(encoding="utf-8"))
    (folder / "story.yaml").write_text(f"id: {SEED.name}\n{block}", encoding="utf-8")
    draft = run("suggest", folder)
    assert draft.returncode == 0, draft.stderr
    assert "  - id: suggested-01" in draft.stdout
    done = paste_and_validate(folder, draft.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all valid" in done.stdout


def new_story(folder: Path, files: list[Path]) -> None:
    """`python -m generator new FOLDER FILE...`: the teacher's first step."""
    done = run("new", folder, *files)
    assert done.returncode == 0, done.stderr


def test_texts_to_valid_story_end_to_end(tmp_path):
    folder = tmp_path / "corpus" / "harbour-flood"
    new_story(folder, sorted((FIXTURE / "sources").glob("*.txt")))
    draft = run("suggest", folder)
    assert draft.returncode == 0, draft.stderr
    assert draft.stdout.count("  - id: suggested-") >= 5
    done = paste_and_validate(folder, draft.stdout)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ids_come_from_story_yaml_when_there_is_one(tmp_path):
    folder = tmp_path / "harbour-flood"
    shutil.copytree(FIXTURE / "sources", folder / "sources")
    (folder / "story.yaml").write_text(
        "sources:\n  - {id: council, file: sources/council-statement.txt}\n"
        "  - {id: agency, file: sources/agency-rewrite.txt}\n",
        encoding="utf-8",
    )
    used = {m["source"] for s in suggest_json(folder) for m in s["mentions"]}
    assert used == {"council", "agency"}


def test_a_folder_with_one_text_is_a_usage_error(tmp_path):
    (tmp_path / "one" / "sources").mkdir(parents=True)
    (tmp_path / "one" / "sources" / "a.txt").write_text("Just one text.", encoding="utf-8")
    done = run("suggest", tmp_path / "one")
    assert done.returncode == 2
    assert "two or more" in done.stderr and "Traceback" not in done.stderr


def figures_of(text: str, dateline_text: str | None = None) -> dict[str, object]:
    texts = [split("a", text)] + ([split("b", dateline_text)] if dateline_text else [])
    return {text[f.start : f.end]: f for f in figures(texts) if f.source == "a"}


def test_numbers_are_normalised():
    found = figures_of(
        "March 3, 2024\nThe fund holds 4.2 million euros. About 2,500 people left "
        "and repairs take six weeks. On Friday nearly 300 volunteers came."
    )
    assert found["4.2 million"].value == 4_200_000
    assert found["About 2,500"].value == 2500 and found["About 2,500"].approx
    assert found["six weeks"].value == 6 and found["six weeks"].unit == "weeks"
    friday = found["On Friday"]  # the dateline's Sunday: the Friday before it
    assert friday.value == "2024-03-01" and friday.inferred
    assert found["March 3, 2024"].kind == "dateline"


def test_a_weekday_without_a_dateline_uses_the_date_before_it():
    found = figures_of("On January 4, 2022 talks began. On Wednesday they ended.")
    assert found["On Wednesday"].value == "2022-01-05"


@pytest.mark.parametrize(
    ("sentence", "label", "kind"),
    [
        ("The wall broke on Tuesday, officials said.", "officials", "unnamed"),
        (
            "According to the Ministry of Health, 40 people died.",
            "Ministry of Health",
            "institution",
        ),
        ("“We warned them,” said Marta Olsen, a resident.", "Marta Olsen", "named"),
        ("Mayor Ilse Brandt said the rain was exceptional.", "Mayor Ilse Brandt", "named"),
        ("The wall broke on Tuesday.", "no one", "nobody"),
    ],
)
def test_credit_cues(sentence, label, kind):
    credit = credits(split("a", sentence))[0]
    assert (credit.label, credit.kind) == (label, kind)


def test_a_repeated_quote_gets_the_context_that_singles_it_out():
    text = "It rained. The wall broke. Then it rained. The wall broke. And so on."
    folded = FoldedText.of(text)
    second = text.index("The wall broke.", 20)
    fields = anchor_fields(folded, "The wall broke.", text[:second], text[second + 15 :])
    assert fields["quote"] == "The wall broke."
    anchor = find_quote(folded, fields["quote"], fields.get("prefix"), fields.get("suffix"))
    assert anchor.start == second
    first = anchor_fields(folded, "It rained.", "", text[10:])
    assert first == {"quote": "It rained."}  # it occurs once: no context needed


def write_texts(folder: Path, texts: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for name, text in texts.items():
        paths.append(folder / f"{name}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


AGGRESSION = {
    "statement": "Kazakhstan was subjected to armed aggression by well-coordinated terrorist "
    "groups trained abroad. The state of emergency will end soon.",
    "rewrite": "Kazakhstan was subjected to armed rioting by well-coordinated terrorist "
    "groups trained abroad, authorities said. Shops opened again on Monday.",
}


def test_a_swapped_word_is_a_framing_suggestion(tmp_path):
    write_texts(tmp_path / "story" / "sources", AGGRESSION)
    framing = [s for s in suggest_json(tmp_path / "story") if s["family"] == "framing"]
    terms = {m["source"]: m["terms"] for s in framing for m in s["mentions"]}
    assert "aggression" in terms["statement"] and "rioting" in terms["rewrite"]


def test_a_copy_with_another_credit_is_an_attribution_suggestion(tmp_path):
    write_texts(tmp_path / "story" / "sources", AGGRESSION)
    (first, *_) = suggest_json(tmp_path / "story")
    assert first["family"] == "attribution"
    credited = {m["source"]: m["credited_to"] for m in first["mentions"]}
    assert credited == {"statement": "no one", "rewrite": "authorities"}
    assert first["copies"][0]["shared_words"] >= 10  # a copy by the rule copied-from uses


def test_the_reuse_map_says_how_much_is_copied(tmp_path):
    done = run("suggest", sources_only(FIXTURE, tmp_path), "--json")
    pairs = {tuple(r["texts"]): r["share"] for r in json.loads(done.stdout)["reuse_map"]}
    share = pairs[("agency-rewrite", "council-statement")]
    assert share["agency-rewrite"] > 0.5 and share["council-statement"] > 0.5
    assert max(pairs.get(("agency-rewrite", "local-paper"), {"x": 0}).values()) < 0.3


def test_quotes_with_double_quotes_and_backslashes_validate(tmp_path):
    folder = tmp_path / "corpus" / "odd-characters"
    texts = {
        "a": 'The mayor said the "temporary" wall at C:\\harbour will hold until spring, '
        "according to the council.\n",
        "b": 'The "temporary" wall at C:\\harbour will hold until spring, the mayor said.\n',
    }
    new_story(folder, write_texts(tmp_path / "in", texts))
    draft = run("suggest", folder)
    assert "suggested-01" in draft.stdout, draft.stdout + draft.stderr
    done = paste_and_validate(folder, draft.stdout)
    assert done.returncode == 0, done.stdout + done.stderr


def test_money_percent_and_wire_datelines():
    found = figures_of(
        "LONDON, May 3 (Reuters) - The strike on Monday cost $1.5 billion. Only 20% of "
        "trains ran in the worst strike in 30 years.",
        "Statement of the Department for Transport, 4 May 2023\nTalks were offered.",
    )
    money = found["1.5 billion"]  # the figure; the currency sign before it is its unit
    assert (money.value, money.unit, money.shown) == (1_500_000_000, "$", "$1.5 billion")
    assert found["20"].unit == "%"
    assert found["30"].kind == "duration"
    assert found["May 3"].kind == "dateline" and found["May 3"].value == "2023-05-03"
    assert found["on Monday"].value == "2023-05-01"  # the Monday before its dateline


WALKTHROUGH = ROOT / "tests" / "fixtures" / "authoring" / "texts"  # docs/authoring.md's


def test_the_walkthrough_texts_get_their_differing_figures(tmp_path):
    """The three texts of the "20 minutes" walk-through give 4.2 million euros against
    the blog's "2,5 million", and 300 against 250 evacuated residents: both are drafted
    as numeric claims whose texts differ, and the drafts validate as pasted."""
    folder = tmp_path / "corpus" / "elm-bridge"
    new_story(folder, sorted(WALKTHROUGH.glob("*.txt")))
    numeric = [s for s in suggest_json(folder) if s["family"] == "numeric"]
    groups = [{m["source"]: m["value"] for m in s["mentions"]} for s in numeric]
    assert {"blog": 2_500_000, "city-hall": 4_200_000, "gazette": 4_200_000} in groups
    assert {"city-hall": 300, "gazette": 250} in groups
    done = paste_and_validate(folder, run("suggest", folder).stdout)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_decimal_comma_is_read_and_noted():
    found = figures_of("The town set aside 2,5 million. In all, 2,500 people left.")
    assert found["2,5 million"].value == 2_500_000
    assert "decimal comma" in found["2,5 million"].note
    assert found["2,500"].value == 2500 and not found["2,500"].note


def test_from_monday_points_forward_from_the_dateline():
    found = figures_of(
        "October 14, 2025\nTrains stopped on Monday. Talks will resume from Monday, and "
        "the strike will last until Friday."
    )
    assert found["on Monday"].value == "2025-10-13"  # the day before this Tuesday
    assert found["Monday"].value == "2025-10-20"  # "from Monday": the one to come
    assert found["Friday"].value == "2025-10-17"
    assert found["Friday"].inferred and "until" in found["Friday"].note
    past = figures_of("October 14, 2025\nFrom Sunday to Monday crowds gathered.")
    assert past["Sunday"].value == "2025-10-12"  # a past sentence: the last Sunday
    assert figures_of("October 14, 2025\nSee you next Friday.")["Friday"].value == "2025-10-17"


STRIKE = {
    "wire": "More than 1,200 drivers walked out on Tuesday. Transport minister Claire Dubois "
    'said the strike was "unjustified and irresponsible".\n',
    "daily": "About 900 drivers walked out. The strike is «unjustified and irresponsible», the "
    "government said.\n",
}


def test_a_short_quote_two_texts_credit_differently_is_found(tmp_path):
    """Three words in quotation marks and guillemets are all the two sentences share:
    too few for an aligned passage, but the same quotation is the same passage."""
    folder = tmp_path / "corpus" / "strike"
    new_story(folder, write_texts(tmp_path / "in", STRIKE))
    credited = [
        {m["source"]: m["credited_to"] for m in s["mentions"]}
        for s in suggest_json(folder)
        if s["family"] == "attribution"
    ]
    assert {"daily": "government", "wire": "Transport minister Claire Dubois"} in credited
    done = paste_and_validate(folder, run("suggest", folder).stdout)
    assert done.returncode == 0, done.stdout + done.stderr
