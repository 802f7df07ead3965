"""``samestory feedback``: the feedback of a test, released when the teacher chooses.

A pretest or posttest notebook carries no key, so a learner sees only "Answer
recorded" while taking it. Afterwards the teacher may release, per learner and
test, one self-contained HTML page with what a practice module would have shown:
each question with its passages, the learner's (first) answer, what was right or
wrong item by item, the answer, and the explanation. The submissions are read and
re-scored exactly as ``export`` reads them (never executed, the stored score never
trusted), and the HTML is made by the runtime's own functions, so a released page
says what a practice module says, word for word.

A page speaks its module's language (the spec's ``language``), and the index the
language its pages share (English when they disagree): the phrases of the templates
go through the catalogs (docs/translating.md), the runtime's come from the spec.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import UsageError
from ..export import EXIT_PARTLY, display_names, write_together
from ..gradebook import Gradebook, GradedAnswer, Report, Row, grade
from ..i18n import shared_language, speaking
from ..inputfiles import printable, search_inputs
from ..key import answer_lines
from ..modulekeys import default_scorer, is_graded, load_key
from ..runtime.evidence import evidence_html, header_html, move_of
from ..runtime.feedback import item_lines, mistake_sentence
from ..runtime.phrases import Phrases
from ..runtime.style import STYLE
from ..runtime.texthtml import format_score, whole_text
from ..runtime.views import Page
from ..submissions import read_inputs
from ..templating import render
from .report_page import localised

TEST_ROLES = frozenset({"pretest", "posttest"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Released:
    """One page written: whose, for which module, in which language, and where
    (relative to the folder)."""

    learner: str
    story: str
    module: str
    title: str
    score: float
    max_score: int
    file: str
    language: str


def write_feedback_pages(
    paths: list[Path], *, corpus: Path, out_dir: Path, every_module: bool = False
) -> int:
    """Write the pages and an ``index.html`` into ``out_dir``; the exit code as
    ``export`` defines it (0 all read, 1 some inputs not read)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: is a file — -o names the folder the pages go into")
    inputs = search_inputs([Path(p) for p in paths], exclude=set())
    key = load_key(Path(corpus))
    book = grade(read_inputs(inputs.files, display_names(inputs.files)), key, default_scorer())
    book.reports.extend(Report(f.file, f.reason) for f in inputs.unlisted)
    rows = [r for r in book.rows if every_module or _role(r) in TEST_ROLES]
    texts, released = _pages(rows, out_dir)
    texts[out_dir / "index.html"] = index_page(released)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_together(texts)
    _report(book, released, out_dir, every_module)
    return EXIT_PARTLY if book.problems else 0


def _role(row: Row) -> str:
    """The module's role, from the spec the key derived from the corpus (no second
    reading of the corpus)."""
    return (row.key.spec or {}).get("role", "practice")


def index_page(released: list[Released]) -> str:
    """The teacher's list of the pages, in the language the pages share."""
    language = shared_language(page.language for page in released)
    with speaking(language):
        return render(
            "feedback_index.html.j2",
            pages=released,
            language=language,
            score=lambda value: localised(format_score(value)),
        )


def _pages(rows: list[Row], out_dir: Path) -> tuple[dict[Path, str], list[Released]]:
    texts: dict[Path, str] = {}
    released: list[Released] = []
    for row in rows:
        name = _file_name(row, {p.name for p in texts})
        texts[out_dir / name] = learner_page(row)
        spec = row.key.spec or {}
        released.append(
            Released(
                row.learner,
                row.story,
                row.module,
                spec.get("title", row.module),
                row.score,
                row.max_score,
                name,
                spec.get("language") or "en",
            )
        )
    return texts, released


def _file_name(row: Row, taken: set[str]) -> str:
    """``<learner>--<module>.html`` from a learner name anyone may have typed: ASCII
    letters and digits only, so that every file system and LMS upload takes it."""
    plain = unicodedata.normalize("NFKD", row.learner).encode("ascii", "ignore").decode()
    learner = _NOT_SLUG.sub("-", plain.lower()).strip("-")[:40].strip("-") or "no-name"
    stem = f"{learner}--{row.module}"
    name, n = f"{stem}.html", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.html"
    return name


def learner_page(row: Row) -> str:
    """The whole page of one learner's test: self-contained (inline style, no script,
    no request outside the file), printable."""
    spec = row.key.spec
    if spec is None:  # keys made by hand in tests carry no spec: nothing to show
        raise ValueError(f"no module spec for {row.story}/{row.module}")
    page = Page(spec, Phrases(spec["text"]))
    questions = [q for q in spec["questions"] if q["id"] in {x["id"] for x in row.key.questions}]
    # The module's language: the template's phrases and the answer lines of the key
    # (generator/key.py) in it, like the runtime's phrases the spec carries.
    language = spec.get("language") or "en"
    with speaking(language):
        views = [
            _question_view(page, q, n, len(questions), row.answers.get(q["id"]))
            for n, q in enumerate(questions, start=1)
        ]
        return render(
            "feedback.html.j2",
            row=row,
            spec=spec,
            language=language,
            score=page.say.score(row.score),
            moves=_move_lines(page, row),
            sources=Markup(page.sources_html()),
            questions=views,
            style=Markup(STYLE),
        )


def _question_view(
    page: Page, q: dict[str, Any], number: int, total: int, answer: GradedAnswer | None
) -> dict[str, Any]:
    """What the template shows for one question; HTML parts made (and escaped) by the
    runtime's own functions."""
    view: dict[str, Any] = {
        "number": number,
        "header": Markup(_without_how(header_html(page, q, number, total))),
        "evidence": Markup(evidence_html(page, q)),
        "explanation": Markup(whole_text(q["explanation"])) if q.get("explanation") else None,
        "why_heading": page.say("why_heading"),
        "items_heading": page.say("items_heading"),
        "answered": answer is not None,
        "attempts": answer.attempts if answer else 0,
        "reflection": None,
        "verdict": None,
        "mistake": None,
        "lines": answer_lines(q) if answer is None and is_graded(q) else [],
    }
    if answer is not None:
        view.update(_answered(page, q, answer))
    return view


# The runtime's header ends with how to answer ("… then press Check"): a released
# page has no control to press, so that line would send the learner looking for one.
# The runtime escapes the phrase, so the paragraph holds no other "</p>".
_HOW = re.compile(r'<p class="samestory-how">[^<]*</p>')


def _without_how(header: str) -> str:
    return _HOW.sub("", header, count=1)


def _answered(page: Page, q: dict[str, Any], answer: GradedAnswer) -> dict[str, Any]:
    """The verdict on the first attempt (the one the score counts), the mistake made,
    and the item lines with the answer."""
    scored = default_scorer()(q, answer.response)
    reflection = answer.response if q["kind"] == "reflect" else None
    return {
        "verdict": page.verdict(q, scored),
        "mistake": mistake_sentence(page, q, scored) if scored.valid else None,
        "lines": item_lines(page, q, scored, reveal=True) if scored.valid else [],
        "reflection": Markup(whole_text(reflection)) if isinstance(reflection, str) else None,
    }


def _move_lines(page: Page, row: Row) -> list[dict[str, Any]]:
    """Per move practised: its name and the learner's first-attempt score of its max."""
    spec = page.spec
    scores = row.move_scores()
    lines = []
    for move, ids in row.key.moves.items():
        question = next(q for q in spec["questions"] if q["id"] == ids[0])
        found = move_of(question, spec)
        name = found["name"] if found else move
        lines.append({"name": name, "score": page.say.score(scores[move]), "max": len(ids)})
    return lines


def _report(book: Gradebook, released: list[Released], out_dir: Path, every: bool) -> None:
    for report in sorted(book.reports, key=lambda r: r.file):
        print(printable(str(report)), file=sys.stderr)  # a learner chose the file name
    what = "module" if every else "test"
    print(
        f"{len(released)} feedback page(s), one per learner and {what}, "
        f"in {out_dir} (index.html lists them).",
        file=sys.stderr,
    )
