"""What a learner reads beside a question's controls: its heading, the move it
practises, the statement, and the passages it is about (issue 10, "Evidence beside
every question").

Plain HTML with no script and no ids, because JupyterLab and Voila sanitise outputs
differently: "Read the whole source" opens *at* the passage by putting the text
before the passage's paragraph into a nested, closed <details>, so the highlight is
the first thing in the box, whatever the front end does with anchors or scrolling.
"""

from __future__ import annotations

import re
from typing import Any

from .records import heading_of
from .texthtml import esc, snippet, whole_text

# A paragraph break, as texthtml.whole_text splits paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
CONTEXT = 60  # characters of context on each side of a passage shown beside a question


def evidence_of(question: dict[str, Any], spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The passages to show: the question's ``evidence``; for an older spec without
    it, every passage of the question's claim."""
    evidence = question.get("evidence")
    if isinstance(evidence, list):
        return evidence
    claim = spec["claims"].get(question.get("claim") or "")
    return list(claim["passages"]) if claim else []


def move_of(question: dict[str, Any], spec: dict[str, Any]) -> dict[str, str] | None:
    """``{"name", "rule"}`` of the question's move, when the spec defines it."""
    move = (spec.get("moves") or {}).get(question.get("move") or "")
    return move if isinstance(move, dict) and isinstance(move.get("name"), str) else None


def move_line(page: Any, question: dict[str, Any]) -> str:
    move = move_of(question, page.spec)
    if move is None:
        return ""
    text = page.say("move_line", name=move["name"], rule=move.get("rule") or "")
    return f'<p class="samestory-move">{esc(text.rstrip(" —:"))}</p>'


def header_html(page: Any, question: dict[str, Any], number: int, total: int) -> str:
    """Heading, move, prompt, statement and how to answer: above the controls."""
    heading = page.say(
        "question_heading",
        number=number,
        total=total,
        heading=heading_of(question, page.spec),
    )
    # h4: the notebook's Markdown cell above holds the question's h3 ("Question 2 of 9").
    parts = [f'<h4 class="samestory-heading">{esc(heading)}</h4>', move_line(page, question)]
    parts.append(f'<div class="samestory-prompt-text">{whole_text(question["prompt"])}</div>')
    statement = question.get("statement")
    if isinstance(statement, str) and statement.strip():
        parts.append(
            f'<p class="samestory-statement-label">{esc(page.say("statement_label"))}</p>'
            f'<blockquote class="samestory-statement">{esc(statement)}</blockquote>'
        )
    parts.append(f'<p class="samestory-how">{esc(page.say("how_" + question["kind"]))}</p>')
    return page.wrap("".join(parts), "samestory-prompt")


def evidence_html(page: Any, question: dict[str, Any], *, hinted: bool = False) -> str:
    """The passages beside the controls; after a first miss (``hinted``) they are
    pointed at in words, not only by a stronger outline of the marked words."""
    passages = evidence_of(question, page.spec)
    if not passages:
        return ""
    look = f'<p class="samestory-look">{esc(page.say("evidence_look_here"))}</p>' if hinted else ""
    body = look + "".join(passage_html(page, p) for p in passages)
    name = esc(page.say("evidence_heading"))
    heading = f'<p class="samestory-evidence-heading">{name}</p>'
    # On a phone the passages come above the controls: in a box of their own that
    # scrolls (and takes the keyboard), so that Check stays within the same screen.
    scroll = (
        f'<div class="samestory-evidence-scroll" tabindex="0" role="region" aria-label="{name}">'
    )
    css = "samestory-evidence samestory-hinted" if hinted else "samestory-evidence"
    return page.wrap(f"{heading}{scroll}{body}</div>", css)


def passage_html(page: Any, passage: dict[str, Any], *, lead: str = "", terms=()) -> str:
    """One passage: its source, ~``CONTEXT`` characters either side with the passage
    marked, and the whole source opening at the passage."""
    source = page.sources[passage["source"]]
    text, start, end = source["text"], passage["start"], passage["end"]
    return (
        '<div class="samestory-passage">'
        f"<p><strong>{esc(source['title'])}</strong><br>{esc(page.source_meta(source))}</p>"
        f"{lead}<blockquote>{snippet(text, start, end, terms, around=CONTEXT)}</blockquote>"
        f"<details><summary>{esc(page.say('passage_read_whole'))}</summary>"
        f"{whole_from_passage(page, text, start, end, terms)}</details></div>"
    )


def whole_from_passage(page: Any, text: str, start: int, end: int, terms=()) -> str:
    """The whole text, opening at the paragraph that holds the passage: what comes
    before it is one click away in a closed <details> of its own."""
    cut = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.end() > start:
            break
        cut = match.end()
    spans = [(start - cut, end - cut, "mark"), *((s - cut, e - cut, t) for s, e, t in terms)]
    rest = f'<div class="samestory-source-text">{whole_text(text[cut:], spans)}</div>'
    if not text[:cut].strip():
        return rest
    before = whole_text(text[:cut])
    return (
        f'<details class="samestory-before"><summary>{esc(page.say("evidence_before"))}'
        f'</summary><div class="samestory-source-text">{before}</div></details>{rest}'
    )
