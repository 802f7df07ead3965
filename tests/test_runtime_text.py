"""The phrases the runtime shows come from templates/runtime_text.yaml.j2, and a module
spec the runtime cannot serve is refused when the notebook's first cell runs."""

from __future__ import annotations

import json

import pytest
from specs import demo_spec, spec_json

from generator import runtime
from generator.runtime.phrases import ALL_PHRASES, fields_of
from generator.text import runtime_text


def test_template_gives_every_phrase_with_only_fields_the_runtime_fills():
    text = runtime_text({"language": "en"})
    assert set(text) == set(ALL_PHRASES), set(text) ^ set(ALL_PHRASES)
    for key, allowed in ALL_PHRASES.items():
        used = fields_of(text[key])
        assert used <= allowed, (key, used - allowed)
        # and it formats with the runtime's values, no KeyError, no stray braces
        filled = text[key].format_map({name: "<value>" for name in allowed})
        assert "{" not in filled and "}" not in filled, key


def test_right_and_wrong_are_said_with_a_symbol_and_words():
    text = runtime_text({"language": "en"})
    assert text["verdict_right"].startswith("✓ ")
    assert text["verdict_partly"].startswith("◐ ")
    assert text["verdict_wrong"].startswith("✗ ")
    for key in ("choice_right", "match_right", "order_right", "words_found"):
        assert text[key].startswith("✓ ")
    for key in ("choice_wrong", "match_wrong", "order_wrong", "words_missed", "multi_missed"):
        assert text[key].startswith("✗ ")


def test_language_defaults_to_english_and_is_passed_through():
    assert runtime_text({})["language"] == "en"
    assert runtime_text({"language": "kk"})["language"] == "kk"


def broken(**changes):
    spec = demo_spec()
    for path, value in changes.items():
        target = spec
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return spec


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (broken(format="samestory-module/2"), "format 'samestory-module/2'"),
        (broken(text__check=KeyError), "lacks the phrase keys check"),
        (broken(text__progress="{checked} of {all}"), "text['progress'] uses unknown fields"),
        (broken(story="../../etc"), "'story' must be an id"),
        (broken(questions=[]), "'questions' must be a non-empty list"),
        (broken(questions__0__kind="essay"), "unknown kind 'essay'"),
        (broken(questions__1__answer="Reuters"), "does not score 1.0"),
        (broken(questions__3__tolerance=KeyError), "lacks tolerance"),
        (broken(claims__troops__passages__0__end=10**6), "start/end must be offsets"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_a_bad_spec_is_refused_with_a_clear_message(tmp_path, spec, message):
    text = spec if isinstance(spec, str) else json.dumps(spec)
    with pytest.raises(ValueError) as raised:
        runtime.load_module(text, log_dir=tmp_path)
    assert message in str(raised.value)


def test_the_notebooks_string_literal_loads(tmp_path):
    """What the generator writes: repr() of the JSON text, evaluated as a literal."""
    import ast

    literal = repr(spec_json())
    m = runtime.load_module(ast.literal_eval(literal), log_dir=tmp_path)
    assert m.title == "Whose words?" and len(m.questions) == 7
