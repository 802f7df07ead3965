"""The reuse map in the sources section (issue 12 item 5): for each pair of texts that
share passages, the passages side by side with the words each text has and the
other lacks marked, and how much of each text is in the other.

The spec's ``"reuse"`` (generator/building/reusemap.py) holds only character offsets
into the source texts the spec carries. The map answers "which text copies which",
"what did the copy change" and "are the quoted words the speaker's own", so it stays
closed until the module's questions of that kind (``"after"``) have their answers
shown (right, a second miss, or "Show the answer"); a module without such questions
shows it at once. Everything from the corpus is escaped (:mod:`.texthtml`).
"""

from __future__ import annotations

from typing import Any

from .texthtml import esc, whole_text

SIDE_WORDS = 8  # words of a source title over each side of a passage

# Side by side where there is room (two columns of at least 16 em: a 1280 px
# JupyterLab), one above the other on a phone; changed words are underlined and
# bold as well as highlighted, so colour is never the only signal.
REUSE_STYLE = """<style>
.samestory-reuse-row { display: grid; gap: 0.75em; margin: 0.5em 0 1em;
  grid-template-columns: repeat(auto-fit, minmax(16em, 1fr)); }
.samestory-reuse-side { border-left: 3px solid currentColor; padding-left: 0.6em;
  min-width: 0; overflow-wrap: anywhere; }
.samestory-reuse-side > p:first-child { margin: 0 0 0.3em; font-weight: bold; }
.samestory-reuse mark { text-decoration: underline wavy; text-underline-offset: 0.2em;
  font-weight: bold; }
.samestory-reuse details > summary { cursor: pointer; margin: 0.4em 0; }
</style>"""


class ReuseMap:
    """A module's map, rebuilt only when one of the questions it waits for is settled
    (not at every check: the open map of the seed story is some 20 kB of HTML)."""

    def __init__(self, page: Any, questions: dict[str, Any]) -> None:
        self.page, self.questions = page, questions
        self.after = [
            q for q in (page.spec.get("reuse") or {}).get("after") or [] if q in questions
        ]
        self._shown: tuple[set[str], str] | None = None  # (settled, html)

    def html(self) -> str:
        settled = {qid for qid in self.after if self.questions[qid].answer_shown}
        if self._shown is None or self._shown[0] != settled:
            numbers = {qid: n for n, qid in enumerate(self.questions, start=1)}
            self._shown = (settled, reuse_map_html(self.page, settled, numbers))
        return self._shown[1]


def is_open(reuse: dict[str, Any], settled: set[str]) -> bool:
    """Open once every question it would answer has had its answer shown."""
    return all(qid in settled for qid in reuse.get("after") or [])


def reuse_map_html(page: Any, settled: set[str], numbers: dict[str, int]) -> str:
    """The map (or, before its questions are answered, a line saying when it opens);
    "" for a story whose texts share no passage. ``settled``: ids of questions whose
    answer has been shown; ``numbers``: question id → its number in the module."""
    reuse = page.spec.get("reuse")
    if not isinstance(reuse, dict) or not reuse.get("pairs"):
        return ""
    heading = f'<h3 class="samestory-reuse-heading">{esc(page.say("reuse_heading"))}</h3>'
    if not is_open(reuse, settled):
        waiting = [numbers[q] for q in reuse["after"] if q not in settled and q in numbers]
        listed = page.say("list_separator").join(str(n) for n in waiting)
        body = page.para("reuse_closed", questions=listed)
    else:
        body = page.para("reuse_intro") + page.para("reuse_legend")
        body += "".join(pair_html(page, pair) for pair in reuse["pairs"])
    return REUSE_STYLE + page.wrap(heading + body, "samestory-reuse")


def pair_html(page: Any, pair: dict[str, Any]) -> str:
    a, b = page.sources[pair["a"]], page.sources[pair["b"]]
    count = len(pair["passages"])
    summary = page.say("reuse_pair", a=a["title"], b=b["title"], count=count)
    shares = page.say("reuse_share", text=b["title"], other=a["title"], percent=pair["b_share"])
    shares_a = page.say("reuse_share", text=a["title"], other=b["title"], percent=pair["a_share"])
    names = (short_title(a["title"]), short_title(b["title"]))
    if names[0] == names[1]:  # cut to the same words: the full titles tell them apart
        names = (a["title"], b["title"])
    rows = "".join(
        passage_html(page, (a, b), names, passage, n, count)
        for n, passage in enumerate(pair["passages"], start=1)
    )
    return (
        f"<details><summary>{esc(summary)}</summary>"
        f"<ul><li>{esc(shares)}</li><li>{esc(shares_a)}</li></ul>{rows}</details>"
    )


def short_title(title: str) -> str:
    """A title over the side of every passage, cut to SIDE_WORDS words: the pair's
    summary above gives it in full, and a long title repeated in each row would
    push the passages off a phone's screen."""
    words = title.split()
    return title if len(words) <= SIDE_WORDS else " ".join(words[:SIDE_WORDS]) + " …"


def passage_html(
    page: Any, sources: tuple[dict, dict], names: tuple[str, str], passage: dict, n: int, count: int
) -> str:
    label = esc(page.say("reuse_passage", number=n, count=count))
    sides = "".join(
        side_html(source, name, passage[key], passage[f"{key}_changed"])
        for source, name, key in zip(sources, names, ("a", "b"), strict=True)
    )
    return (
        f'<p class="samestory-reuse-label">{label}</p>'
        f'<div class="samestory-reuse-row" role="group" aria-label="{label}">{sides}</div>'
    )


def side_html(source: dict[str, Any], name: str, span: list[int], changed: list[list[int]]) -> str:
    start, end = span
    marks = [(s - start, e - start, "mark") for s, e in changed]
    # The passage is the source's own text: the class marks it as verbatim evidence.
    text = whole_text(source["text"][start:end], marks)
    return (
        f'<div class="samestory-reuse-side"><p>{esc(name)}</p>'
        f'<div class="samestory-source-text">{text}</div></div>'
    )
