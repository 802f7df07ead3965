"""Small module specs (docs/internals.md, ``samestory-module/1``) built in code, for the
runtime tests: one question of each kind, on passages excerpted verbatim from the
kazakhstan-2022 sources (white-space-only lines and curly quotes included)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from generator.runtime.scoring import module_version
from generator.text import runtime_text

MFA = (
    "Peaceful rallies were held in Mangystau region and in all major cities of the country. "
    "The protesters’ demands were fully met. However, the peaceful protests were hijacked by "
    "terrorist, extremist and criminal groups to escalate tensions and violence. In this "
    "respect, a state of emergency was declared in the country.\n\n"
    "As the events in Almaty and several other regions of the country have shown, Kazakhstan "
    "has been subjected to armed aggression by well-coordinated terrorist groups trained "
    "abroad. According to preliminary data, the attackers include individuals who have "
    "military combat zone experience in the ranks of radical Islamist groups.\n\n"
    "In this situation, Kazakhstan was compelled to seek help from the Collective Security "
    "Treaty Organization (CSTO), which has deployed a peacekeeping force totaling "
    "approximately 2,500 personnel to assist in the stabilization of the situation.\n"
)
KAZYKHAN = (
    "However, the peaceful protests were hijacked by terrorist, extremist and criminal groups "
    "to escalate tensions and violence, authorities said. To address the escalation, a state "
    "of emergency was declared in the country.\n\n"
    "As the events in Almaty, the country’s biggest city, and several other regions have "
    "shown, Kazakhstan has become subject to armed rioting by well-coordinated terrorist "
    "groups trained abroad, authorities said.\n"
)
SHORT = (
    "Kazakhstan has declared a state of emergency. President Tokayev even asked for help from "
    "the Collective Security Treaty Organization (CSTO) that sent about 3,000 peacekeepers to "
    "facilitate the country to get the situation stabilized.\n"
    "According to authorities, those who attacked Kazakhstan were well equipped and trained; "
    "the government even doesn’t rule out that they may have trained abroad.\n"
)
TEHRAN = (
    "Terrorists have also seized the Almaty International Airport with local and foreign "
    "aircraft with passengers on board, the diplomat asserted. \n      \n"
    "“The analysis of the situation showed that Kazakhstan was subjected to armed aggression "
    "by well-coordinated terrorist groups trained abroad. According to preliminary data, "
    "there are persons among the attackers who have experience of combat participation in "
    "‘hot spots’ on the side of radical Islamist groups,” Orazbay told Tehran Times. \n"
    "      \n"
    "Currently, peacekeepers from all CSTO member states, totaling about 2,500 people, are "
    "arriving in Kazakhstan.\n"
)

SOURCES = [
    {
        "id": "mfa-commentary",
        "title": "Commentary of the Ministry of Foreign Affairs",
        "outlet": "Ministry of Foreign Affairs of Kazakhstan",
        "kind": "official-statement",
        "published": "2022-01-10",
        "note": None,
        "text": MFA,
    },
    {
        "id": "news-rewrite-kazykhan",
        "title": "Kazakhstan faced armed aggression, says ministry",
        "outlet": "unknown",
        "kind": "news-report",
        "published": None,
        "note": "Copied from a news site; the byline is missing.",
        "text": KAZYKHAN,
    },
    {
        "id": "news-rewrite-short",
        "title": "Kazakhstan: peaceful protesters are not a target",
        "outlet": "unknown",
        "kind": "news-report",
        "published": "2022-01-08",
        "note": None,
        "text": SHORT,
    },
    {
        "id": "tehran-times-interview",
        "title": "Kazakhstan ambassador: We are defending our democracy",
        "outlet": "Tehran Times",
        "kind": "interview",
        "published": "2022-01-09",
        "note": None,
        "text": TEHRAN,
    },
]
TITLES = {s["id"]: s["title"] for s in SOURCES}


def passage(sources: list[dict[str, Any]], source: str, quote: str, **extra: Any) -> dict:
    text = next(s["text"] for s in sources if s["id"] == source)
    start = text.index(quote)
    fields = {
        "primary": False,
        "note": None,
        "credited_to": None,
        "value": None,
        "unit": None,
        "approx": False,
        "terms": [],
        "frame": None,
    }
    fields.update(extra)
    return {"source": source, "start": start, "end": start + len(quote), "quote": quote, **fields}


def claims(sources: list[dict[str, Any]]) -> dict[str, Any]:
    trained = "well-coordinated terrorist groups trained abroad"
    return {
        "trained-abroad": {
            "family": "attribution",
            "topic": "Who says the attackers were trained abroad?",
            "explanation": "The ministry states it as fact; the rewrites pass it on and credit "
            "it differently.\nTrace each version back to the ministry's text.",
            "passages": [
                passage(
                    sources,
                    "mfa-commentary",
                    trained,
                    primary=True,
                    credited_to="the Ministry of Foreign Affairs",
                ),
                passage(
                    sources,
                    "news-rewrite-kazykhan",
                    trained + ", authorities said",
                    credited_to="authorities",
                ),
                passage(
                    sources,
                    "tehran-times-interview",
                    trained,
                    credited_to="Ambassador Askhat Orazbay",
                    note="The ambassador repeats the ministry's words almost verbatim.",
                ),
            ],
        },
        "troops": {
            "family": "numeric",
            "topic": "How many CSTO troops?",
            "explanation": "The ministry says about 2,500; one rewrite says about 3,000 without "
            "saying where the figure comes from.",
            "passages": [
                passage(
                    sources,
                    "mfa-commentary",
                    "approximately 2,500 personnel",
                    value=2500,
                    unit="personnel",
                    approx=True,
                    primary=True,
                ),
                passage(
                    sources,
                    "news-rewrite-short",
                    "about 3,000 peacekeepers",
                    value=3000,
                    unit="peacekeepers",
                    approx=True,
                ),
            ],
        },
        "hijacked": {
            "family": "framing",
            "topic": "How are the protests described?",
            "explanation": "“Hijacked” casts the violence as outsiders taking over peaceful "
            "protests.",
            "passages": [
                passage(
                    sources,
                    "mfa-commentary",
                    "the peaceful protests were hijacked by terrorist, extremist and "
                    "criminal groups",
                    terms=["hijacked", "terrorist, extremist and criminal"],
                    frame="security",
                    primary=True,
                ),
            ],
        },
    }


def words_fields(sources: list[dict[str, Any]], p: dict[str, Any]) -> dict[str, Any]:
    """Tokens of the passage (white-space separated) and the indices of term words."""
    text = next(s["text"] for s in sources if s["id"] == p["source"])
    tokens = text[p["start"] : p["end"]].split()
    term_words = {w for term in p["terms"] for w in term.split()}
    return {
        "source": p["source"],
        "start": p["start"],
        "end": p["end"],
        "tokens": tokens,
        "answer": [i for i, t in enumerate(tokens) if t in term_words],
    }


def questions(sources: list[dict[str, Any]], claim_map: dict[str, Any]) -> list[dict]:
    titles = {s["id"]: s["title"] for s in sources}
    credited = [
        "the Ministry of Foreign Affairs",
        "authorities",
        "Ambassador Askhat Orazbay",
        "President Tokayev",
        "no one",
    ]
    base = {"graded": True}
    return [
        {
            **base,
            "id": "trained-abroad/credited",
            "kind": "match",
            "family": "attribution",
            "claim": "trained-abroad",
            "prompt": "Whom does each source credit with the claim?",
            "explanation": claim_map["trained-abroad"]["explanation"],
            "items": [
                {"key": k, "label": titles[k]}
                for k in ("mfa-commentary", "news-rewrite-kazykhan", "tehran-times-interview")
            ],
            "options": credited,
            "answer": {
                "mfa-commentary": credited[0],
                "news-rewrite-kazykhan": credited[1],
                "tehran-times-interview": credited[2],
            },
        },
        {
            **base,
            "id": "trained-abroad/origin",
            "kind": "choice",
            "family": "attribution",
            "claim": "trained-abroad",
            "prompt": "Which source does the statement come from?",
            "explanation": claim_map["trained-abroad"]["explanation"],
            "options": sorted(titles.values()),
            "answer": titles["mfa-commentary"],
        },
        {
            **base,
            "id": "trained-abroad/repeaters",
            "kind": "multi",
            "family": "attribution",
            "claim": "trained-abroad",
            "prompt": "Which sources repeat the ministry's wording?",
            "explanation": claim_map["trained-abroad"]["explanation"],
            "options": [
                titles[k]
                for k in ("news-rewrite-kazykhan", "news-rewrite-short", "tehran-times-interview")
            ],
            "answer": [titles["news-rewrite-kazykhan"], titles["tehran-times-interview"]],
        },
        {
            **base,
            "id": "troops/value",
            "kind": "number",
            "family": "numeric",
            "claim": "troops",
            "prompt": "How many CSTO personnel does the ministry say were deployed?",
            "explanation": claim_map["troops"]["explanation"],
            "answer": 2500.0,
            "tolerance": 0.0,
            "unit": "personnel",
        },
        {
            **base,
            "id": "hijacked/words",
            "kind": "words",
            "family": "framing",
            "claim": "hijacked",
            "prompt": "Which words carry the framing in the ministry's text?",
            "explanation": claim_map["hijacked"]["explanation"],
            **words_fields(sources, claim_map["hijacked"]["passages"][0]),
        },
        {
            **base,
            "id": "timeline",
            "kind": "order",
            "family": None,
            "claim": None,
            "prompt": "Put the events in the order the sources give them.",
            "explanation": "Protests first, then the state of emergency, then the CSTO request.",
            "items": [
                {"key": "protests", "label": "Peaceful rallies"},
                {"key": "emergency", "label": "State of emergency declared"},
                {"key": "csto", "label": "CSTO asked for help"},
            ],
            "answer": ["protests", "emergency", "csto"],
        },
        {
            "id": "reflect-why",
            "kind": "reflect",
            "family": None,
            "claim": None,
            "graded": False,
            "prompt": "Why might a rewrite credit “authorities” instead of the ministry?",
            "explanation": "Vague credit makes a claim harder to trace.",
            "min_words": 3,
        },
    ]


MOVES = {
    "trace-the-original": {
        "name": "Tracing to the original",
        "rule": "Find the text the others copy, and read it there.",
    },
    "who-is-credited": {
        "name": "Checking who is credited",
        "rule": "Ask whom each text names as the speaker, not who is quoted first.",
    },
    "check-the-figure": {
        "name": "Checking the figure",
        "rule": "Read what a figure counts and who stands behind it.",
    },
    "compare-the-words": {
        "name": "Comparing the words",
        "rule": "Put the wordings side by side: which words carry a judgement?",
    },
}

# Round-three fields (docs/internals.md) of each graded question of questions().
ROUND_THREE: dict[str, dict[str, Any]] = {
    "trained-abroad/credited": {
        "move": "who-is-credited",
        "heading": "Credits for the trained-abroad claim",
        "statement": "The attackers were well-coordinated terrorist groups trained abroad.",
        "hint": "Read the words just after the statement in each passage.",
        "why": {
            "news-rewrite-kazykhan": {
                "the Ministry of Foreign Affairs": "This rewrite names no ministry: it ends "
                "the sentence with “authorities said”.",
            }
        },
    },
    "trained-abroad/origin": {
        "move": "trace-the-original",
        "heading": "The text the others copy",
        "statement": "Kazakhstan was subjected to armed aggression by well-coordinated "
        "terrorist groups trained abroad.",
        "hint": "Compare the dates and the exact wording of the passages.",
        "why": {
            TITLES["news-rewrite-short"]: "The short report does not carry this sentence "
            "at all: it only says the attackers may have trained abroad.",
        },
    },
    "trained-abroad/repeaters": {
        "move": "trace-the-original",
        "heading": "Who repeats the wording",
        "hint": "Look for the words “well-coordinated terrorist groups trained abroad”.",
    },
    "troops/value": {
        "move": "check-the-figure",
        "heading": "The ministry's troop figure",
        "hint": "Find the figure in the ministry's own text, not in the rewrites.",
    },
    "hijacked/words": {
        "move": "compare-the-words",
        "heading": "Words that frame the protests",
        "hint": "Which words judge the protests, rather than describe them?",
    },
    "timeline": {
        "move": "check-the-figure",
        "heading": "The order of events",
        "hint": "Follow the ministry's text from its first sentence.",
    },
    "reflect-why": {"move": "who-is-credited", "heading": "Why vague credit?"},
}


def with_round_three(spec: dict[str, Any], *, confidence: bool = False) -> dict[str, Any]:
    """The spec with the fields of docs/internals.md "Round three": moves, headings,
    statements, evidence (the claim's passages), hints, why; ``confidence`` asks
    "How sure are you?" on every question."""
    spec["moves"] = copy.deepcopy(MOVES)
    for q in spec["questions"]:
        q.update(copy.deepcopy(ROUND_THREE[q["id"]]))
        claim = spec["claims"].get(q.get("claim") or "")
        passages = claim["passages"] if claim else []
        q["evidence"] = [{k: p[k] for k in ("source", "start", "end")} for p in passages]
        if confidence:
            q["confidence"] = True
    return spec


def old_spec(**overrides: Any) -> dict[str, Any]:
    """A spec as built before round three: no moves, headings, evidence or hints."""
    return demo_spec(round_three=False, **overrides)


def demo_spec(round_three: bool = True, **overrides: Any) -> dict[str, Any]:
    """A complete module spec: 4 sources, 3 claims, one question of each kind."""
    sources = copy.deepcopy(overrides.pop("sources", SOURCES))
    confidence = overrides.pop("confidence", False)
    claim_map = claims(sources)
    qs = questions(sources, claim_map)
    spec = {
        "format": "samestory-module/1",
        "story": "kazakhstan-2022",
        "story_title": "Unrest in Kazakhstan, January 2022",
        "story_summary": None,
        "language": "en",
        "module": "whose-words",
        "title": "Whose words?",
        "objectives": ["Trace a claim back to the source it comes from."],
        "version": module_version(qs),
        "sources": sources,
        "claims": claim_map,
        "questions": qs,
        "text": runtime_text({"language": "en"}),
    }
    if round_three:
        with_round_three(spec, confidence=confidence)
    spec.update(overrides)
    return spec


def spec_json(**overrides: Any) -> str:
    return json.dumps(demo_spec(**overrides), ensure_ascii=False)


def answer_of(spec: dict[str, Any], qid: str) -> Any:
    """The key's answer to question ``qid`` (for reflect: an acceptable text)."""
    question = next(q for q in spec["questions"] if q["id"] == qid)
    return question.get("answer", "Because the rewrite hides who said it.")


NASTY = "<script>alert(1)</script> {{ jinja }} ''' \"\"\" back\\slash {score} &amp;"


def hostile_spec() -> dict[str, Any]:
    """Every text a learner sees carries NASTY: titles, outlets, notes, source texts,
    quotes, explanations, prompts, options, item labels and tokens."""
    sources = copy.deepcopy(SOURCES)
    for s in sources:
        s["title"] += " " + NASTY
        s["outlet"] = NASTY
        s["note"] = "note " + NASTY
        s["text"] = NASTY + "\n\n" + s["text"] + "\n" + NASTY + "\n"
    spec = demo_spec(sources=sources)
    for claim in spec["claims"].values():
        claim["explanation"] += " " + NASTY
        claim["topic"] += " " + NASTY
        for p in claim["passages"]:
            p["note"] = "mention " + NASTY
    credited = spec["questions"][0]
    credited["options"] = [o + " " + NASTY for o in credited["options"]]
    credited["answer"] = {k: v + " " + NASTY for k, v in credited["answer"].items()}
    credited["why"] = {
        k: {o: "why " + NASTY for o in credited["options"]} for k in credited["answer"]
    }
    for move in spec["moves"].values():
        move["name"] += " " + NASTY
        move["rule"] += " " + NASTY
    for q in spec["questions"]:
        q["prompt"] += " " + NASTY
        q["explanation"] += " " + NASTY
        q["heading"] += " " + NASTY
        q["statement"] = "statement " + NASTY
        if q.get("graded", True):
            q["hint"] = "hint " + NASTY
        if q["kind"] == "order":
            q["items"][0]["label"] += " " + NASTY
        if q["kind"] == "words":
            q["tokens"].append("<b>bold</b>")  # a token is shown too; never scored here
    spec["version"] = module_version(spec["questions"])
    return spec


@dataclass(frozen=True)
class QuestionParts:
    """The parts of a displayed question, found as a learner finds them on screen."""

    prompt: Any
    evidence: Any
    control: Any
    confidence: Any
    check: Any
    reveal: Any
    feedback: Any


def question_parts(box) -> QuestionParts:
    prompt, row = box.children
    evidence = row.children[0] if len(row.children) == 2 else None
    answer = row.children[-1].children
    control, *middle, buttons, feedback = answer
    check, reveal = buttons.children
    return QuestionParts(
        prompt, evidence, control, middle[0] if middle else None, check, reveal, feedback
    )
