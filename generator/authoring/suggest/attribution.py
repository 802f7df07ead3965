"""Whom a passage credits, guessed from its attribution cues.

The cues are the ones news writing uses: "according to X", "X said", "said X",
"X told …", "X noted/added/stressed …", and quotation marks or guillemets whose
speaker is named by a cue elsewhere in the paragraph. A sentence with no cue is the
text's own voice ("no one"). A pronoun ("he said") is read as the last person the
text credited by name. The guess is a draft for the teacher, never an answer key:
the draft's comments say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .texts import Sentence, Text

NO_ONE = "no one"
_VERBS = (
    "said|says|say|noted|added|adds|stressed|told|stated|reported|accused|"
    "asserted|remarked|emphasized|emphasised|concluded|reiterated|explained|claimed|"
    "announced|insisted|argued|warned|confirmed|wrote|believes|believed"
)
# A credit: a few words without clause punctuation, not starting a clause of its own.
_NAME = r"(?!(?:that|this|it|there|which|what|while|if)\b)[^,.;:!?“”\"«»]{2,70}?"
_ACCORDING = re.compile(rf"\b[Aa]ccording to (?:the )?({_NAME})(?=[,.;:]|$)")
# "…, said Erzhan Kazykhan, special representative …." / "…,” the diplomat noted."
_AFTER = re.compile(
    rf"[,”\"»]\s*(?:({_VERBS})\s+({_NAME})|({_NAME})\s+(?:also\s+)?({_VERBS})"
    r"(?:\s+[A-Z][\w.]*)?)(?:,[^.]*|\s+(?:in|on|at|to)\b[^.]*)?[.!?]?\s*$"
)
# "Orazbay told the Tehran Times that …" / "In a speech on Friday, Tokayev said …"
_BEFORE = re.compile(
    rf"^(?:[^,“”\"«»]*,\s*)?((?:The\s+|the\s+)?(?:[\w’'-]+\s+){{0,4}}?[\w’'-]+),?\s+"
    rf"(?:also\s+)?({_VERBS})\b"
)
_NOT_A_CREDIT = re.compile(r"\b(?:has|have|had|was|were|is|are|been|be|will|would)\s*$")
_PRONOUNS = {"he", "she", "they", "it"}
# "the diplomat said" in a text that has named its diplomat is that person.
_ROLES = frozenset(
    [
        "diplomat",
        "ambassador",
        "minister",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "mayor",
        "envoy",
        "governor",
        "leader",
        "representative",
        "official",
        "chairman",
    ]
)
# Plural common nouns (and sources that are not speakers) that credit nobody in
# particular.
UNNAMED = frozenset(
    [
        "officials",
        "authorities",
        "sources",
        "insiders",
        "experts",
        "critics",
        "observers",
        "analysts",
        "diplomats",
        "witnesses",
        "residents",
        "people",
        "groups",
        "data",
        "reports",
        "estimates",
        "figures",
    ]
)
_LEAD = re.compile(r"^(?:the|a|an|one|some|several|many|also)\s+", re.I)
_QUOTES = '“”"«»'


@dataclass(frozen=True)
class Credit:
    label: str  # as the text words it, cleaned ("Erzhan Kazykhan", "authorities")
    kind: str  # "named" | "unnamed" | "institution" | "nobody"
    cue: str  # the cue that gave it ("according to", "said", "quotation", "")

    @property
    def shown(self) -> str:
        return self.label if self.kind != "unnamed" else f"{self.label} (unnamed)"


def credit_kind(label: str) -> str:
    if label == NO_ONE:
        return "nobody"
    words = label.split()
    head = words[-1].casefold() if words else ""
    if head in UNNAMED or words and words[0].casefold() in ("some", "several"):
        return "unnamed"
    if any(w[:1].isupper() for w in words) and not _INSTITUTION.search(label):
        return "named"
    return "institution"


_INSTITUTION = re.compile(
    r"\b(?:[Mm]inistry|[Aa]gency|[Oo]ffice|[Cc]ouncil|[Ss]ervice|[Dd]epartment|[Pp]olice|"
    r"[Cc]ommittee|[Oo]rgani[sz]ation|[Gg]overnment|[Mm]edia|[Nn]ews|[Pp]ress)\b"
)


def _clean(raw: str) -> str:
    label = re.sub(r"\s+", " ", raw).strip(" ,.“”\"«»’'")
    label = re.sub(r"\s+(?:in|on|at)\s+(?:a|an|his|her|its|their|the)\b.*$", "", label)
    while _LEAD.match(label):
        label = _LEAD.sub("", label, count=1)
    return re.sub(r"\s+also$", "", label)


def cue_in(sentence: str) -> tuple[str, str] | None:
    """(label, cue) from the sentence's own attribution cue, or None."""
    found = _ACCORDING.search(sentence)
    if found:
        return _clean(found.group(1)), "according to"
    found = _AFTER.search(sentence)
    if found:
        label = _clean(found.group(2) or found.group(3))
        if label and len(label.split()) <= 6:
            return label, found.group(1) or found.group(4)
    body = sentence.lstrip(_QUOTES)
    found = _BEFORE.search(body)
    if found and not _NOT_A_CREDIT.search(found.group(1)):
        label = _clean(found.group(1))
        if label and (found.group(1)[:1].isupper() or label.casefold() in _PRONOUNS):
            return label, found.group(2)
    return None


def credits(text: Text) -> dict[int, Credit]:
    """The credit of every sentence of ``text`` (by sentence index)."""
    found: dict[int, Credit] = {}
    waiting: list[Sentence] = []  # quoted sentences whose speaker is not named yet
    names = _Names()
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in text.sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    for paragraph in by_paragraph.values():
        cues = _paragraph_cues(text, paragraph, names)
        for s, cue in zip(paragraph, cues, strict=True):
            if cue == "waiting":
                waiting.append(s)  # a quotation that runs on into the next paragraph
                continue
            if cue:
                for w in waiting:
                    found[w.index] = Credit(cue[0], credit_kind(cue[0]), "quotation")
            waiting = []
            label, how = cue if cue else (NO_ONE, "")
            found[s.index] = Credit(label, credit_kind(label), how)
    for w in waiting:
        found[w.index] = Credit(NO_ONE, "nobody", "")
    return found


def _paragraph_cues(text: Text, paragraph: list[Sentence], names: _Names) -> list:
    """Each sentence's (label, cue), None (no credit) or "waiting" (a quotation
    whose speaker this paragraph does not name)."""
    cues = []
    for s in paragraph:
        cue = cue_in(text.text[s.start : s.end])
        if cue and (cue[0].casefold() in _PRONOUNS or cue[0].casefold() in _ROLES):
            # "he said", "the diplomat noted": the person the text last named.
            cue = (names.last, cue[1]) if names.last else cue
            cue = None if cue[0].casefold() in _PRONOUNS else cue
        if cue and credit_kind(cue[0]) == "named":
            cue = (names.seen(cue[0]), cue[1])
        cues.append(cue)
    quoted = _quoted_sentences(text, paragraph)
    given = [c for c in cues if c]
    for i in quoted:
        if cues[i] is None:
            # A quotation's speaker is named after it ("…,” he added.") or before.
            later = [c for c in cues[i + 1 :] if c]
            cue = (later or given[::-1] or [None])[0]
            cues[i] = (cue[0], "quotation") if cue else "waiting"
    return cues


def _quoted_sentences(text: Text, paragraph: list[Sentence]) -> set[int]:
    """Positions of the paragraph's sentences that start inside a quotation or open one."""
    inside, quoted, at = False, set(), paragraph[0].start
    for i, s in enumerate(paragraph):
        for char in text.text[at : s.start]:
            inside = _toggle(inside, char)
        body = text.text[s.start : s.end]
        if inside or body[:1] in '“«"':
            quoted.add(i)
        for char in body:
            inside = _toggle(inside, char)
        at = s.end
    return quoted


def _toggle(inside: bool, char: str) -> bool:
    if char in "“«":
        return True
    if char in "”»":
        return False
    return not inside if char == '"' else inside


class _Names:
    """The people a text names, by last word: "Kazykhan" and "presidential
    representative Kazykhan" after "Erzhan Kazykhan" are the one person, written
    the one way, so that a draft does not credit three spellings of one speaker."""

    def __init__(self) -> None:
        self.by_last: dict[str, str] = {}
        self.last: str | None = None

    def seen(self, label: str) -> str:
        key = label.split()[-1].casefold()
        known = self.by_last.get(key)
        proper = [n for n in (known, label) if n and all(w[:1].isupper() for w in n.split())]
        self.by_last[key] = max(proper, key=len) if proper else known or label
        self.last = self.by_last[key]
        return self.last


def has_quotation(passage: str) -> bool:
    return any(mark in passage for mark in _QUOTES)
