"""Corpus text is data, never code or markup: hostile text in every field a teacher
writes builds, shows literally in Markdown cells, survives the setup cell's string
literal intact, and runs in a real kernel."""

from __future__ import annotations

import html
import re

import mistune
import nbformat
import pytest
from build_helpers import mini_data, run_with_submissions, write_story

from generator.build import build_corpus
from generator.notebook import spec_from_setup
from generator.templating import escape_markdown

HOSTILE = (
    "<script>alert(1)</script> {{ 7*7 }} {% raw %} ''' \"\"\" \\ *bold* "
    "[x](javascript:alert(1)) $x$ `code` | a | <b>b</b> &amp; 1. # h ~~s~~ https://x.io"
)
PIECES = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "{% raw %}",
    "'''",
    '"""',
    "\\",
    "*bold*",
    "[x](javascript:alert(1))",
]


def hostile_story() -> tuple[dict, dict[str, str]]:
    data = mini_data()
    data["id"] = "hostile"
    data["title"] = f"Story {HOSTILE}"
    data["summary"] = HOSTILE
    data["modules"][0]["title"] = f"Module {HOSTILE}"
    data["modules"][0]["objectives"] = [HOSTILE]
    for source in data["sources"]:
        source["title"] += f" {HOSTILE}"
        source["outlet"] = HOSTILE
        source["note"] = HOSTILE
    for claim in data["claims"]:
        claim["topic"] = f"{claim['topic']} {HOSTILE}"
        claim["explanation"] = HOSTILE
    data["claims"].append(
        {
            "id": "hostile-quote",
            "family": "attribution",
            "topic": HOSTILE,
            "explanation": HOSTILE,
            "mentions": [
                {"source": s, "quote": HOSTILE, "credited_to": f"{HOSTILE} {s}", "note": HOSTILE}
                for s in ("gazette", "blog")
            ],
        }
    )
    data["claims"].append(
        {
            "id": "hostile-frame",
            "family": "framing",
            "topic": HOSTILE,
            "explanation": HOSTILE,
            "mentions": [
                {
                    "source": s,
                    "quote": HOSTILE,
                    "terms": ["*bold*", "<script>"],
                    "frame": f"{HOSTILE} {s}",
                }
                for s in ("gazette", "blog")
            ],
        }
    )
    data["modules"][0]["claims"] += ["hostile-quote", "hostile-frame"]
    texts = {
        f"sources/{name}": (MINI_SOURCES[name] + f"\n{HOSTILE}\n")
        for name in ("gazette.txt", "riverside-blog.txt")
    }
    return data, texts


def _mini_sources() -> dict[str, str]:
    from build_helpers import MINI

    return {p.name: p.read_text(encoding="utf-8") for p in (MINI / "sources").iterdir()}


MINI_SOURCES = _mini_sources()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data, texts = hostile_story()
    corpus = write_story(root / "corpus", data, texts)
    out = root / "modules"
    build_corpus(corpus, out)
    return out


@pytest.fixture(scope="module")
def notebook(built):
    return nbformat.read(built / "hostile" / "01-whose-words.ipynb", as_version=4)


def visible_text(markdown: str) -> str:
    """What a reader sees of rendered Markdown: the HTML's text, unescaped."""
    rendered = mistune.html(markdown)
    # No corpus text may form a tag, a link or an image (the templates here add none).
    assert not re.search(r"<(script|a|img|b)\b", rendered), rendered
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


def test_markdown_cells_never_carry_raw_markup(notebook):
    cells = [c for c in notebook.cells if c.cell_type == "markdown"]
    for cell in cells:
        assert "<script" not in cell.source and "<b>" not in cell.source, cell.id
        assert "{{ 7*7 }}" not in cell.source and "49" not in cell.source, cell.id
        assert "](javascript" not in cell.source, cell.id
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in cells[0].source


def test_question_heading_cells_carry_no_corpus_text(notebook):
    headings = [c for c in notebook.cells if c.id.startswith("h-")]
    assert headings
    for cell in headings:
        assert re.fullmatch(r"### Question \d+ of \d+", cell.source.strip()), cell.source


@pytest.mark.parametrize("cell_id", ["title"])
def test_hostile_text_reads_literally_once_rendered(notebook, cell_id):
    cell = next(c for c in notebook.cells if c.id == cell_id)
    shown = visible_text(cell.source)
    assert " ".join(HOSTILE.split()) in shown, shown


def test_escape_markdown_round_trips_through_a_markdown_renderer():
    for text in [
        *PIECES,
        HOSTILE,
        "1. not a list",
        "- not a bullet",
        "===",
        "> not a quote",
        "www.example.com",
        "a_b_c",
        "<!-- c -->",
        "&copy;",
    ]:
        assert visible_text(str(escape_markdown(text))) == " ".join(text.split()), text


def test_setup_literal_gives_back_the_text_exactly(notebook):
    setup = next(c for c in notebook.cells if c.id == "setup")
    assert setup.source.count("\n") == 2  # no corpus text can add a line of code
    spec = spec_from_setup(setup.source)
    assert spec["claims"]["hostile-quote"]["explanation"] == HOSTILE
    assert spec["sources"][1]["text"].endswith(f"\n{HOSTILE}\n")


def test_prompts_and_options_keep_hostile_text_as_plain_text(notebook):
    setup = next(c for c in notebook.cells if c.id == "setup")
    spec = spec_from_setup(setup.source)
    questions = {q["id"]: q for q in spec["questions"]}
    assert f"{HOSTILE} gazette" in questions["hostile-quote/credited"]["options"]
    words = questions["hostile-frame/words"]
    assert [words["tokens"][i] for i in words["answer"]] == ["<script>alert(1)</script>", "*bold*"]


@pytest.mark.slow
def test_hostile_notebook_runs_and_shows_text_literally(built, notebook, tmp_path):
    spec = spec_from_setup(next(c for c in notebook.cells if c.id == "setup").source)
    path = built / "hostile" / "01-whose-words.ipynb"
    report = run_with_submissions(path, spec, tmp_path)
    assert report["score"] == report["max_score"]
    executed = nbformat.read(path, as_version=4)
    from nbclient import NotebookClient

    NotebookClient(executed, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = "".join(
        o.get("data", {}).get("text/html", "")
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "<script>alert(1)</script>" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
