"""The generated module notebooks as the browser tests need them.

What a test needs to know about a module comes from the notebook file itself (the
module spec its first cell passes to ``runtime.load_module``, and which cell shows
which question) and from ``python -m generator key``: the same inputs a student's
page is built from, never a copy of the runtime's logic.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

KINDS = ("choice", "multi", "match", "number", "words", "order", "reflect")


def _calls(source: str):
    """Every call in a code cell's source (generated cells are short and parse)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def _string_arg(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant):
        value = call.args[0].value
        return value if isinstance(value, str) else None
    return None


@dataclass(frozen=True)
class ModuleFile:
    """One module notebook: where it is served, its spec, and its cells."""

    path: str  # relative to the served root, e.g. modules/<story>/06-mix.ipynb
    spec: dict
    question_cells: dict[str, int]  # question id -> index of the cell showing it
    summary_cell: int
    cell_count: int
    code_cells: tuple[int, ...]

    @property
    def story(self) -> str:
        return self.spec["story"]

    @property
    def module(self) -> str:
        return self.spec["module"]

    @property
    def text(self) -> dict[str, str]:
        """The learner-facing phrases (verdicts, button labels) of this module."""
        return self.spec["text"]

    def question(self, qid: str) -> dict:
        return next(q for q in self.spec["questions"] if q["id"] == qid)

    def questions_of_kind(self, kind: str) -> list[dict]:
        return [q for q in self.spec["questions"] if q["kind"] == kind]

    @classmethod
    def read(cls, root: Path, notebook: Path) -> ModuleFile:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        spec = None
        question_cells: dict[str, int] = {}
        summary_cell = -1
        code_cells = []
        for index, cell in enumerate(cells):
            if cell["cell_type"] != "code":
                continue
            code_cells.append(index)
            source = "".join(cell["source"])
            for call in _calls(source):
                name = call.func.attr
                if name == "load_module":
                    spec = _spec_from_literal(_string_arg(call) or "null")
                elif name == "show_question":
                    question_cells[_string_arg(call) or ""] = index
                elif name == "show_summary":
                    summary_cell = index
        if spec is None:
            raise AssertionError(f"{notebook}: no runtime.load_module('<spec>') cell")
        return cls(
            path=notebook.relative_to(root).as_posix(),
            spec=spec,
            question_cells=question_cells,
            summary_cell=summary_cell,
            cell_count=len(cells),
            code_cells=tuple(code_cells),
        )


def _spec_from_literal(literal: str) -> dict | None:
    """The first cell's spec: the encoded literal (generator/runtime/literal.py) or,
    in notebooks built before it, JSON text."""
    from generator.runtime.literal import decode_spec_text, is_encoded

    return json.loads(decode_spec_text(literal) if is_encoded(literal) else literal)


def module_files(root: Path) -> dict[tuple[str, str], ModuleFile]:
    """(story, module) -> ModuleFile for every notebook under root/modules/."""
    found = {}
    for notebook in sorted((root / "modules").glob("*/*.ipynb")):
        module = ModuleFile.read(root, notebook)
        found[(module.story, module.module)] = module
    return found


def modules_for_kinds(
    modules: dict[tuple[str, str], ModuleFile],
) -> dict[str, tuple[ModuleFile, str]]:
    """For each question kind: a module that has one, and its first question of that kind.

    Few modules cover all kinds (each module opened costs a kernel start), so modules
    are picked greedily by how many kinds not yet covered they add; ties go to the
    earlier module. A kind that no module has is missing from the result.
    """
    order = list(modules)
    kinds_by_module = {
        name: {q["kind"] for q in module.spec["questions"]} for name, module in modules.items()
    }
    chosen: dict[str, tuple[ModuleFile, str]] = {}
    uncovered = set(KINDS)
    while uncovered and kinds_by_module:
        best = max(
            kinds_by_module,
            key=lambda name: (len(kinds_by_module[name] & uncovered), -order.index(name)),
        )
        added = kinds_by_module.pop(best) & uncovered
        if not added:
            break
        for kind in sorted(added):
            chosen[kind] = (modules[best], modules[best].questions_of_kind(kind)[0]["id"])
        uncovered -= added
    return chosen


BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^)\s>]+")


def binder_links(index_markdown: str) -> list[tuple[str, str, str]]:
    """(repository slug, branch, urlpath) of every Binder link in modules/README.md."""
    links = []
    for url in BINDER_LINK.findall(index_markdown):
        parts = urlsplit(url)
        _v2, _gh, owner, name, branch = unquote(parts.path).strip("/").split("/", 4)
        urlpath = parse_qs(parts.query).get("urlpath", [""])[0]
        links.append((f"{owner}/{name}", branch, urlpath))
    return links
