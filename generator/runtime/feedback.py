"""The feedback under a question, in the order a learner needs it (issue 10, item 6).

First the verdict and one sentence about the mistake actually made (the question's
``why`` for the option chosen, else a generic line). After a first miss: the hint and
the move, item lines that say what is wrong but not what is right, and a new try.
Once the answer is shown (right, a second miss, or "Show the answer"): the item lines
with the answer, and under "More" the explanation (once per claim: under the claim's
last question, so that it answers nothing still to come) and the passages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .evidence import evidence_of, move_line, passage_html
from .records import AnswerState
from .scoring import Scored
from .texthtml import esc, term_spans, whole_text


@dataclass(frozen=True)
class Stage:
    """How much the feedback may say. ``hint``: a first miss, the answer not shown
    yet. ``explained_by``: the heading of the question whose feedback already carries
    this claim's explanation (None: this one carries it)."""

    hint: bool = False
    explained_by: str | None = None
    restored_at: str | None = None
    notice: str | None = None


def feedback_html(
    page: Any, q: dict[str, Any], scored: Scored, state: AnswerState, stage: Stage
) -> str:
    parts = [f'<p class="samestory-verdict"><strong>{esc(page.verdict(q, scored))}</strong></p>']
    if stage.notice:
        parts.append(f'<p class="samestory-notice">{esc(stage.notice)}</p>')
    if not scored.valid:
        parts += [f"<p>{esc(page.problem(scored))}</p>", page.para("not_counted")]
        return page.wrap("".join(parts), "samestory-feedback", role="status")
    mistake = mistake_sentence(page, q, scored)
    if mistake:
        parts.append(f'<p class="samestory-mistake">{esc(mistake)}</p>')
    if stage.hint:
        parts.append(_hint_html(page, q, scored))
    else:
        lines = item_lines(page, q, scored, reveal=True)
        more = [_attempt_html(page, q, state, stage.restored_at)]
        if scored.correct or q["kind"] == "reflect":
            more.insert(0, _list_html(page, lines))
        else:
            parts.append(_list_html(page, lines))
        more += [_explanation_html(page, q, stage), _passages_html(page, q)]
        parts.append(
            f'<details class="samestory-more"><summary>{esc(page.say("feedback_more"))}'
            f"</summary>{''.join(more)}</details>"
        )
    return page.wrap("".join(parts), "samestory-feedback", role="status")


def recorded_html(
    page: Any, q: dict[str, Any], scored: Scored, state: AnswerState, stage: Stage
) -> str:
    """A test's feedback (:mod:`.testmode`): the answer is recorded, and nothing says
    whether it is right; which answer counts (the first) is said every time."""
    if not scored.valid:
        return feedback_html(page, q, scored, state, stage)
    from .records import local_time

    lines = [page.say("test_recorded_again", attempts=state.attempts)] if state.attempts > 1 else []
    lines.append(page.say("test_first_counts"))
    if stage.restored_at:
        lines.append(page.say("restored_line", at=local_time(stage.restored_at)))
    parts = [f'<p class="samestory-verdict"><strong>{esc(page.say("test_recorded"))}</strong></p>']
    if stage.notice:
        parts.append(f'<p class="samestory-notice">{esc(stage.notice)}</p>')
    parts += [f"<p>{esc(line)}</p>" for line in lines]
    return page.wrap("".join(parts), "samestory-feedback", role="status")


def _hint_html(page: Any, q: dict[str, Any], scored: Scored) -> str:
    hint = q.get("hint") if isinstance(q.get("hint"), str) and q["hint"].strip() else None
    text = page.say("hint_line", hint=hint) if hint else page.say("hint_generic")
    return (
        f'<div class="samestory-hint"><p><strong>{esc(text)}</strong></p>'
        f"{move_line(page, q)}{_list_html(page, item_lines(page, q, scored, reveal=False))}"
        f"{page.para('try_again')}</div>"
    )


def _list_html(page: Any, lines: list[str]) -> str:
    if not lines:
        return ""
    listed = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return f"<p><strong>{esc(page.say('items_heading'))}</strong></p><ul>{listed}</ul>"


def _attempt_html(page: Any, q: dict[str, Any], state: AnswerState, at: str | None) -> str:
    from .records import local_time

    if q["kind"] == "reflect":
        lines = [page.say("attempt_line_reflect", attempts=state.attempts)]
    else:
        first = page.say.score(state.first.score if state.first else 0.0)
        lines = [page.say("attempt_line", attempts=state.attempts, first_score=first)]
    if at:
        lines.append(page.say("restored_line", at=local_time(at, page.say.months())))
    lines.append(page.say("recheck_hint"))
    return "".join(f"<p>{esc(line)}</p>" for line in lines)


def _explanation_html(page: Any, q: dict[str, Any], stage: Stage) -> str:
    heading = f"<p><strong>{esc(page.say('why_heading'))}</strong></p>"
    if stage.explained_by is not None:
        return heading + page.para("why_see_other", heading=stage.explained_by)
    return heading + whole_text(q["explanation"])


def _passages_html(page: Any, q: dict[str, Any]) -> str:
    """The question's passages; framing words are marked only for a words question
    (its own answer, once shown), never to answer another question."""
    passages = evidence_of(q, page.spec)
    if not passages:
        return ""
    parts = [f"<p><strong>{esc(page.say('passages_heading'))}</strong></p>"]
    claim = page.claims.get(q.get("claim") or "")
    mentions = {(m["source"], m["start"], m["end"]): m for m in claim["passages"]} if claim else {}
    for p in passages:
        mention = mentions.get((p["source"], p["start"], p["end"]), p)
        text = page.sources[p["source"]]["text"]
        terms = mention.get("terms") if q["kind"] == "words" else None
        spans = term_spans(text, p["start"], p["end"], terms or [], "strong")
        note = mention.get("note")
        note = page.para("passage_note", note=note) if note else ""
        parts.append(passage_html(page, p, lead=note, terms=spans))
    return "".join(parts)


# ---------------------------------------------------------------- the learner's mistake


def mistake_sentence(page: Any, q: dict[str, Any], scored: Scored) -> str | None:
    """Why the option chosen is wrong here (``why``), else a generic line."""
    if scored.correct or q["kind"] == "reflect":
        return None
    why = q.get("why") if isinstance(q.get("why"), dict) else {}
    for sentence in _why_candidates(q, scored, why):
        if isinstance(sentence, str) and sentence.strip():
            return sentence
    return page.say("mistake_partly" if scored.score > 0 else "mistake_generic")


def _why_candidates(q: dict[str, Any], scored: Scored, why: dict[str, Any]) -> list[Any]:
    kind, response = q["kind"], scored.response
    if kind == "choice":
        return [why.get(response)]
    if kind == "multi":
        return [why.get(label) for label in response if label not in q["answer"]]
    if kind == "match":
        keys = [item["key"] for item in q["items"]]
        wrong = [key for key, item in zip(keys, scored.items, strict=False) if not item[1]]
        return [(why.get(key) or {}).get(response.get(key)) for key in wrong]
    return []


# ---------------------------------------------------------------- item by item


def item_lines(page: Any, q: dict[str, Any], scored: Scored, *, reveal: bool) -> list[str]:
    """Item lines; without ``reveal`` they say what is wrong, never what is right."""
    return _ITEM_LINES[q["kind"]](page, q, scored, reveal)


def _choice_lines(page: Any, q: dict[str, Any], scored: Scored, reveal: bool) -> list[str]:
    _, ok, given, expected = scored.items[0]
    if ok:
        return [page.say("choice_right", given=given)]
    return [page.say("choice_wrong", given=given, expected=expected)] if reveal else []


def _multi_lines(page: Any, q: dict[str, Any], scored: Scored, reveal: bool) -> list[str]:
    lines = []
    for option, _ok, picked, right in scored.items:
        if not picked and not reveal:
            continue  # which ones were missed is the answer
        key = "multi_picked_right" if picked and right else "multi_missed"
        key = "multi_picked_wrong" if picked and not right else key
        lines.append(page.say(key, option=option))
    return lines


def _match_lines(page: Any, q: dict[str, Any], scored: Scored, reveal: bool) -> list[str]:
    return _per_item_lines(page, scored, reveal, "match", "item")


def _number_lines(page: Any, q: dict[str, Any], scored: Scored, reveal: bool) -> list[str]:
    _, ok, given, expected = scored.items[0]
    unit = f" {q['unit']}" if q.get("unit") else ""
    given_text, expected_text = page.say.number(given) + unit, page.say.number(expected) + unit
    if not ok and not reveal:
        return [page.say("number_wrong_hint", given=given_text)]
    key = "number_right" if ok else "number_wrong"
    lines = [page.say(key, given=given_text, expected=expected_text)]
    if float(q.get("tolerance") or 0) > 0:
        lines.append(page.say("number_tolerance", tolerance=page.say.number(q["tolerance"])))
    return lines


def _words_lines(page: Any, q: dict[str, Any], scored: Scored, reveal: bool) -> list[str]:
    found = [t for t, ok, _s, _a in scored.items if ok]
    extra = [t for t, _ok, selected, framing in scored.items if selected and not framing]
    missed = [t for t, _ok, selected, framing in scored.items if framing and not selected]
    groups = [("words_found", found), ("words_extra", extra)]
    if reveal:
        groups.append(("words_missed", missed))
    return [page.say(key, words=page.quoted_list(ws)) for key, ws in groups if ws]


def _order_lines(page: Any, q: dict[str, Any], scored: Scored, reveal: bool) -> list[str]:
    return _per_item_lines(page, scored, reveal, "order", "position")


def _per_item_lines(page: Any, scored: Scored, reveal: bool, kind: str, field: str) -> list[str]:
    """A line per item: right, wrong with the answer once revealed, else wrong only
    (``<kind>_right`` / ``<kind>_wrong`` / ``<kind>_wrong_hint``)."""
    lines = []
    for label, ok, given, expected in scored.items:
        fields = {field: label, "given": given}
        if ok:
            key = f"{kind}_right"
        elif reveal:
            key, fields["expected"] = f"{kind}_wrong", expected
        else:
            key = f"{kind}_wrong_hint"
        lines.append(page.say(key, **fields))
    return lines


_ITEM_LINES = {
    "choice": _choice_lines,
    "multi": _multi_lines,
    "match": _match_lines,
    "number": _number_lines,
    "words": _words_lines,
    "order": _order_lines,
    "reflect": lambda page, q, scored, reveal: [],
}
