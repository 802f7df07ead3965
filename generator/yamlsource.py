"""Read ``story.yaml`` into plain data while remembering the line of every node.

Validation messages must name the YAML line of the offending node, so we compose
PyYAML's node graph ourselves instead of using ``safe_load``. Two deliberate
departures from YAML 1.1 defaults:

* no implicit timestamps: ``published: 2024-05-14`` stays the string
  ``"2024-05-14"`` (the corpus contract keeps dates as strings);
* duplicate keys are reported instead of silently keeping the last one;
* anchors and aliases that would expand beyond a small limit ("billion laughs":
  360 bytes of aliases of aliases that expand to 10**9 values) or into themselves are
  refused before anything is expanded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .authoring.yamlhints import explain_yaml_error
from .errors import Problem

Path_ = tuple[str | int, ...]

# Values that aliases may add beyond those written out. An alias in a story file repeats
# a short list or mapping; this is far above that and far below what takes noticeable
# time or memory to expand.
MAX_ALIAS_EXPANSION = 10_000
# Nesting levels: a story file has about 6; deeper nesting is a mistake, and reading it
# (recursively) would fail far below libyaml's own limit of 1,000 levels.
MAX_DEPTH = 100


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
    refused = _shape_problem(node, display_path)
    if refused is not None:
        loaded.problems.append(refused)
        return loaded
    loaded.data = _to_data(node, (), loaded, display_path)
    return loaded


class _Refused(Exception):
    """A node the story file may not have: where it starts, and what is wrong."""

    def __init__(self, node: yaml.Node, message: str):
        self.node, self.message = node, message


def _shape_problem(root: yaml.Node, display_path: str) -> Problem | None:
    """A problem when aliases expand ``root`` beyond MAX_ALIAS_EXPANSION values or
    into themselves, or when it nests deeper than MAX_DEPTH, else None. Composing
    shares an anchored node among its aliases, so sizes are counted on that shared
    graph: linear in the file, whatever it would expand to.
    """
    try:
        sizes = _expanded_sizes(root)
    except _Refused as refused:
        return Problem(display_path, refused.node.start_mark.line + 1, refused.message)
    if sizes[id(root)] - len(sizes) <= MAX_ALIAS_EXPANSION:
        return None
    node = root
    while True:  # down the largest expansion to the innermost value over the limit
        biggest = max(_children(node), key=lambda c: sizes[id(c)], default=None)
        if biggest is None or sizes[id(biggest)] <= MAX_ALIAS_EXPANSION:
            break
        node = biggest
    return Problem(
        display_path,
        node.start_mark.line + 1,
        f"aliases (*name) here expand to more than {MAX_ALIAS_EXPANSION:,} values — "
        "an alias may repeat a short list; write the values out instead",
    )


def _expanded_sizes(root: yaml.Node) -> dict[int, int]:
    """Every node's size once its aliases are expanded, by ``id``; a depth-first walk
    with an explicit stack. Capped at 2**60 (far above any file's own node count) so
    that a thousand nested aliases stay cheap small integers."""
    cap = 1 << 60
    sizes: dict[int, int] = {}
    path: set[int] = set()  # the nodes being counted: meeting one again is a loop
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, children_done = stack.pop()
        if children_done:
            path.discard(id(node))
            sizes[id(node)] = min(cap, 1 + sum(sizes[id(c)] for c in _children(node)))
            continue
        if id(node) in sizes:
            continue
        if depth > MAX_DEPTH:
            raise _Refused(
                node,
                f"nested more than {MAX_DEPTH} levels deep — a story file "
                "needs about 6; check the indentation",
            )
        path.add(id(node))
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) in path:
                raise _Refused(
                    child,
                    "an alias (*name) here repeats the anchor (&name) it is inside of, "
                    "so it never ends — write the values out instead of the alias",
                )
            stack.append((child, depth + 1, False))
    return sizes


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


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
