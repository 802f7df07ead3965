"""The HTML a learner reads: source cards, feedback with passages in context, summary.

Pure functions of the spec, its phrases and a learner's answers (no widgets), so
they are easy to test. Every value from the corpus or the learner goes through
:func:`~.texthtml.esc` (or a helper that escapes) before any tag is added.
"""

from __future__ import annotations

from typing import Any

from .phrases import Phrases
from .records import AnswerState
from .scoring import Scored
from .texthtml import esc, format_number, format_score, snippet, term_spans, whole_text

FAMILIES = ("attribution", "framing", "numeric")

# ipywidgets cuts labels to one line with an ellipsis and sets a short line height in
# HTML widgets; option labels and feedback are sentences, so let them wrap. Scoped
# to .samestory so nothing else in the notebook changes.


class Page:
    def __init__(self, spec: dict[str, Any], say: Phrases) -> None:
        self.spec, self.say = spec, say
        self.sources = {s["id"]: s for s in spec["sources"]}
        self.claims: dict[str, Any] = spec["claims"]

    def wrap(self, inner: str, css_class: str, role: str | None = None) -> str:
        role_attr = f' role="{role}"' if role else ""
        lang = esc(self.say("language"))
        return f'<div class="samestory {css_class}" lang="{lang}"{role_attr}>{inner}</div>'

    def para(self, key: str, **fields: Any) -> str:
        return f"<p>{esc(self.say(key, **fields))}</p>"

    def quoted_list(self, words: list[str]) -> str:
        return self.say("list_separator").join(self.say("quoted", text=w) for w in words)

    # ------------------------------------------------------------ sources

    def source_meta(self, source: dict[str, Any]) -> str:
        kind = source["kind"]
        return self.say(
            "source_meta",
            outlet=source["outlet"],
            kind=self.say.get("source_kind_" + kind.replace("-", "_"), kind),
            date=source.get("published") or self.say("source_date_unknown"),
        )

    def sources_html(self) -> str:
        cards = []
        for source in self.spec["sources"]:
            note = self.para("source_note", note=source["note"]) if source.get("note") else ""
            cards.append(
                '<section class="samestory-source">'
                f"<h3>{esc(source['title'])}</h3><p>{esc(self.source_meta(source))}</p>{note}"
                f"<details><summary>{esc(self.say('source_read'))}</summary>"
                f'<div class="samestory-source-text">{whole_text(source["text"])}</div>'
                "</details></section>"
            )
        return self.wrap("".join(cards), "samestory-sources")

    # ------------------------------------------------------------ feedback

    def verdict(self, question: dict[str, Any], scored: Scored) -> str:
        if not scored.valid:
            return self.say("verdict_invalid")
        if question["kind"] == "reflect":
            return self.say("verdict_saved")
        if scored.correct:
            return self.say("verdict_right")
        if scored.score > 0:
            return self.say("verdict_partly", right=scored.right_items, total=len(scored.items))
        return self.say("verdict_wrong")

    def problem(self, scored: Scored) -> str:
        return self.say(scored.problem_key or "problem_nothing", **dict(scored.problem_args))

    def feedback_html(
        self,
        question: dict[str, Any],
        scored: Scored,
        state: AnswerState,
        *,
        restored_at: str | None = None,
        notice: str | None = None,
    ) -> str:
        """Verdict, attempts, item by item, why, and every passage of the claim."""
        parts = [
            f'<p class="samestory-verdict"><strong>{esc(self.verdict(question, scored))}'
            "</strong></p>"
        ]
        if notice:
            parts.append(f'<p class="samestory-notice">{esc(notice)}</p>')
        if not scored.valid:
            parts += [f"<p>{esc(self.problem(scored))}</p>", self.para("not_counted")]
            return self.wrap("".join(parts), "samestory-feedback", role="status")
        parts.append(self._attempt_html(question, state, restored_at))
        parts.append(self.items_html(question, scored))
        parts.append(
            f"<p><strong>{esc(self.say('why_heading'))}</strong></p>"
            f"{whole_text(question['explanation'])}"
        )
        parts.append(self.passages_html(question))
        return self.wrap("".join(parts), "samestory-feedback", role="status")

    def _attempt_html(self, question: dict[str, Any], state: AnswerState, at: str | None) -> str:
        if question["kind"] == "reflect":
            lines = [self.say("attempt_line_reflect", attempts=state.attempts)]
        else:
            first = format_score(state.first.score if state.first else 0.0)
            lines = [self.say("attempt_line", attempts=state.attempts, first_score=first)]
        if at:
            lines.append(self.say("restored_line", at=at))
        lines.append(self.say("recheck_hint"))
        return "".join(f"<p>{esc(line)}</p>" for line in lines)

    def items_html(self, question: dict[str, Any], scored: Scored) -> str:
        lines = _ITEM_LINES[question["kind"]](self, question, scored)
        if not lines:
            return ""
        listed = "".join(f"<li>{esc(line)}</li>" for line in lines)
        return f"<p><strong>{esc(self.say('items_heading'))}</strong></p><ul>{listed}</ul>"

    def _choice_lines(self, q: dict[str, Any], scored: Scored) -> list[str]:
        _, ok, given, expected = scored.items[0]
        if ok:
            return [self.say("choice_right", given=given)]
        return [self.say("choice_wrong", given=given, expected=expected)]

    def _multi_lines(self, q: dict[str, Any], scored: Scored) -> list[str]:
        lines = []
        for option, _ok, picked, right in scored.items:
            key = "multi_picked_right" if picked and right else "multi_missed"
            key = "multi_picked_wrong" if picked and not right else key
            lines.append(self.say(key, option=option))
        return lines

    def _match_lines(self, q: dict[str, Any], scored: Scored) -> list[str]:
        return [
            self.say("match_right", item=item, given=given)
            if ok
            else self.say("match_wrong", item=item, given=given, expected=expected)
            for item, ok, given, expected in scored.items
        ]

    def _number_lines(self, q: dict[str, Any], scored: Scored) -> list[str]:
        _, ok, given, expected = scored.items[0]
        unit = f" {q['unit']}" if q.get("unit") else ""
        given_text = format_number(given) + unit
        expected_text = format_number(expected) + unit
        key = "number_right" if ok else "number_wrong"
        lines = [self.say(key, given=given_text, expected=expected_text)]
        if float(q.get("tolerance") or 0) > 0:
            lines.append(self.say("number_tolerance", tolerance=format_number(q["tolerance"])))
        return lines

    def _words_lines(self, q: dict[str, Any], scored: Scored) -> list[str]:
        found = [t for t, ok, _s, _a in scored.items if ok]
        extra = [t for t, _ok, selected, framing in scored.items if selected and not framing]
        missed = [t for t, _ok, selected, framing in scored.items if framing and not selected]
        groups = (("words_found", found), ("words_extra", extra), ("words_missed", missed))
        return [self.say(key, words=self.quoted_list(ws)) for key, ws in groups if ws]

    def _order_lines(self, q: dict[str, Any], scored: Scored) -> list[str]:
        return [
            self.say("order_right", position=pos, given=given)
            if ok
            else self.say("order_wrong", position=pos, given=given, expected=expected)
            for pos, ok, given, expected in scored.items
        ]

    # ------------------------------------------------------------ passages

    def passages_html(self, question: dict[str, Any]) -> str:
        claim = self.claims.get(question.get("claim") or "")
        if not claim or not claim["passages"]:
            return ""
        heading = f"<p><strong>{esc(self.say('passages_heading'))}</strong></p>"
        return heading + "".join(self.passage_html(p) for p in claim["passages"])

    def passage_html(self, passage: dict[str, Any]) -> str:
        """One passage in context: its source, the quote marked in ~200 characters
        around it, what this mention credits or counts, and the whole source."""
        source = self.sources[passage["source"]]
        text, start, end = source["text"], passage["start"], passage["end"]
        terms = term_spans(text, start, end, passage.get("terms") or [], "strong")
        primary = self.para("passage_primary") if passage.get("primary") else ""
        facts = "".join(f"<li>{esc(fact)}</li>" for fact in self._passage_facts(passage))
        whole = whole_text(text, [(start, end, "mark"), *terms])
        return (
            '<div class="samestory-passage">'
            f"<p><strong>{esc(source['title'])}</strong><br>{esc(self.source_meta(source))}</p>"
            f"{primary}<blockquote>{snippet(text, start, end, terms)}</blockquote>"
            + (f"<ul>{facts}</ul>" if facts else "")
            + f"<details><summary>{esc(self.say('passage_read_whole'))}</summary>"
            f'<div class="samestory-source-text">{whole}</div></details></div>'
        )

    def _passage_facts(self, passage: dict[str, Any]) -> list[str]:
        facts = []
        if passage.get("credited_to"):
            facts.append(self.say("passage_credited_to", who=passage["credited_to"]))
        value = passage.get("value")
        if value is not None and not isinstance(value, bool):
            figure = format_number(value) if isinstance(value, int | float) else str(value)
            figure += f" {passage['unit']}" if passage.get("unit") else ""
            key = "passage_figure_approx" if passage.get("approx") else "passage_figure"
            facts.append(self.say(key, figure=figure))
        if passage.get("terms"):
            facts.append(self.say("passage_terms", terms=self.quoted_list(passage["terms"])))
        if passage.get("frame"):
            facts.append(self.say("passage_frame", frame=passage["frame"]))
        if passage.get("note"):
            facts.append(self.say("passage_note", note=passage["note"]))
        return facts

    # ------------------------------------------------------------ summary

    def summary_html(self, states: dict[str, AnswerState]) -> str:
        """Score, per-family breakdown, and what to remember: the explanations of the
        questions whose first attempt was not fully right (else the objectives)."""
        questions = self.spec["questions"]
        graded = [q for q in questions if q.get("graded", q["kind"] != "reflect")]
        checked = [q for q in questions if states[q["id"]].attempts]
        if not checked:
            return self.wrap(self.para("summary_nothing_yet"), "samestory-summary")
        total = sum(_first_score(states[q["id"]]) for q in graded)
        parts = [
            "<p><strong>"
            + esc(self.say("summary_score", score=format_score(total), max_score=len(graded)))
            + "</strong></p>",
            self._families_html(graded, states),
        ]
        if len(checked) < len(questions):
            unchecked = len(questions) - len(checked)
            parts.append(self.para("summary_unchecked", count=unchecked, total=len(questions)))
        parts.append(self._remember_html(graded, states))
        return self.wrap("".join(parts), "samestory-summary")

    def _families_html(self, graded: list[dict[str, Any]], states: dict[str, AnswerState]) -> str:
        rows = []
        for family in (*FAMILIES, None):
            members = [
                q
                for q in graded
                if (q.get("family") if q.get("family") in FAMILIES else None) == family
            ]
            if not members:
                continue
            rows.append(
                self.say(
                    "summary_family",
                    family=self.say(f"family_{family or 'other'}"),
                    score=format_score(sum(_first_score(states[q["id"]]) for q in members)),
                    max_score=len(members),
                )
            )
        return "<ul>" + "".join(f"<li>{esc(row)}</li>" for row in rows) + "</ul>"

    def _remember_html(self, graded: list[dict[str, Any]], states: dict[str, AnswerState]) -> str:
        missed = [q for q in graded if states[q["id"]].first and states[q["id"]].first.score < 1.0]
        explanations = list(dict.fromkeys(q["explanation"] for q in missed))
        if explanations:
            heading = f"<p><strong>{esc(self.say('summary_remember_heading'))}</strong></p>"
            return heading + "".join(whole_text(e) for e in explanations)
        parts = (
            [self.para("summary_all_right")] if all(states[q["id"]].first for q in graded) else []
        )
        objectives = [o for o in self.spec.get("objectives") or [] if isinstance(o, str)]
        if objectives:
            parts.append(f"<p><strong>{esc(self.say('summary_objectives_heading'))}</strong></p>")
            parts.append("<ul>" + "".join(f"<li>{esc(o)}</li>" for o in objectives) + "</ul>")
        return "".join(parts)


def _first_score(state: AnswerState) -> float:
    return state.first.score if state.first else 0.0


_ITEM_LINES = {
    "choice": Page._choice_lines,
    "multi": Page._multi_lines,
    "match": Page._match_lines,
    "number": Page._number_lines,
    "words": Page._words_lines,
    "order": Page._order_lines,
    "reflect": lambda page, q, scored: [],
}
