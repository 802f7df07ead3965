"""The item-writing check (issue 10): questions a learner can answer without the sources.

:func:`item_warnings` reads the built module specs (what learners will see) and
returns one :class:`~generator.authoring.lint.LintWarning` per flaw, pointing at the
line in story.yaml a teacher edits to fix it: the claim of a derived question, the
hand-written question itself. The rules, each kept conservative so that a warning
is worth reading:

* **few options** — a ``match`` question with fewer than three options: matching by
  elimination then needs no reading.
* **one answer dominates a slot** — in one module, among the questions of one slot
  (``<claim>/<slot>`` ids; hand-written questions form one slot per kind), one label
  is the right answer of more than half of them (``choice``) or of more than half of
  their items (``match``). Needs three or more questions: "always pick the answer
  that was right before" must not pay.
* **the question names its answer** — the heading, prompt or statement *singles out*
  the answer: it names the answer's label and no other option (``choice``,
  ``multi``; ``match`` only when that label is every item's answer: naming one
  option of a match, "“no one” means …", does not say which item it belongs to); a
  ``match`` item's label names its own answer; a ``number``'s figure is printed in
  the heading, prompt or statement; a ``words`` question's heading, prompt (source
  titles aside) or statement names a whole phrase to select (a run of answer
  tokens without ``function_words`` at its ends; one word needs four letters). A
  label with figures is also "named" by its distinctive figures alone ("4 January
  2022" by a heading saying "4 January" when no other option has a 4).
* **the right option is the only longest** — ``choice`` with three or more options
  whose answer has more words than every other option (not when the answer is a
  source's title: its length is the title's, and a source that is the answer too
  often is the dominance rule's to find). For ``match``, only where the
  options are phrases (median of four words or more; speaker names and figures are
  short and may differ in length for no reason): flagged when the one longest option
  is the answer of more than half of the items.
* **skewed positions** — among the story's hand-written ``choice`` questions (three or
  more), the answer sits at the same position in at least three quarters of them (the
  teacher's order is what a printed key and a runtime without shuffling show).
* **same heading** — two questions of a module with the same heading (the spec's
  ``heading``, else the prompt, which is what a learner sees first), the number
  questions.py appends to a repeat ("… (2)") aside. Derived questions of one slot
  share its heading by design and are numbered apart: only exact repeats among them
  are flagged, and any repeat that involves a hand-written question.

A heading that is the prompt's first words (hand-written questions without
``heading:``) is not searched apart from the prompt: one flaw, one warning.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..authoring.lint import LintWarning
from ..model import Story
from ..yamlsource import LoadedYaml
from .common import prompt
from .itemtext import (
    EDGE_PUNCTUATION,
    figures,
    fold,
    named_label,
    names,
    singles_out,
    word_count,
)

MIN_OPTIONS = 3
MIN_SLOT_QUESTIONS = 3
MIN_SKEW_QUESTIONS = 3
SKEW_SHARE = 0.75
PHRASE_WORDS = 4  # median option length (words) from which match options count as phrases
MIN_TERM_LETTERS = 4  # shorter answer words of a `words` question are not looked for


Spec = dict[str, Any]
Question = dict[str, Any]


# ---------------------------------------------------------------- where to point


@dataclass(frozen=True)
class Where:
    """Finds the story.yaml line a teacher edits for a question of a module spec."""

    story: Story
    loaded: LoadedYaml
    shown: str

    def line(self, spec: Spec, q: Question) -> int | None:
        hand = [i for i, h in enumerate(self.story.questions) if h.id == q["id"]]
        if hand:
            return self.loaded.line(("questions", hand[0], "id"))
        claims = [i for i, c in enumerate(self.story.claims) if c.id == q.get("claim")]
        if claims:
            return self.loaded.line(("claims", claims[0], "id"))
        modules = [i for i, m in enumerate(self.story.modules) if m.id == spec["module"]]
        return self.loaded.line(("modules", modules[0], "id")) if modules else None

    def warn(self, spec: Spec, q: Question, what: str, fix: str) -> LintWarning:
        where = f"module '{spec['module']}', question '{q['id']}'"
        return LintWarning(self.shown, self.line(spec, q), f"{where}: {what}", fix)


def is_hand_written(story: Story, q: Question) -> bool:
    return any(h.id == q["id"] for h in story.questions)


def slot(story: Story, q: Question) -> str:
    """The derived slot (``credited`` of ``<claim>/credited``), else one per kind."""
    if not is_hand_written(story, q) and "/" in q["id"]:
        return q["id"].rsplit("/", 1)[1]
    return f"hand-written {q['kind']}"


def heading(q: Question) -> str:
    return str(q.get("heading") or q.get("prompt") or "")


def _numbering() -> re.Pattern[str]:
    """How questions.py numbers a repeated heading ("Who is credited? (2)")."""
    before, after = prompt("heading_numbered", "\0", 99).split("\0")
    number = re.escape(after).replace("99", r"\d+")
    return re.compile(rf"{re.escape(before)}(?P<heading>.*?){number}", re.DOTALL)


_NUMBERED = _numbering()


def base_heading(q: Question) -> str:
    """The heading without the number that tells repeated headings apart."""
    text = heading(q)
    numbered = _NUMBERED.fullmatch(text)
    return numbered.group("heading") if numbered else text


def heading_repeats(q: Question) -> bool:
    """The heading is the prompt's first words ("How many … cost, …"): it says
    nothing the prompt does not (hand-written questions without ``heading:``)."""
    words, text = fold(base_heading(q).removesuffix("…")), fold(str(q.get("prompt") or ""))
    return bool(words) and (text == words or text.startswith(words + " "))


def question_texts(q: Question) -> list[tuple[str, str]]:
    """(field, text) of what the question itself says before it is answered: its
    heading (without its number; left out where it repeats the prompt, so that a
    flaw is reported once), prompt and statement."""
    texts = [] if heading_repeats(q) or not q.get("heading") else [("heading", base_heading(q))]
    return texts + [(f, str(q[f])) for f in ("prompt", "statement") if q.get(f)]


# ---------------------------------------------------------------- per question


def few_options(spec: Spec, q: Question, where: Where) -> list[LintWarning]:
    options = q.get("options") or []
    if q["kind"] != "match" or len(options) >= MIN_OPTIONS:
        return []
    return [
        where.warn(
            spec,
            q,
            f"a match question with only {len(options)} option(s)",
            "add an option (a credit, figure or frame the story uses elsewhere), "
            "or ask a choice question instead",
        )
    ]


def answer_named(spec: Spec, q: Question, where: Where) -> list[LintWarning]:
    check = _NAMED.get(q["kind"])
    found = check(spec, q) if check else []
    return [
        where.warn(spec, q, what, "reword it so that it points at the passage, not the answer")
        for what in found
    ]


def _choice_named(spec: Spec, q: Question) -> list[str]:
    answers = [q["answer"]] if q["kind"] == "choice" else list(q["answer"])
    wrong = [o for o in q["options"] if o not in answers]
    return [
        f"its {field} names the answer “{answer}”"
        for field, text in question_texts(q)
        for answer in answers
        if singles_out(text, answer, [answer, *wrong])
    ]


def _match_named(spec: Spec, q: Question) -> list[str]:
    found = []
    for item in q["items"]:
        answer = q["answer"][item["key"]]
        if named_label(item["label"], answer, [o for o in q["options"] if o != answer]):
            found.append(f"item “{item['label']}” names its own answer “{answer}”")
    # Naming one option in the prompt ("“no one” means …") does not say which item it
    # belongs to; it answers the question only when it is every item's answer.
    answers = set(q["answer"].values())
    if len(answers) == 1:
        (answer,) = answers
        found += [
            f"its {field} names the answer “{answer}” of every item"
            for field, text in question_texts(q)
            if singles_out(text, answer, q["options"])
        ]
    return found


def _number_named(spec: Spec, q: Question) -> list[str]:
    answer = float(q["answer"])
    return [
        f"its {field} prints the figure asked for ({q['answer']:g})"
        for field, text in question_texts(q)
        if any(abs(f - answer) <= 1e-9 * max(1.0, abs(answer)) for f in figures(text))
    ]


def _words_named(spec: Spec, q: Question) -> list[str]:
    titles = [s["title"] for s in spec.get("sources") or []]
    terms = framing_terms(q)
    found = []
    for field, text in question_texts(q):
        for title in titles:  # a source's title names the source, it does not hint
            text = re.sub(re.escape(title), " ", text, flags=re.IGNORECASE)
        named = [t for t in terms if names(text, t)]
        if named:
            found.append(f"its {field} names a phrase to select: {', '.join(named)}")
    return found


def framing_terms(q: Question) -> list[str]:
    """The phrases a ``words`` question's key selects: runs of consecutive answer
    tokens, function words trimmed from their ends (one word: four letters or more)."""
    tokens, answer = q.get("tokens") or [], sorted(set(q["answer"]))
    skipped = set(q.get("function_words") or [])
    runs: list[list[int]] = []
    for i in answer:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    terms = []
    for run in runs:
        while run and run[0] in skipped:
            run = run[1:]
        while run and run[-1] in skipped:
            run = run[:-1]
        phrase = " ".join(tokens[i] for i in run).strip(EDGE_PUNCTUATION)
        if len(run) > 1 or sum(ch.isalpha() for ch in phrase) >= MIN_TERM_LETTERS:
            terms.append(phrase)
    return list(dict.fromkeys(t for t in terms if t))


_NAMED: dict[str, Callable[[Spec, Question], list[str]]] = {
    "choice": _choice_named,
    "multi": _choice_named,
    "match": _match_named,
    "number": _number_named,
    "words": _words_named,
}


def only_longest(spec: Spec, q: Question, where: Where) -> list[LintWarning]:
    fix = "make a wrong option as long and as qualified as the answer, or shorten the answer"
    options = q.get("options") or []
    if q["kind"] == "choice" and len(options) >= MIN_OPTIONS and not is_source(spec, q["answer"]):
        longest = unique_longest(options)
        if longest == q["answer"]:
            return [where.warn(spec, q, "the right option is the only longest one", fix)]
    if q["kind"] == "match" and len(options) >= MIN_OPTIONS:
        if statistics.median(word_count(o) for o in options) < PHRASE_WORDS:
            return []
        longest = unique_longest(options)
        right = sum(1 for a in q["answer"].values() if a == longest)
        if longest is not None and right * 2 > len(q["answer"]) and right >= 2:
            what = f"the one longest option “{longest}” is the answer of {right} items"
            return [where.warn(spec, q, what, fix)]
    return []


def is_source(spec: Spec, label: str) -> bool:
    """``label`` names a source: its length is the title's, not the writer's."""
    return any(names(label, s["title"]) for s in spec.get("sources") or [])


def unique_longest(options: list[str]) -> str | None:
    counts = sorted(((word_count(o), o) for o in options), reverse=True)
    return counts[0][1] if counts[0][0] > counts[1][0] else None


PER_QUESTION = (few_options, answer_named, only_longest)


# ---------------------------------------------------------------- per module and story


def right_labels(q: Question) -> list[str]:
    """The labels a question's key makes right, one per item (choice: one)."""
    if q["kind"] == "choice":
        return [q["answer"]]
    if q["kind"] == "match":
        return list(q["answer"].values())
    return []


def dominant_answers(spec: Spec, story: Story, where: Where) -> list[LintWarning]:
    slots: dict[str, list[Question]] = defaultdict(list)
    for q in spec["questions"]:
        if right_labels(q):
            slots[slot(story, q)].append(q)
    warnings = []
    for name, questions in slots.items():
        if len(questions) < MIN_SLOT_QUESTIONS:
            continue
        counts = Counter(label for q in questions for label in right_labels(q))
        label, count = counts.most_common(1)[0]
        total = sum(counts.values())
        if count * 2 <= total:
            continue
        first = next(q for q in questions if label in right_labels(q))
        if total == len(questions):  # one label per question: choice
            share = f"{count} of the {total} '{name}' questions"
        else:
            share = f"{count} of the {total} items of the {len(questions)} '{name}' questions"
        what = f"“{label}” is the right answer of {share} in this module"
        fix = "vary the answers (other claims, another slot), or ask fewer of these"
        warnings.append(where.warn(spec, first, what, fix))
    return warnings


def same_headings(spec: Spec, story: Story, where: Where) -> list[LintWarning]:
    seen: dict[str, list[Question]] = defaultdict(list)
    for q in spec["questions"]:
        seen[fold(base_heading(q))].append(q)
    warnings = []
    for questions in seen.values():
        if len(questions) < 2 or numbered_by_design(story, questions):
            continue
        others = [q["id"] for q in questions[1:]]
        listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        what = f"heading “{base_heading(questions[0])}” is also the heading of {listed}"
        fix = "give each question a heading of its own that names the point, not the answer"
        warnings.append(where.warn(spec, questions[0], what, fix))
    return warnings


def numbered_by_design(story: Story, questions: list[Question]) -> bool:
    """Derived questions of one slot share its heading, numbered apart ("Who is
    credited? (2)"); their statements tell them apart. A hand-written question whose
    heading (or prompt) was numbered only to be unique is still a repeat."""
    distinct = len({fold(heading(q)) for q in questions}) == len(questions)
    return distinct and not any(is_hand_written(story, q) for q in questions)


def skewed_positions(story: Story, specs: list[Spec], where: Where) -> list[LintWarning]:
    hand = [h for h in story.questions if h.kind == "choice"]
    if len(hand) < MIN_SKEW_QUESTIONS:
        return []
    positions = Counter(h.fields["options"].index(h.fields["answer"]) for h in hand)
    position, count = positions.most_common(1)[0]
    if count < SKEW_SHARE * len(hand):
        return []
    first = next(h for h in hand if h.fields["options"].index(h.fields["answer"]) == position)
    index = story.questions.index(first)
    what = (
        f"question '{first.id}': the answer is option {position + 1} in {count} of the "
        f"{len(hand)} hand-written choice questions"
    )
    fix = "move some answers to other positions in options:"
    return [LintWarning(where.shown, where.loaded.line(("questions", index, "id")), what, fix)]


def item_warnings(
    story: Story, specs: list[Spec], loaded: LoadedYaml, shown: str
) -> list[LintWarning]:
    """Every item-writing warning of ``story``'s built module ``specs``."""
    where = Where(story, loaded, shown)
    warnings = []
    for spec in specs:
        for q in spec["questions"]:
            for check in PER_QUESTION:
                warnings += check(spec, q, where)
        warnings += dominant_answers(spec, story, where)
        warnings += same_headings(spec, story, where)
    warnings += skewed_positions(story, specs, where)
    return warnings
