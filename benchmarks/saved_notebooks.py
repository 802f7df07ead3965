"""Synthetic saved notebooks for the export benchmark, made from real executed ones.

1. Each seed module is executed once with nbclient; one extra cell (removed again
   before saving) answers every question through the learner API, so the results
   output, cell outputs and widget state are what the runtime really writes.
2. Each copy then gets its own learner, timestamps and answers in the results
   record (right, partly right, wrong, malformed, unanswered; 1–3 attempts), scored
   with ``generator.runtime.scoring`` so the stored scores are consistent.

Everything else of the notebook is kept byte for byte, so a copy costs the export
what a real saved notebook costs.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path
from typing import Any

from .harness import Config
from .kernel_run import run_notebook
from .responses import variants
from .seed import RESULTS_MIME, keyed_questions, module_spec, read_notebook

ANSWER_CELL = """\
import json as _json
from generator import runtime as _runtime
_m = _runtime.active_module()
_m.learner = "Seed Learner"
for _qid, _response in _json.loads({plan!r}):
    _m.questions[_qid].submit(_response)
"""
# Stands in for the results record in the serialised template; replaced per copy.
PLACEHOLDER = "@@samestory-bench-results@@"


def execute_seeds(config: Config, modules: list[Path]) -> list[Path]:
    """Each module run once in a kernel and answered through the API, then saved twice:
    ``saved-seeds/`` as JupyterLab saves by default (no widget state: its "Save Widget
    State Automatically" is off), and ``saved-seeds-state/`` with nbclient's widget state.
    """
    import nbformat

    out, with_state = config.work / "saved-seeds", config.work / "saved-seeds-state"
    for folder in (out, with_state):
        shutil.rmtree(folder, ignore_errors=True)
    saved = []
    for path in modules:
        nb = read_notebook(path)
        questions = keyed_questions(config.corpus, module_spec(nb))
        pairs = [(q["id"], variants(q)[i % 2]) for i, q in enumerate(questions)]
        cell = ANSWER_CELL.format(plan=json.dumps(pairs))
        executed = run_notebook(nb, config.work / "seed-run" / path.stem, (cell,)).notebook
        executed.cells.pop()  # a learner's notebook has no such cell
        relative = Path(path.parent.name, path.name)
        (with_state / relative).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed, with_state / relative)
        executed.metadata.pop("widgets", None)
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed, out / relative)
        if not find_results(read_notebook(out / relative)).get("answers"):
            raise RuntimeError(f"{path.name}: the saved results output holds no answers")
        saved.append(out / relative)
    return saved


def find_results(notebook: dict[str, Any]) -> dict[str, Any]:
    """The results record of a saved notebook (the last one, as the export reads it)."""
    found = None
    for cell in notebook["cells"]:
        for output in cell.get("outputs", ()):
            data = output.get("data") or {}
            if RESULTS_MIME in data:
                found = data
    if found is None:
        raise ValueError("no results output in the notebook")
    return found[RESULTS_MIME]


def _template(path: Path, corpus: Path) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """(the notebook's text with a placeholder for its results, the record, the questions)."""
    notebook = read_notebook(path)
    record = find_results(notebook)
    for cell in notebook["cells"]:
        for output in cell.get("outputs", ()):
            if (output.get("data") or {}).get(RESULTS_MIME) is record:
                output["data"][RESULTS_MIME] = PLACEHOLDER
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    return text, record, keyed_questions(corpus, module_spec(notebook))


def varied_record(base: dict[str, Any], questions: list[dict[str, Any]], n: int) -> dict:
    """Learner ``n``'s results record: own name, times, responses and consistent scores."""
    from generator.runtime.scoring import score

    rng = random.Random(n)
    day, minute = 1 + n % 28, n % 1440
    at = f"2026-11-{day:02d}T{minute // 60:02d}:{minute % 60:02d}:00+00:00"
    answers, total = {}, 0.0
    for q in questions:
        if rng.random() < 0.1:
            continue  # left unanswered
        options = variants(q)
        first = score(q, rng.choice(options))
        attempts = rng.randint(1, 3)
        last = score(q, options[0]) if attempts > 1 and rng.random() < 0.6 else first
        answers[q["id"]] = {
            "attempts": attempts,
            "first": {"response": first.response, "score": first.score, "at": at},
            "last": {"response": last.response, "score": last.score, "at": at},
        }
        total += first.score if q.get("graded", True) else 0.0
    from generator.runtime.records import record_chain

    record = {
        **base,
        "learner": f"Learner {n:05d}",
        "updated": at,
        "answers": answers,
        "score": total,
    }
    if "chain" in record:  # as the runtime would have written it: not a forged file
        record["chain"] = record_chain(record)
    return record


def make_saved(config: Config, modules: list[Path], count: int) -> Path:
    """``count`` saved notebooks in ``.work/saved-<count>/``, made from ``modules``.

    Reused when the modules and this generator's code are unchanged: executing the
    seeds and writing 10,000 files takes longer than the export that reads them.
    """
    out = config.work / f"saved-{count}"
    digest = hashlib.sha256()
    for path in [*modules, Path(__file__), Path(__file__).with_name("responses.py")]:
        digest.update(path.read_bytes())
    stamp = out / ".stamp"
    if stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return out
    seeds = execute_seeds(config, modules)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    templates = [(_template(p, config.corpus), p.stem) for p in seeds]
    quoted = json.dumps(PLACEHOLDER)
    for n in range(count):
        (text, record, questions), name = templates[n % len(templates)]
        results = json.dumps(varied_record(record, questions, n), ensure_ascii=False)
        (out / f"{n:05d}-{name}.ipynb").write_text(text.replace(quoted, results), "utf-8")
    stamp.write_text(digest.hexdigest())
    return out
