"""The corpus rules a JSON Schema cannot express: ids, references, family fields.

Each check appends problems to a :class:`Context`; none raises, so one run reports
every problem of a story.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from .authoring.figures import parse_figure
from .errors import Problem
from .yamlsource import LoadedYaml

# Mention keys that only make sense for one family.
FAMILY_KEYS = {
    "attribution": {"credited_to", "also"},
    "numeric": {"value", "unit", "approx", "credited_to", "inferred"},
    "framing": {"terms", "frame", "also", "words_passage"},
}
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
REQUIRED_KEY = {"attribution": "credited_to", "numeric": "value", "framing": "terms"}
# The answer field that a mention's `also` adds other accepted values to, by family.
ALSO_FIELD = {"attribution": "credited_to", "framing": "frame"}


# How one item of a top-level list is named in a message: by its id, never its position.
_ITEM_NAMES = {"sources": "source", "claims": "claim", "modules": "module", "questions": "question"}


def where_text(data: object, path: tuple) -> str:
    """A YAML path as a teacher reads it.

    ``("claims", 3, "mentions", 1, "value")`` → ``claim 'airport-seized', mention 2
    (source mfa-commentary), value``: items of the top-level lists by id (their
    position, counted from 1, only when the id is missing), mentions by number and
    source, other list items by number from 1.
    """
    parts: list[str] = []
    node = data
    for depth, key in enumerate(path):
        parent_key = path[depth - 1] if depth else None
        child = _child(node, key)
        if isinstance(key, int) and depth == 1 and parent_key in _ITEM_NAMES:
            parts[-1] = _named(_ITEM_NAMES[parent_key], child, key)
        elif isinstance(key, int) and parent_key == "mentions":
            source = child.get("source") if isinstance(child, dict) else None
            parts[-1] = f"mention {key + 1}" + (
                f" (source {source})" if isinstance(source, str) else ""
            )
        elif isinstance(key, int):
            parts[-1] = f"{parts[-1]} item {key + 1}" if parts else f"item {key + 1}"
        else:
            parts.append(str(key))
        node = child
    return ", ".join(parts) or "(top level)"


def _child(node: object, key: object) -> object:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    return None


def _named(kind: str, item: object, index: int) -> str:
    ident = item.get("id") if isinstance(item, dict) else None
    if not isinstance(ident, str):
        return f"{kind} {index + 1} (no id)"
    return f"{kind} '{ident if len(ident) <= 40 else ident[:39] + '…'}'"  # an id too long


@dataclass
class Context:
    loaded: LoadedYaml
    path: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: tuple, message: str, *, located: bool = True) -> None:
        """Report ``message`` at the line of ``where``, led by the claim, mention,
        source, module or question it is about (``located=False`` when the message
        names it already)."""
        if located and len(where) > 1 and where[0] in _ITEM_NAMES and isinstance(where[1], int):
            # The item, not the key: the line points at the key, and the message names it.
            item = list(where)
            while isinstance(item[-1], str):
                item.pop()
            message = f"{where_text(self.loaded.data, tuple(item))}: {message}"
        self.problems.append(Problem(self.path, self.loaded.line(where), message))


def unique_ids(ctx: Context, data: dict) -> None:
    for section in ("sources", "claims", "modules", "questions"):
        counts = Counter(item["id"] for item in data.get(section, []))
        seen: set[str] = set()
        for index, item in enumerate(data.get(section, [])):
            if counts[item["id"]] > 1 and item["id"] in seen:
                ctx.add(
                    (section, index, "id"),
                    f"{section} id '{item['id']}' is used more than "
                    "once — give each a different id",
                    located=False,
                )
            seen.add(item["id"])
    for index, source in enumerate(data["sources"]):
        _check_date(ctx, ("sources", index, "published"), source.get("published"))


def _check_date(ctx: Context, where: tuple, value: object) -> None:
    if not isinstance(value, str):
        return
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        ctx.add(where, f"'{value}' is not a real date — write YYYY-MM-DD")


def references(ctx: Context, data: dict) -> None:
    sources = {s["id"] for s in data["sources"]}
    claims = {c["id"] for c in data["claims"]}
    modules = {m["id"] for m in data["modules"]}
    for c_index, claim in enumerate(data["claims"]):
        for m_index, mention in enumerate(claim["mentions"]):
            if mention["source"] not in sources:
                ctx.add(
                    ("claims", c_index, "mentions", m_index, "source"),
                    _unknown("source", mention["source"], sources),
                )
    for m_index, module in enumerate(data["modules"]):
        for k, claim_id in enumerate(module["claims"]):
            if claim_id not in claims:
                ctx.add(("modules", m_index, "claims", k), _unknown("claim", claim_id, claims))
        for claim_id, count in Counter(module["claims"]).items():
            if count > 1:
                ctx.add(
                    ("modules", m_index, "claims"),
                    f"claim '{claim_id}' is listed {count} times — list it once",
                )
    for q_index, question in enumerate(data.get("questions", [])):
        if question["module"] not in modules:
            ctx.add(
                ("questions", q_index, "module"), _unknown("module", question["module"], modules)
            )
        if "claim" in question and question["claim"] not in claims:
            ctx.add(("questions", q_index, "claim"), _unknown("claim", question["claim"], claims))
        if question.get("source") is not None and question["source"] not in sources:
            ctx.add(
                ("questions", q_index, "source"), _unknown("source", question["source"], sources)
            )


def _unknown(what: str, value: str, known: set[str]) -> str:
    listed = ", ".join(sorted(known)) or "none defined"
    return f"unknown {what} '{value}' — use one of the {what} ids of this story ({listed})"


def family_fields(ctx: Context, where: tuple, family: str, mention: dict) -> None:
    required = REQUIRED_KEY[family]
    if required not in mention:
        ctx.add(
            where,
            f"{_article(family).capitalize()} {family} mention needs '{required}:' — add it "
            "(see docs/authoring.md)",
        )
    foreign = set(mention) & set().union(*FAMILY_KEYS.values()) - FAMILY_KEYS[family]
    for key in sorted(foreign):
        ctx.add(
            (*where, key),
            f"'{key}' does not apply to {_article(family)} {family} claim — remove it, or "
            "change the claim's family",
        )
    for t_index, term in enumerate(mention.get("terms", [])):
        if term not in mention["quote"]:
            ctx.add(
                (*where, "terms", t_index),
                f"term '{term}' is not part of this mention's "
                "quote — copy it verbatim from the quote",
            )
    value = mention.get("value")
    if isinstance(value, str) and ISO_DATE.match(value):  # else a figure in words
        _check_date(ctx, (*where, "value"), value)


def figure(ctx: Context, where: tuple, mention: dict, language: str) -> tuple[object, bool]:
    """A mention's ``value`` and ``approx`` as the model keeps them: a figure written in
    words ("about 4.2 million") becomes a number, its hedge ``approx: true``."""
    value, approx = mention.get("value"), mention.get("approx")
    if not isinstance(value, str) or ISO_DATE.match(value):
        return value, bool(approx)
    parsed = parse_figure(value, language)
    if parsed.problem is not None:
        ctx.add((*where, "value"), parsed.problem)
        return None, bool(approx)
    if approx is False and parsed.approx:
        ctx.add(
            (*where, "approx"),
            f"value '{value}' says the figure is approximate, but approx: is false — "
            "remove approx: false, or the hedge word from value:",
        )
    return parsed.value, bool(approx) or parsed.approx


def round_three_fields(ctx: Context, data: dict) -> None:
    """The optional fields of round three: `also`, `inferred`, omissions, `not_quoted`."""
    used = {
        field: {m[field] for c in data["claims"] for m in c["mentions"] if field in m}
        for field in set(ALSO_FIELD.values())
    }
    sources = {s["id"] for s in data["sources"]}
    for c_index, claim in enumerate(data["claims"]):
        where = ("claims", c_index)
        for m_index, mention in enumerate(claim["mentions"]):
            _also(ctx, (*where, "mentions", m_index), claim["family"], mention, used)
            if mention.get("inferred") and "note" not in mention:
                ctx.add(
                    (*where, "mentions", m_index, "inferred"),
                    "an inferred figure needs a note: — say how the value follows from the "
                    "quote (e.g. which weekday it is)",
                )
        _words_passage(ctx, where, claim)
        _omissions(ctx, where, claim, sources)
        _not_quoted(ctx, where, claim)


def _also(ctx: Context, where: tuple, family: str, mention: dict, used: dict) -> None:
    field = ALSO_FIELD.get(family)
    if field is None or "also" not in mention:
        return  # `also` on a numeric mention is reported by family_fields
    if field not in mention:
        ctx.add(
            (*where, "also"),
            f"'also' lists other {field} values, but this mention has no {field}: — "
            f"add {field}: first, or remove also:",
        )
        return
    _duplicates(ctx, (*where, "also"), mention["also"], "also value")
    for a_index, value in enumerate(mention["also"]):
        if value == mention[field]:
            ctx.add(
                (*where, "also", a_index),
                f"also value '{value}' is this mention's own {field} — list only other "
                "answers that should also score",
            )
        elif value not in used[field]:
            ctx.add(
                (*where, "also", a_index),
                f"also value '{value}' is not a {field} of any mention of this story, so "
                f"no learner can choose it — copy a {field} value used elsewhere "
                "(spelled exactly alike)",
            )


def _words_passage(ctx: Context, where: tuple, claim: dict) -> None:
    chosen = [i for i, m in enumerate(claim["mentions"]) if m.get("words_passage")]
    for m_index in chosen[1:]:
        ctx.add(
            (*where, "mentions", m_index, "words_passage"),
            f"words_passage: true is on {len(chosen)} mentions of this claim — the words "
            "question shows one passage: keep it on one mention",
        )


def _omissions(ctx: Context, where: tuple, claim: dict, sources: set[str]) -> None:
    omitted = claim.get("omitted_by", [])
    if omitted and "omission_note" not in claim:
        ctx.add(
            (*where, "omitted_by"),
            "omitted_by needs an omission_note: — say what these texts leave out, so the "
            "feedback can explain it",
        )
    if "omission_note" in claim and not omitted:
        ctx.add(
            (*where, "omission_note"),
            "omission_note without omitted_by — list the sources that leave the point "
            "out, or remove the note",
        )
    mentioned = {m["source"] for m in claim["mentions"]}
    _duplicates(ctx, (*where, "omitted_by"), omitted, "source")
    for o_index, source in enumerate(omitted):
        if source not in sources:
            ctx.add((*where, "omitted_by", o_index), _unknown("source", source, sources))
        elif source in mentioned:
            ctx.add(
                (*where, "omitted_by", o_index),
                f"'{source}' has a mention in this claim, so it does not leave the point "
                "out — remove it from omitted_by, or remove its mention",
            )


def _not_quoted(ctx: Context, where: tuple, claim: dict) -> None:
    texts = [
        claim["topic"],
        claim["explanation"],
        claim.get("omission_note", ""),
        *(m.get("note", "") for m in claim["mentions"]),
    ]
    folded = " ".join(" ".join(texts).split()).casefold()
    for p_index, phrase in enumerate(claim.get("not_quoted", [])):
        if " ".join(phrase.split()).casefold() not in folded:
            ctx.add(
                (*where, "not_quoted", p_index),
                f"not_quoted phrase '{phrase}' occurs in none of this claim's topic, "
                "explanation or notes — remove it, or copy it exactly",
            )


def hand_questions(ctx: Context, data: dict) -> None:
    for index, q in enumerate(data.get("questions", [])):
        where = ("questions", index)
        kind = q["kind"]
        if kind in ("choice", "multi"):
            _duplicates(ctx, (*where, "options"), q["options"], "option")
            answers = [q["answer"]] if kind == "choice" else q["answer"]
            for a in answers:
                if a not in q["options"]:
                    ctx.add(
                        (*where, "answer"),
                        f"answer '{a}' is not one of the options — copy it from options:",
                    )
        elif kind in ("match", "order"):
            _duplicates(ctx, (*where, "items"), [i["key"] for i in q["items"]], "item key")
        elif kind == "words":
            for t_index, term in enumerate(q["terms"]):
                if term not in q["quote"]:
                    ctx.add(
                        (*where, "terms", t_index),
                        f"term '{term}' is not part of the "
                        "question's quote — copy it verbatim from the quote",
                    )


def _duplicates(ctx: Context, where: tuple, values: list, what: str) -> None:
    for value, count in Counter(values).items():
        if count > 1:
            ctx.add(where, f"{what} '{value}' appears {count} times — list it once")


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
