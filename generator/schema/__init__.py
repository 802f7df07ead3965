"""The JSON Schema of ``story.yaml``, shipped with the package, and readable messages.

Messages give the key path and the YAML line, as jupyter-book's config check does,
and say how to fix the problem rather than quoting the schema.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import Any

from ..checks import where_text
from ..errors import Problem
from ..yamlsource import LoadedYaml


@cache
def story_schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("story.schema.json").read_text())


def _import_jsonschema():
    """Import jsonschema without the optional ``rfc3987_syntax`` format checker.

    Where jupyter_server is installed, jsonschema finds rfc3987_syntax, which builds
    Lark grammars at import time (~1.7 s, python-jsonschema/jsonschema#1428). Our
    schema uses no formats, so we hide it while jsonschema imports: its format module
    skips checkers whose library is missing. Later imports elsewhere are unaffected.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import jsonschema

        return jsonschema
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes import fail
    try:
        import jsonschema
    finally:
        del sys.modules["rfc3987_syntax"]
    return jsonschema


@cache
def _validator():
    """One validator for every story, over the schema with its plain ``$ref``s inlined.

    jsonschema resolves a ``$ref`` through ``referencing`` each time it checks a value
    against it (about 1,000 times for the seed story: half of the validation time,
    benchmarks/README.md). ``{"$ref": "#/$defs/x"}`` without sibling keywords means
    exactly ``$defs/x``, so it is replaced by that once; a ``$ref`` with siblings (the
    questions' ``only-common-and`` beside ``unevaluatedProperties``) is kept as it is.
    """
    schema = story_schema()
    defs = schema["$defs"]

    def inline(node: Any, through: tuple[str, ...] = ()) -> Any:
        if isinstance(node, list):
            return [inline(item, through) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref", "")
        name = ref.removeprefix("#/$defs/")
        if len(node) == 1 and ref.startswith("#/$defs/") and name not in through:
            return inline(defs[name], (*through, name))
        return {key: inline(value, through) for key, value in node.items()}

    inlined = {key: inline(value) for key, value in schema.items() if key != "$defs"}
    return _import_jsonschema().Draft202012Validator({**inlined, "$defs": defs})


def schema_problems(loaded: LoadedYaml, display_path: str) -> list[Problem]:
    """Every schema violation of the loaded story, one problem each."""
    validator = _validator()
    problems = []
    for error in validator.iter_errors(loaded.data):
        for leaf in _leaves(error):
            path = tuple(leaf.absolute_path)
            message = _empty_message(leaf, path, display_path) or _message(
                leaf, path, where_text(loaded.data, path)
            )
            problems.append(Problem(display_path, loaded.line(_line_path(leaf, path)), message))
    return problems


def _leaves(error):
    """The most specific errors: an if/then or allOf failure is explained by its context."""
    if error.context and error.validator in ("allOf", "if", "then", "$ref"):
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def _line_path(error, path: tuple) -> tuple:
    """Point an unknown-key message at the unknown key's own line."""
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        extra = sorted(set(error.instance) - _allowed_keys(error))
        if extra:
            return (*path, extra[0])
    return path


# An empty list a new story starts with (`new` writes `claims: []`): say what to do
# next, so an unfinished story never reads as a typo.
_EMPTY = {
    "claims": "no claims yet — add at least one claim: python -m generator suggest {folder} "
    "prints drafts to paste (docs/authoring.md)",
    "modules": "no modules yet — add a module that lists your claims (docs/authoring.md, "
    "section 4)",
}


def _empty_message(error, path: tuple, display_path: str) -> str | None:
    """The next step of an unfinished story: no claims or modules, missing or ``[]``."""
    if error.validator == "minItems" and len(path) == 1 and not error.instance:
        section = path[0]
    elif error.validator == "required" and not path:
        section = error.message.split("'")[1]
    else:
        return None
    if section not in _EMPTY:
        return None
    folder = str(PurePath(display_path).parent)
    return _EMPTY[section].format(folder=folder)


def _message(error, path: tuple, where: str) -> str:
    """The message for one schema error; ``where`` names the place (checks.where_text)."""
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return f"{where}: missing required key '{missing}' — add it"
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = _allowed_keys(error)
        extra = ", ".join(repr(k) for k in sorted(set(error.instance) - allowed))
        return (
            f"{where}: unknown key {extra} — remove it or fix its spelling "
            f"(allowed here: {', '.join(sorted(allowed))})"
        )
    if kind == "enum":
        options = " | ".join(str(v) for v in error.validator_value)
        return f"{where}: {error.instance!r} is not allowed — use one of {options}"
    if kind == "pattern":
        return f"{where}: {error.instance!r} has the wrong form — {_pattern_hint(path)}"
    if kind == "type":
        return (
            f"{where}: expected {_type_name(error.validator_value)}, found "
            f"{_type_name(_json_type(error.instance))} {_short(error.instance)} — "
            "quote text values and write numbers without quotes"
        )
    if kind == "minItems":
        return f"{where}: needs at least {error.validator_value} item(s) — add more"
    if kind == "maxLength":  # only ids have one: they become file names
        return (
            f"{where}: the id is {len(error.instance)} characters long — "
            f"ids may have at most {error.validator_value} (they become file names); "
            "shorten it"
        )
    if kind == "minLength":
        return f"{where}: is empty — write some text"
    if kind == "minimum":
        return f"{where}: must be at least {error.validator_value}"
    if kind == "anyOf" and path and path[-1] == "value":
        return (
            f"{where}: {_short(error.instance)} is neither a number nor a date — write "
            "the figure as the text prints it (2500 · 2,500 · about 4.2 million) or a "
            "quoted ISO date 'YYYY-MM-DD'"
        )
    return f"{where}: {error.message}"


def _allowed_keys(error) -> set[str]:
    keys = set(error.schema.get("properties", {}))
    if "$ref" in error.schema:  # hand-written questions: common keys plus the kind's own
        keys |= {"id", "module", "kind", "prompt", "explanation", "claim"}
    return keys


def _pattern_hint(path: tuple) -> str:
    last = path[-1] if path else ""
    if last in ("published", "value"):
        return 'write an ISO date like "2022-01-10" (in quotes)'
    if last == "sha256":
        return "write the 64 lowercase hex digits of the file's SHA-256"
    if last == "language":
        return "write a language code such as en or en-GB"
    return "ids use lowercase letters, digits and hyphens, starting with a letter or digit"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {dict: "object", list: "array", str: "string", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _type_name(name: str | list) -> str:
    if isinstance(name, list):
        return " or ".join(_type_name(n) for n in name)
    return {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "number": "a number",
        "integer": "a whole number",
        "boolean": "true or false",
        "null": "nothing",
    }.get(name, name)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
