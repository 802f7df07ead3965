"""``samestory key``: the answer key as JSON, or a printable key for teachers.

The JSON contract is ``{story: {module: {question id: {"kind", "answer"}}}}`` where
each answer is a response that scores 1.0. ``reflect`` questions are ungraded and
have no right answer: they are listed with ``"answer": null`` so the key still
names every question of a module.

``--printable`` gives Markdown, or HTML when the output file name ends in ``.html``:
per module each question's prompt, its right answer in words, the explanation and
the passages it is about, quoted from the sources.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from .distractors import format_value
from .i18n import N_, current_language, gettext, speaking
from .i18n import pgettext as lookup
from .questions import module_specs, source_labels
from .templating import macro, render

_WHITE_SPACE = re.compile(r"\s+")


def write_key(corpus: Path, output: Path | None, printable: bool) -> None:
    from .corpus import load_corpus

    stories = [(story, module_specs(story)) for story in load_corpus(corpus)]
    if not printable:
        text = json.dumps(answer_key(stories), ensure_ascii=False, indent=2, sort_keys=True)
        text += "\n"
    else:
        html = output is not None and output.suffix.lower() in (".html", ".htm")
        text = printable_key(stories, "key.html.j2" if html else "key.md.j2")
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    else:
        output.write_text(text, encoding="utf-8")


def answer_key(stories: list[tuple[Any, list[dict[str, Any]]]]) -> dict[str, Any]:
    return {
        story.id: {
            spec["module"]: {q["id"]: key_entry(q) for q in spec["questions"]} for spec in specs
        }
        for story, specs in stories
    }


def key_entry(q: dict[str, Any]) -> dict[str, Any]:
    """``kind`` and ``answer`` (the contract), and ``accept`` (other answers that also
    score 1) when the question has any."""
    entry = {"kind": q["kind"], "answer": q.get("answer")}
    if q.get("accept"):
        entry["accept"] = q["accept"]
    return entry


# ---------------------------------------------------------------- printable key


def printable_key(stories: list[tuple[Any, list[dict[str, Any]]]], template: str) -> str:
    """The printable key in the stories' language when they share one, else English
    (one file, one language: docs/translating.md)."""
    languages = {story.language for story, _specs in stories}
    language = languages.pop() if len(languages) == 1 else "en"
    with speaking(language):
        return render(template, stories=printable_view(stories), language=language)


def printable_view(stories: list[tuple[Any, list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    """What the printable templates show, with every answer already in words."""
    return [
        {
            "title": story.title,
            "modules": [
                {
                    "number": number,
                    "title": spec["title"],
                    "count": len(spec["questions"]),
                    "role": spec.get("role", "practice"),
                    "file": f"{number:02d}-{spec['module']}.ipynb",
                    "questions": module_questions(spec, source_labels(story)),
                }
                for number, spec in enumerate(specs, start=1)
            ],
        }
        for story, specs in stories
    ]


def module_questions(spec: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    """Question views; a claim's passages are quoted at its first question only."""
    first_of_claim: dict[str, int] = {}
    views = []
    for number, q in enumerate(spec["questions"], start=1):
        shown_at = first_of_claim.setdefault(q["claim"], number) if q.get("claim") else number
        views.append(question_view(spec, q, number, labels, shown_at))
    return views


def question_view(
    spec: dict[str, Any], q: dict[str, Any], number: int, labels: dict[str, str], shown_at: int
) -> dict[str, Any]:
    """One question; ``shown_at`` is the question that quotes its claim's passages."""
    claim = spec["claims"].get(q["claim"]) if q.get("claim") else None
    passages = list(claim["passages"]) if claim and shown_at == number else []
    if q["kind"] == "words" and not any(
        (p["source"], p["start"], p["end"]) == (q["source"], q["start"], q["end"]) for p in passages
    ):
        passages.append({"source": q["source"], "start": q["start"], "end": q["end"]})
    return {
        "number": number,
        "id": q["id"],
        "kind": q["kind"],
        "family": q.get("family"),
        "topic": claim["topic"] if claim else None,
        "prompt": q["prompt"],
        "explanation": q.get("explanation"),
        "answer": answer_lines(q),
        "passages": [passage_view(spec, p, labels) for p in passages],
        "passages_at": shown_at if shown_at != number else None,
    }


def passage_view(
    spec: dict[str, Any], passage: dict[str, Any], labels: dict[str, str]
) -> dict[str, Any]:
    source = next(s for s in spec["sources"] if s["id"] == passage["source"])
    text = source["text"][passage["start"] : passage["end"]]
    return {
        "source": labels[source["id"]],
        "outlet": source["outlet"],
        "kind": kind_label(source["kind"]),
        "published": format_value(source["published"]) if source["published"] else None,
        "text": _WHITE_SPACE.sub(" ", text).strip(),
        "note": passage.get("note"),
    }


def kind_label(kind: str) -> str:
    """ "official statement": the label the runtime gives a kind of source, in the
    key's language (the same catalog message)."""
    english = kind.replace("-", " ")
    return lookup(current_language(), "source_kind_" + kind.replace("-", "_"), english)


# What the printable key adds to an answer that is not the only one that scores
# (translated where used, in the key's language).
ALSO_ACCEPTED = N_("also accepted: {}")
OPTIONAL_WORDS = N_("needed or not, never penalised: {}")


def answer_lines(q: dict[str, Any]) -> list[str]:
    """The right answer as a teacher reads it, one or more lines, with the other
    answers that also score 1 (``accept``) and the words never needed
    (``function_words``)."""

    def line(name: str, *args: Any) -> str:
        return str(macro("key.txt.j2", name)(*args)).strip()

    kind, answer = q["kind"], q.get("answer")
    if kind == "choice":
        return [answer, *_also(q.get("accept"))]
    if kind == "multi":
        return list(answer)
    if kind == "match":
        accept = q.get("accept") or {}
        return [
            " ".join(
                [line("match_line", i["label"], answer[i["key"]]), *_also(accept.get(i["key"]))]
            )
            for i in q["items"]
        ]
    if kind == "number":
        tolerance = format_value(q["tolerance"]) if q["tolerance"] else None
        return [line("number", format_value(answer), q.get("unit"), tolerance)]
    if kind == "words":
        optional = set(q.get("function_words") or ()) & set(answer)
        if optional == set(answer):  # scoring ignores such a list: so does the key
            optional = set()
        needed = [q["tokens"][i] for i in answer if i not in optional]
        quoted = ", ".join(f"“{q['tokens'][i]}”" for i in sorted(optional))
        return [
            line("words", needed),
            *([gettext(OPTIONAL_WORDS).format(quoted)] if optional else []),
        ]
    if kind == "order":
        labels = {i["key"]: i["label"] for i in q["items"]}
        return [line("order_line", n, labels[key]) for n, key in enumerate(answer, start=1)]
    return [line("reflect", q.get("min_words", 0))]


def _also(labels: Any) -> list[str]:
    if not labels:
        return []
    return [gettext(ALSO_ACCEPTED).format(", ".join(labels))]
