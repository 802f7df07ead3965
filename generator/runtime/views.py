"""The HTML a learner reads, common parts: wrapping, phrases, source cards, verdicts.

The question's evidence is in :mod:`.evidence`, its feedback in :mod:`.feedback`, the
summary in :mod:`.summary`. Pure functions of the spec, its phrases and a learner's
answers (no widgets), so they are easy to test. Every value from the corpus or the
learner goes through :func:`~.texthtml.esc` (or a helper that escapes) before any tag
is added.
"""

from __future__ import annotations

from typing import Any

from .phrases import Phrases
from .scoring import Scored
from .texthtml import esc, whole_text


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
