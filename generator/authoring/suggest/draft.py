"""The YAML draft: claims the teacher pastes under ``claims:`` in story.yaml.

Every suggestion becomes one claim that validates as it stands: quotes are the
source's characters (runs of white space folded to one space, which anchoring
allows), a ``prefix:`` is added where a quote occurs more than once, strings are
written as JSON strings (a subset of YAML's double-quoted style, so ’ “ » and
backslashes need no thought), and each mention has its family's required field. A
``reuse`` suggestion is written as an attribution claim: samestory traces copies
within attribution claims (``copied-from``, ``what-changed``).
"""

from __future__ import annotations

import json

from ...anchoring import FoldedText, find_quote, fold
from ..drafts import DRAFT_MARK
from .model import Mention, Suggestion
from .texts import Text

CLAIM_FAMILY = {"attribution": "attribution", "reuse": "attribution", "framing": "framing"}
CLAIM_FAMILY["numeric"] = "numeric"
# Words of context tried before (or after) a repeated quote, fewest first; None: all
# of it, which singles out any occurrence.
_CONTEXT_WORDS = (3, 6, 12, 24, None)


def _s(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def anchor_fields(text: FoldedText, quote: str, before: str, after: str) -> dict[str, str]:
    """``quote`` plus the ``prefix:`` or ``suffix:`` that singles it out, if needed."""
    folded = fold(quote).strip()
    if find_quote(text, folded).count == 1:
        return {"quote": folded}
    for n in _CONTEXT_WORDS:
        for key, words in (("prefix", fold(before).split()), ("suffix", fold(after).split())):
            context = " ".join(words if n is None else words[-n:] if key == "prefix" else words[:n])
            if context and find_quote(text, folded, **{key: context}).count == 1:
                return {"quote": folded, key: context}
    raise AssertionError(f"no context singles out {quote!r}")  # offsets come from the text


def _mention_lines(m: Mention, family: str, texts: dict[str, Text], folded) -> list[str]:
    text = texts[m.source].text
    anchored = anchor_fields(folded[m.source], m.quote, text[: m.start], text[m.end :])
    lines = [f"      - source: {m.source}"]
    lines += [f"        {key}: {_s(value)}" for key, value in anchored.items()]
    f = m.fields
    if family == "attribution":
        lines.append(f"        credited_to: {_s(f.get('credited_to', 'no one'))}")
    elif family == "framing":
        lines.append(f"        terms: {_s(f['terms'])}")
    else:
        lines.append(f"        value: {_s(f['value'])}")
        lines += [f"        {k}: {_s(f[k])}" for k in ("unit", "approx", "inferred") if k in f]
        lines.append(f"        credited_to: {_s(f.get('credited_to', 'no one'))}")
        if f.get("inferred"):
            lines.append(f"        note: {_s('Worked out: ' + f.get('note', 'not printed'))}")
    return lines


def claim_lines(number: int, s: Suggestion, texts: dict[str, Text], folded) -> list[str]:
    family = CLAIM_FAMILY[s.family]
    lines = [f"  # {number}. {s.family}, score {s.score:.2f}: {s.why}"]
    if s.family == "reuse":
        lines.append("  # (reuse is written as an attribution claim: copies are traced there)")
    lines += [
        f"  - id: suggested-{number:02d}-{s.family}",
        f"    family: {family}",
        f"    topic: {_s(s.topic)}",
        f"    explanation: {_s(DRAFT_MARK + s.why)}",
        "    mentions:",
    ]
    for m in s.mentions:
        lines += _mention_lines(m, family, texts, folded)
    return lines


def draft(suggestions: tuple[Suggestion, ...], texts: tuple[Text, ...], reuse_lines) -> str:
    by_id = {t.id: t for t in texts}
    folded = {t.id: FoldedText.of(t.text) for t in texts}
    out = [
        f"# samestory suggest: {len(suggestions)} draft claims, best first.",
        "# Paste the ones you keep under `claims:` in story.yaml (they are indented for",
        "# it), give each a real id, topic and explanation, and check every guess:",
        "# credited_to comes from cues such as “said” and “according to”, values from the",
        "# wording, terms from words that differ. Add the ids to a module's `claims:`.",
    ]
    out += [f"# Reuse: {line}" for line in reuse_lines] or ["# Reuse: no copied runs found."]
    for number, s in enumerate(suggestions, 1):
        out.append("")
        out += claim_lines(number, s, by_id, folded)
    return "\n".join(out) + "\n"
