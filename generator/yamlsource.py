"""Read ``story.yaml`` into plain data while remembering the line of every node.

Validation messages must name the YAML line of the offending node, so we compose
PyYAML's node graph ourselves instead of using ``safe_load``. Two deliberate
departures from YAML 1.1 defaults:

* no implicit timestamps: ``published: 2024-05-14`` stays the string
  ``"2024-05-14"`` (the corpus contract keeps dates as strings);
* duplicate keys are reported instead of silently keeping the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .authoring.yamlhints import explain_yaml_error
from .errors import Problem

Path_ = tuple[str | int, ...]


# libyaml's C parser composes ~8x faster than the pure-Python one and keeps node
# marks (line numbers); fall back when PyYAML was built without it.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoDatesLoader(_BaseLoader):
    """SafeLoader without the implicit timestamp resolver."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# Scalars only need the safe constructor; their tags were resolved (without dates)
# by the loader's resolvers while composing.
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class LoadedYaml:
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Path_) -> int | None:
        """The line of the node at ``path``, or of its nearest ancestor."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def load_yaml(text: str, display_path: str) -> LoadedYaml:
    """Parse ``text``; YAML syntax errors become problems, never exceptions."""
    loaded = LoadedYaml(data=None)
    try:
        node = yaml.compose(text, Loader=_NoDatesLoader)
    except yaml.YAMLError as exc:
        # Name the cause a teacher can fix (a tab, a quote that ends a text early),
        # not where the parser gave up.
        found = explain_yaml_error(exc, text)
        loaded.problems.append(Problem(display_path, found.line, found.message))
        return loaded
    if node is None:
        return loaded
    loaded.data = _to_data(node, (), loaded, display_path)
    return loaded


def _to_data(node: yaml.Node, path: Path_, out: LoadedYaml, display_path: str) -> Any:
    out.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                out.problems.append(
                    Problem(
                        display_path,
                        key_node.start_mark.line + 1,
                        f"duplicate key '{key}' — keep only one (YAML would silently "
                        "drop the first)",
                    )
                )
            result[key] = _to_data(value_node, (*path, key), out, display_path)
            out.lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, (*path, i), out, display_path) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _CONSTRUCTOR.construct_object(node)
    # A mapping or list used as a key: keep a readable form for the message.
    return f"<{type(node).__name__}>"
