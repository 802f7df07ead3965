"""`python -m generator validate`: one small invalid story per rule.

Each case edits a small valid story and asserts the exit code, the line the message
points at and what the message names, as a teacher would read it on stderr.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SOURCE_A = "The mayor said: \u201cWe had no choice.\u201d\nLater,   the mayor\nrepeated it.\n"
SOURCE_B = "A spokesperson said \u201cwe had no choice\u201d. Over 3,000 people marched.\n"

BASE = textwrap.dedent("""\
    id: demo
    title: "Demo story"
    sources:
      - id: a
        file: sources/a.txt
        title: "Letter"
        outlet: unknown
        kind: official-statement
        published: 2024-05-14
      - id: b
        file: sources/b.txt
        title: "Report"
        outlet: unknown
        kind: news-report
    claims:
      - id: no-choice
        family: attribution
        topic: "Who said there was no choice?"
        explanation: "Compare who each source credits."
        mentions:
          - source: a
            quote: "We had no choice."
            credited_to: "The mayor"
            primary: true
          - source: b
            quote: "we had no choice"
            credited_to: "A spokesperson"
      - id: marchers
        family: numeric
        topic: "How many marched?"
        explanation: "Only one source counts."
        mentions:
          - source: b
            quote: "Over 3,000 people marched."
            value: 3000
            approx: true
          - source: a
            quote: "the mayor repeated it"
            value: 0
      - id: framing
        family: framing
        topic: "How is the statement framed?"
        explanation: "Look at the verbs."
        mentions:
          - source: a
            quote: "The mayor said"
            terms: ["said"]
            frame: neutral
          - source: b
            quote: "A spokesperson said"
            terms: ["spokesperson"]
            frame: official
    modules:
      - id: whose-words
        title: "Whose words?"
        claims: [no-choice, marchers, framing]
    """)


def write_story(
    root: Path, story: str = BASE, folder: str = "demo", files: dict[str, bytes] | None = None
) -> Path:
    story_dir = root / folder
    (story_dir / "sources").mkdir(parents=True)
    (story_dir / "story.yaml").write_bytes(
        story.encode("utf-8") if isinstance(story, str) else story
    )
    default = {"sources/a.txt": SOURCE_A.encode(), "sources/b.txt": SOURCE_B.encode()}
    for name, data in (files or default).items():
        (story_dir / name).write_bytes(data)
    return root


def validate(corpus: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(corpus)],
        capture_output=True,
        text=True,
        cwd=corpus if corpus.exists() else corpus.parent,
    )


@dataclass(frozen=True)
class Case:
    id: str
    old: str  # text of BASE to replace ("" = append the case's questions instead)
    new: str
    at: str | None  # the message must point at the line of the edited story holding this
    names: tuple[str, ...]  # what the message must mention


def edit(old: str, new: str) -> str:
    assert old in BASE, f"test bug: {old!r} not in BASE"
    return BASE.replace(old, new, 1)


M = "        "  # indentation of a mention's keys in BASE

CASES = [
    Case("yaml-syntax", 'title: "Demo story"', 'title: "Demo story', None, ("YAML syntax error",)),
    Case(
        "missing-required-key",
        'title: "Demo story"\n',
        "",
        "id: demo",
        ("missing required key 'title'",),
    ),
    Case(
        "unknown-key",
        'explanation: "Look',
        'explanaton: "Look',
        "explanaton",
        ("unknown key 'explanaton'", "claim 'framing'", "allowed here"),
    ),
    Case(
        "bad-id",
        "id: no-choice",
        "id: No_Choice",
        "No_Choice",
        ("claim 'No_Choice', id", "lowercase"),
    ),
    Case(
        "bad-kind",
        "kind: news-report",
        "kind: newspaper",
        "newspaper",
        ("'newspaper' is not allowed", "news-report"),
    ),
    Case(
        "duplicate-claim-id",
        "id: marchers",
        "id: no-choice",
        "id: no-choice\n    family: n",
        ("claims id 'no-choice' is used more than once",),
    ),
    Case(
        "duplicate-yaml-key",
        '    title: "Letter"\n',
        '    title: "Letter"\n    title: "Again"\n',
        "Again",
        ("duplicate key 'title'",),
    ),
    Case(
        "unknown-source",
        f'- source: b\n{M}quote: "we had',
        f'- source: c\n{M}quote: "we had',
        "source: c",
        ("unknown source 'c'", "a, b"),
    ),
    Case(
        "unknown-claim-in-module",
        "claims: [no-choice, marchers, framing]",
        "claims: [no-choice, marchers, framing, nope]",
        "nope]",
        ("unknown claim 'nope'",),
    ),
    Case(
        "quote-not-found",
        'quote: "We had no choice."',
        'quote: "We have no choice."',
        "We have",
        ("quote not found in source 'a'", "closest passage", "We had no choice."),
    ),
    Case(
        "quote-ambiguous",
        'quote: "the mayor repeated it"',
        'quote: "mayor"',
        '"mayor"',
        ("occurs 2 times", "prefix"),
    ),
    Case(
        "prefix-matches-nothing",
        'quote: "the mayor repeated it"',
        f'quote: "mayor"\n{M}prefix: "Earlier, the"',
        '"mayor"',
        ("prefix/suffix match no",),
    ),
    Case(
        "term-not-in-quote",
        'terms: ["said"]',
        'terms: ["says"]',
        "says",
        ("term 'says' is not part of this mention's quote",),
    ),
    Case(
        "attribution-needs-credited-to",
        f'{M}credited_to: "A spokesperson"\n',
        "",
        f'- source: b\n{M}quote: "we had',
        ("needs 'credited_to:'",),
    ),
    Case(
        "numeric-needs-value",
        f"{M}value: 0\n",
        "",
        f'- source: a\n{M}quote: "the mayor rep',
        ("needs 'value:'",),
    ),
    Case(
        "framing-needs-terms",
        f'{M}terms: ["spokesperson"]\n',
        "",
        f'- source: b\n{M}quote: "A spokes',
        ("needs 'terms:'",),
    ),
    Case(
        "field-of-other-family",
        f"{M}frame: official\n",
        f'{M}frame: official\n{M}credited_to: "x"\n',
        'credited_to: "x"',
        ("'credited_to' does not apply to a framing claim",),
    ),
    Case(
        "value-wrong-type",
        "value: 3000",
        "value: lots",
        "lots",
        ("claim 'marchers', mention 1 (source b), value", "neither a number nor a date"),
    ),
    Case(
        "impossible-date",
        "published: 2024-05-14",
        "published: 2024-02-30",
        "2024-02-30",
        ("not a real date",),
    ),
    Case(
        "story-id-differs-from-folder",
        "id: demo\n",
        "id: other\n",
        "id: other",
        ("differs from its folder name 'demo'",),
    ),
    Case(
        "too-few-mentions",
        f'{M[2:]}- source: b\n{M}quote: "we had no choice"\n{M}credited_to: "A spokesperson"\n',
        "",
        "mentions:",
        ("claim 'no-choice', mentions", "at least 2"),
    ),
    Case(
        "too-few-sources",
        '  - id: b\n    file: sources/b.txt\n    title: "Report"\n'
        "    outlet: unknown\n    kind: news-report\n",
        "",
        "sources:",
        ("sources", "at least 2"),
    ),
    Case(
        "source-outside-story",
        "file: sources/b.txt",
        "file: ../../etc/passwd",
        "passwd",
        ("outside the story folder",),
    ),
    Case(
        "missing-source-file",
        "file: sources/b.txt",
        "file: sources/c.txt",
        "sources/c.txt",
        ("'sources/c.txt' not found",),
    ),
    Case(
        "sha256-mismatch",
        "    published: 2024-05-14\n",
        "    published: 2024-05-14\n    sha256: '" + "0" * 64 + "'\n",
        "sha256",
        ("does not match its sha256", hashlib.sha256(SOURCE_A.encode()).hexdigest()),
    ),
    Case(
        "question-answer-not-an-option",
        "",
        "",
        'answer: "Maybe"',
        ("answer 'Maybe' is not one of the options",),
    ),
    Case("question-unknown-module", "", "", "module: elsewhere", ("unknown module 'elsewhere'",)),
    Case("question-kind-field-unknown", "", "", "options: [", ("unknown key 'options'",)),
    Case("question-unknown-move", "", "", "move: guess", ("'guess' is not allowed", "how-sure")),
    # Round three's optional fields (docs/internals.md "Corpus fields added").
    Case(
        "also-names-no-credit-of-the-story",
        f'{M}credited_to: "The mayor"\n',
        f'{M}credited_to: "The mayor"\n{M}also: ["The council"]\n',
        "The council",
        ("also value 'The council' is not a credited_to of any mention", "copy"),
    ),
    Case(
        "also-repeats-the-own-frame",
        f"{M}frame: neutral\n",
        f"{M}frame: neutral\n{M}also: [official, neutral]\n",
        "also: [official, neutral]",
        ("also value 'neutral' is this mention's own frame",),
    ),
    Case(
        "also-without-frame",
        f"{M}frame: neutral\n",
        f"{M}also: [official]\n",
        "also: [official]",
        ("this mention has no frame:", "add frame:"),
    ),
    Case(
        "also-on-a-figure",
        "value: 3000",
        'value: 3000\n        also: ["3,500"]',
        'also: ["3,500"]',
        ("'also' does not apply to a numeric claim",),
    ),
    Case(
        "certainty-unknown",
        f'{M}credited_to: "The mayor"\n',
        f'{M}credited_to: "The mayor"\n{M}certainty: sure\n',
        "certainty: sure",
        ("'sure' is not allowed", "hedged"),
    ),
    Case(
        "inferred-without-note",
        f"{M}value: 0\n",
        f"{M}value: 0\n{M}inferred: true\n",
        "inferred: true",
        ("an inferred figure needs a note:",),
    ),
    Case(
        "inferred-on-a-credit",
        f'{M}credited_to: "The mayor"\n',
        f'{M}credited_to: "The mayor"\n{M}inferred: true\n',
        "inferred: true",
        ("'inferred' does not apply to an attribution claim",),
    ),
    Case(
        "omitted-by-without-note",
        'explanation: "Only one source counts."\n',
        'explanation: "Only one source counts."\n    omitted_by: [c]\n',
        "omitted_by: [c]",
        ("omitted_by needs an omission_note:",),
    ),
    Case(
        "omitted-by-unknown-source",
        'explanation: "Only one source counts."\n',
        'explanation: "Only one source counts."\n    omitted_by: [c]\n'
        '    omission_note: "The letter gives no figure."\n',
        "omitted_by: [c]",
        ("unknown source 'c'", "a, b"),
    ),
    Case(
        "omitted-by-a-source-that-mentions-it",
        'explanation: "Only one source counts."\n',
        'explanation: "Only one source counts."\n    omitted_by: [a]\n'
        '    omission_note: "The letter gives no figure."\n',
        "omitted_by: [a]",
        ("'a' has a mention in this claim", "remove it from omitted_by"),
    ),
    Case(
        "omission-note-alone",
        'explanation: "Only one source counts."\n',
        'explanation: "Only one source counts."\n    omission_note: "Nothing."\n',
        'omission_note: "Nothing."',
        ("omission_note without omitted_by",),
    ),
    Case(
        "not-quoted-phrase-not-in-the-claim",
        'explanation: "Look at the verbs."\n',
        'explanation: "Look at the verbs."\n    not_quoted: ["so-called"]\n',
        "not_quoted:",
        ("not_quoted phrase 'so-called' occurs in none of this claim's",),
    ),
    Case(
        "module-confidence-not-a-boolean",
        "    claims: [no-choice, marchers, framing]\n",
        "    claims: [no-choice, marchers, framing]\n    confidence: often\n",
        "confidence: often",
        ("module 'whose-words', confidence",),
    ),
]

QUESTION_CASES = {
    "question-answer-not-an-option": textwrap.dedent("""\
        questions:
          - id: asked
            module: whose-words
            kind: choice
            prompt: "Did the mayor speak?"
            options: ["Yes", "No"]
            answer: "Maybe"
            explanation: "The letter says so."
        """),
    "question-unknown-module": textwrap.dedent("""\
        questions:
          - id: asked
            module: elsewhere
            kind: reflect
            prompt: "What would you ask the mayor?"
        """),
    "question-unknown-move": textwrap.dedent("""\
        questions:
          - id: asked
            module: whose-words
            kind: reflect
            move: guess
            prompt: "What would you ask the mayor?"
        """),
    "question-kind-field-unknown": textwrap.dedent("""\
        questions:
          - id: asked
            module: whose-words
            kind: number
            prompt: "How many marched?"
            answer: 3000
            options: ["3000"]
            explanation: "The report says over 3,000."
        """),
}


def line_of(text: str, marker: str) -> int:
    assert marker in text, f"test bug: marker {marker!r} not in the story"
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_rule_is_reported_with_line_and_fix(tmp_path, case):
    story = edit(case.old, case.new) if case.old else BASE + QUESTION_CASES.get(case.id, "")
    result = validate(write_story(tmp_path, story))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if "story.yaml" in ln]
    hits = [ln for ln in lines if all(name in ln for name in case.names)]
    assert hits, f"no line names {case.names}:\n{result.stderr}"
    line = line_of(story, case.at) if case.at else ""
    assert any(ln.startswith(f"demo/story.yaml:{line}") for ln in hits), result.stderr
    assert " — " in hits[0] or "YAML syntax" in hits[0], "every message says how to fix it"


def test_valid_story_passes_with_folding_prefix_and_unquoted_date(tmp_path):
    # "the mayor repeated it" spans a line break and a run of spaces in the source.
    result = validate(write_story(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "1 story(ies), 3 claims: all valid." in result.stdout


ROUND_THREE = (
    edit(f'{M}credited_to: "The mayor"\n', f'{M}credited_to: "The mayor"\n{M}certainty: asserted\n')
    .replace(
        f'{M}credited_to: "A spokesperson"\n',
        f'{M}credited_to: "A spokesperson"\n{M}also: ["The mayor"]\n{M}certainty: attributed\n',
    )
    .replace(
        f"{M}value: 0\n",
        f'{M}value: 0\n{M}inferred: true\n{M}note: "The letter only implies nobody."\n',
    )
    .replace(f"{M}frame: official\n", f"{M}frame: official\n{M}also: [neutral]\n")
    .replace(
        'explanation: "Look at the verbs."\n',
        'explanation: "Look at the verbs: \\"neutral\\" is our word."\n'
        '    not_quoted: ["neutral"]\n',
    )
    .replace(
        "    claims: [no-choice, marchers, framing]\n",
        "    claims: [no-choice, marchers, framing]\n    confidence: true\n",
    )
)


def test_round_three_fields_validate_and_reach_the_model(tmp_path):
    from generator.corpus import load_corpus

    assert validate(write_story(tmp_path, ROUND_THREE)).returncode == 0
    (story,) = load_corpus(tmp_path)
    credited, marchers, framing = story.claims
    assert [m.certainty for m in credited.mentions] == ["asserted", "attributed"]
    assert credited.mentions[1].also == ("The mayor",)
    assert marchers.mentions[1].inferred and not marchers.mentions[0].inferred
    assert framing.mentions[1].also == ("neutral",) and framing.not_quoted == ("neutral",)
    assert story.modules[0].confidence is True


def test_omissions_reach_the_model(tmp_path):
    from generator.corpus import load_corpus

    sources = BASE.replace(
        "claims:\n",
        "  - id: c\n    file: sources/c.txt\n    title: Blog\n    outlet: unknown\n"
        "    kind: blog\nclaims:\n",
        1,
    ).replace(
        'explanation: "Only one source counts."\n',
        'explanation: "Only one source counts."\n    omitted_by: [c]\n'
        '    omission_note: "The blog covers the march but gives no figure."\n',
    )
    files = {
        "sources/a.txt": SOURCE_A.encode(),
        "sources/b.txt": SOURCE_B.encode(),
        "sources/c.txt": b"People marched.\n",
    }
    result = validate(write_story(tmp_path, sources, files=files))
    assert result.returncode == 0, result.stderr
    (story,) = load_corpus(tmp_path)
    marchers = story.claim("marchers")
    assert marchers.omitted_by == ("c",)
    assert marchers.omission_note == "The blog covers the march but gives no figure."


def test_prefix_singles_out_one_occurrence(tmp_path):
    story = edit('quote: "the mayor repeated it"', f'quote: "mayor"\n{M}prefix: "Later, the"')
    assert validate(write_story(tmp_path, story)).returncode == 0


def test_dates_stay_strings(tmp_path):
    from generator.corpus import load_corpus

    (story,) = load_corpus(write_story(tmp_path))
    assert story.sources[0].published == "2024-05-14"


def test_quotes_resolve_to_offsets_in_the_original_text(tmp_path):
    from generator.corpus import load_corpus

    (story,) = load_corpus(write_story(tmp_path))
    mention = story.claim("marchers").mentions[1]
    assert SOURCE_A[mention.start : mention.end] == "the mayor\nrepeated it"


def test_all_problems_are_reported_at_once(tmp_path):
    story = edit('quote: "We had no choice."', 'quote: "nowhere"').replace(
        "kind: news-report", "kind: tabloid"
    )
    result = validate(write_story(tmp_path, story))
    assert result.returncode == 2
    # The schema problem is reported; anchoring waits until the schema is right,
    # because it needs well-formed mentions.
    assert "'tabloid' is not allowed" in result.stderr
    story = edit('quote: "We had no choice."', 'quote: "nowhere"').replace(
        "claims: [no-choice, marchers, framing]", "claims: [no-choice, missing]"
    )
    result = validate(write_story(tmp_path / "2", story))
    assert "quote not found" in result.stderr and "unknown claim 'missing'" in result.stderr
    assert result.stderr.rstrip().endswith("2 problem(s) found.")


@pytest.mark.parametrize(
    "content,message",
    [
        (b"- just\n- a list\n", "must be a mapping"),
        (b"", "must be a mapping"),
        ("id: d\u00e9mo\n".encode("latin-1"), "not UTF-8"),
    ],
    ids=["list", "empty", "latin-1"],
)
def test_unusable_story_file(tmp_path, content, message):
    result = validate(write_story(tmp_path, content))
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_source_file_not_utf8(tmp_path):
    files = {
        "sources/a.txt": "caf\u00e9 We had no choice.".encode("cp1252"),
        "sources/b.txt": SOURCE_B.encode(),
    }
    result = validate(write_story(tmp_path, files=files))
    assert result.returncode == 2 and "'sources/a.txt' is not UTF-8" in result.stderr


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda p: p / "missing", "no such folder"),
        (lambda p: p, "no stories found"),
    ],
    ids=["missing-corpus", "empty-corpus"],
)
def test_corpus_folder_problems_are_usage_errors(tmp_path, make, message):
    result = validate(make(tmp_path))
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_seed_corpus_validates():
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "corpus"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert "all valid" in result.stdout
