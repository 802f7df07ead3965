"""``samestory build``: golden notebooks, determinism, atomic replacement, answer logs,
the index, and the notebook's structure."""

from __future__ import annotations

import ast
import base64
import difflib
import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import nbformat
import pytest
from build_helpers import FIXTURE_CORPUS, REPO, copy_mini, load_single, mini_data, write_story

from generator import outfolder
from generator.build import build_corpus
from generator.errors import UsageError
from generator.notebook import render_module, spec_from_setup
from generator.questions import module_specs
from generator.runtime.literal import decode_spec_text, encode_spec

GOLDEN = REPO / "tests" / "golden"
UPDATE_GOLDEN = os.environ.get("SAMESTORY_UPDATE_GOLDEN") == "1"
CELL_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(out: Path) -> list[str]:
    """Temporary folders of a build: beside ``out`` (builds before in-place writing) or
    the staging folder inside it."""
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    inside = [p.name for p in out.glob(f"{outfolder.STAGE_PREFIX}*")] if out.is_dir() else []
    return sorted(beside + inside)


@pytest.fixture
def built(tmp_path):
    out = tmp_path / "modules"
    lines = build_corpus(FIXTURE_CORPUS, out)
    return out, lines


# ---------------------------------------------------------------- golden files


def golden_files():
    # tests/golden/preview/ holds `samestory preview` output (tests/test_preview.py).
    files = (p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    return sorted(f for f in files if not f.startswith("preview/"))


def test_golden_files_cover_the_whole_fixture_build(built):
    out, _ = built
    if UPDATE_GOLDEN:
        pytest.skip("rewriting golden files")
    assert golden_files() == sorted(tree(out)), "rerun with SAMESTORY_UPDATE_GOLDEN=1"


@pytest.mark.parametrize(
    "name",
    [".samestory-build.json", "README.md", "mini/01-whose-words.ipynb", "mini/02-framing.ipynb"],
)
def test_build_matches_golden_file(built, name):
    out, _ = built
    actual = (out / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    expected = golden.read_text(encoding="utf-8") if golden.exists() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"tests/golden/{name}",
                tofile="fresh build",
                n=2,
            )
        )
        pytest.fail(
            f"{name} differs from its golden copy (if intended, rerun with "
            f"SAMESTORY_UPDATE_GOLDEN=1):\n{diff[:20000]}"
        )


def test_summary_line_per_story(built):
    out, lines = built
    assert lines == [f"mini: 2 modules, 15 questions → {out / 'mini'}/"]


# ---------------------------------------------------------------- determinism


def test_two_builds_give_identical_bytes(tmp_path):
    build_corpus(FIXTURE_CORPUS, tmp_path / "a")
    build_corpus(FIXTURE_CORPUS, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_committed_modules_equal_a_fresh_build_of_the_corpus(tmp_path):
    corpus = REPO / "corpus"
    if not list(corpus.glob("*/story.yaml")):
        pytest.skip("corpus/ has no story.yaml yet: nothing to compare modules/ with")
    build_corpus(corpus, tmp_path / "modules")
    committed = {
        k: v
        for k, v in tree(REPO / "modules").items()
        if not k.endswith(".samestory-log.jsonl") and ".ipynb_checkpoints" not in k
    }
    fresh = tree(tmp_path / "modules")
    assert sorted(committed) == sorted(fresh), "run `make modules` and commit modules/"
    changed = [name for name in fresh if committed[name] != fresh[name]]
    assert not changed, f"modules/ is stale ({changed}): run `make modules` and commit it"


# ---------------------------------------------------------------- atomicity


def test_an_interrupted_build_leaves_the_old_modules_and_no_temporary_folder(tmp_path, monkeypatch):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    before = tree(out)
    corpus = copy_mini(tmp_path / "corpus", lambda d: d.update(title="A new title"))
    written = []

    def fail_on_second(path, data):
        if written:
            raise OSError("disk full (simulated)")
        written.append(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    monkeypatch.setattr(outfolder, "write_file", fail_on_second)
    with pytest.raises(OSError, match="simulated"):
        build_corpus(corpus, out)
    assert tree(out) == before
    assert leftovers(out) == []


def test_an_interrupt_while_swapping_restores_the_old_folder(tmp_path, monkeypatch):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    before = tree(out)
    corpus = copy_mini(tmp_path / "corpus", lambda d: d.update(title="A new title"))
    renames = []

    def replace(source, target):
        if renames:  # the second rename: one file is new already
            raise KeyboardInterrupt
        renames.append(target)
        os.replace(source, target)

    monkeypatch.setattr(outfolder, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        build_corpus(corpus, out)
    assert renames and tree(out) == before
    assert leftovers(out) == []


def test_notebooks_of_removed_modules_disappear(tmp_path):
    out = tmp_path / "modules"
    corpus = copy_mini(tmp_path / "corpus")
    build_corpus(corpus, out)
    assert (out / "mini" / "02-framing.ipynb").exists()

    def drop_framing(data):
        data["modules"] = data["modules"][:1]
        data["questions"] = [q for q in data["questions"] if q["module"] != "framing"]

    build_corpus(copy_mini(corpus, drop_framing), out)
    assert sorted(tree(out)) == [".samestory-build.json", "README.md", "mini/01-whose-words.ipynb"]
    assert not (out / "mini" / "02-framing.ipynb").exists()


def test_answer_logs_and_other_files_in_the_old_folder_are_kept(tmp_path):
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    logs = {
        "mini/01-whose-words.samestory-log.jsonl": b'{"format": "samestory-log/1"}\n',
        "gone-story/work/x.samestory-log.jsonl": b"{}\n",
    }
    for name, data in logs.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    (out / "mini" / "stray.txt").write_text("not ours")
    build_corpus(FIXTURE_CORPUS, out)
    files = tree(out)
    assert all(files[name] == data for name, data in logs.items())
    assert files["mini/stray.txt"] == b"not ours"  # the build did not write it


def test_a_killed_build_is_cleaned_up_by_the_next_one(tmp_path):
    # SIGKILL gives no chance to clean up: the next build must, and must not lose
    # the previous modules when the kill came between the two renames of the swap
    # that builds before in-place writing did (test_build_swap.py tests today's).
    out = tmp_path / "modules"
    build_corpus(FIXTURE_CORPUS, out)
    before = tree(out)
    (tmp_path / ".modules.new-half").mkdir()
    (tmp_path / ".modules.new-half" / "partial.ipynb").write_text("{")
    out.rename(tmp_path / ".modules.old-moved")  # killed right after moving it aside
    build_corpus(FIXTURE_CORPUS, out)
    assert tree(out) == before
    assert leftovers(out) == []


def test_a_symlinked_output_folder_stays_a_symlink(tmp_path):
    real = tmp_path / "real-modules"
    build_corpus(FIXTURE_CORPUS, real)
    link = tmp_path / "modules"
    link.symlink_to(real, target_is_directory=True)
    build_corpus(copy_mini(tmp_path / "corpus"), link)
    assert link.is_symlink() and (real / "README.md").read_text().count("No launch links") == 1


def test_a_broken_story_exits_2_and_writes_nothing(tmp_path):
    corpus = copy_mini(tmp_path / "corpus")
    story = corpus / "mini" / "story.yaml"
    story.write_text(story.read_text().replace("family: numeric", "family: numbers"))
    out = tmp_path / "modules"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(corpus), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 2, run.stderr
    assert "story.yaml" in run.stderr and "nothing was written" in run.stderr
    assert not out.exists() and leftovers(out) == []


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.txt").write_text("do not delete")
    with pytest.raises(UsageError, match="not written by samestory build"):
        build_corpus(FIXTURE_CORPUS, out)
    assert (out / "thesis.txt").read_text() == "do not delete"


def test_progress_goes_to_stderr_for_more_than_five_stories(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    for n in range(6):
        write_story(corpus, {**mini_data(), "id": f"story-{n}"})
    lines = build_corpus(corpus, tmp_path / "modules")
    assert len(lines) == 6
    err = capsys.readouterr().err
    assert "[1/6] story-0" in err and "[6/6] story-5" in err


# ---------------------------------------------------------------- index


def test_index_links_every_module_three_ways(built):
    out, _ = built
    index = (out / "README.md").read_text(encoding="utf-8")
    binder = "https://mybinder.org/v2/gh/samestory/samestory/main"
    assert (
        f"[launch in JupyterLab]({binder}?urlpath=lab/tree/modules/mini/02-framing.ipynb)" in index
    )
    assert f"({binder}?urlpath=voila/render/modules/mini/01-whose-words.ipynb)" in index
    assert (
        "(https://samestory.github.io/samestory/lab/index.html?path=mini/02-framing.ipynb)" in index
    )
    assert "Point at the words that carry a frame" in index


def test_index_without_settings_has_no_links_and_says_why(tmp_path):
    out = tmp_path / "modules"
    build_corpus(copy_mini(tmp_path / "corpus"), out)
    index = (out / "README.md").read_text(encoding="utf-8")
    assert "mybinder.org" not in index and "No launch links" in index


# ---------------------------------------------------------------- notebook structure


@pytest.fixture(scope="module")
def specs(tmp_path_factory):
    return module_specs(load_single(copy_mini(tmp_path_factory.mktemp("corpus"))))


def test_notebooks_are_valid_with_stable_ids_and_hidden_one_call_code(specs):
    for spec in specs:
        nb = render_module(spec)
        nbformat.validate(nb)
        ids = [c.id for c in nb.cells]
        assert len(set(ids)) == len(ids) and all(CELL_ID.match(i) for i in ids)
        assert nb.metadata.samestory == {
            "story": "mini",
            "module": spec["module"],
            "version": spec["version"],
        }
        assert nb.metadata.kernelspec.name == "python3"
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.metadata.jupyter.source_hidden is True
                first, *rest = cell.source.splitlines()
                assert first.startswith("# samestory: ")
                assert len(rest) == 1 or cell.id == "setup"


def test_cell_layout(specs):
    nb = render_module(specs[1])
    assert [c.id for c in nb.cells] == [
        "title",
        "how-to-run",
        "setup",
        "learner",
        "sources-heading",
        "sources",
        "questions-heading",
        "progress",
        "h-closure-framing--words",
        "q-closure-framing--words",
        "h-closure-framing--frames",
        "q-closure-framing--frames",
        "h-closure-framing--voices",
        "q-closure-framing--voices",
        "h-betrayal-words",
        "q-betrayal-words",
        "h-your-view",
        "q-your-view",
        "summary-heading",
        "summary",
        "results-heading",
        "results",
        "download-heading",
        "download",
    ]
    # the number only: the runtime's heading and statement say what it is about
    assert nb.cells[8].source == "### Question 1 of 5"
    assert nb.cells[9].source == (
        '# samestory: question 1 of 5\nm.show_question("closure-framing/words")'
    )


def test_cells_equal_what_the_nbformat_helpers_make(specs):
    nb = render_module(specs[0])
    for cell in nb.cells:
        helper = (
            nbformat.v4.new_code_cell if cell.cell_type == "code" else nbformat.v4.new_markdown_cell
        )
        kwargs = {"metadata": cell.metadata} if cell.cell_type == "code" else {}
        assert helper(cell.source, id=cell.id, **kwargs) == cell
    assert nbformat.v4.new_notebook(cells=nb.cells, metadata=nb.metadata) == nb


def test_file_text_is_exactly_what_nbformat_writes(specs):
    from generator.notebook import notebook_file_text

    for spec in specs:
        assert notebook_file_text(spec) == nbformat.writes(render_module(spec)) + "\n"


def test_setup_cell_passes_the_spec_as_one_encoded_string_literal(specs):
    setup = render_module(specs[0]).cells[2]
    lines = setup.source.splitlines()
    assert lines[:2] == ["# samestory: load this module", "from generator import runtime"]
    call = ast.parse(lines[2]).body[0].value
    (literal,) = call.args
    assert isinstance(literal, ast.Constant)
    assert literal.value.startswith("samestory-z1:") and literal.value.isascii()
    assert json.loads(decode_spec_text(literal.value)) == specs[0]
    assert spec_from_setup(setup.source) == specs[0]


def test_an_old_setup_cell_with_the_json_literal_still_gives_its_spec(specs):
    old = (
        "# samestory: load this module\nfrom generator import runtime\n"
        f"m = runtime.load_module({json.dumps(specs[0], sort_keys=True)!r})"
    )
    assert spec_from_setup(old) == specs[0]
    with pytest.raises(ValueError, match="no load_module"):
        spec_from_setup("m.show_learner()")


def test_no_answer_or_explanation_is_readable_in_a_built_notebook(built):
    """What a click on the hidden first cell shows must not give the key away: no
    explanation, no key field, no passage, no answer label or figure in any cell."""
    out, _ = built
    for path in sorted(out.glob("*/*.ipynb")):
        text = path.read_text(encoding="utf-8")
        spec = spec_from_setup(nbformat.reads(text, as_version=4).cells[2].source)
        # Question ids are in the show_question calls by design (the author names them).
        code = "\n".join(
            line
            for c in nbformat.reads(text, as_version=4).cells
            if c.cell_type == "code"
            for line in c.source.splitlines()
            if not line.startswith("m.show_question(")
        )
        assert '"answer"' not in text and "explanation" not in text, path.name
        for claim in spec["claims"].values():
            assert claim["explanation"][:40] not in text, path.name
            for passage in claim["passages"]:
                assert passage["quote"][:30] not in code, path.name
        for q in spec["questions"]:
            if q["explanation"]:  # a reflection may have none
                assert q["explanation"][:40] not in text, (path.name, q["id"])
            for shown in readable_answers(q):
                assert not readable_in(shown, code), (path.name, q["id"], shown)


def readable_answers(question: dict) -> list[str]:
    """The key of a question as the texts a learner could search the cell for."""
    answer = question.get("answer")
    if question["kind"] in ("choice", "multi", "match"):
        labels = answer.values() if isinstance(answer, dict) else [answer]
        return [
            label for entry in labels for label in ([entry] if isinstance(entry, str) else entry)
        ]
    if question["kind"] == "number":
        return [f"{answer:g}", f"{answer:,.0f}"]
    if question["kind"] == "words":
        return [" ".join(question["tokens"][i] for i in answer)]
    return []


def readable_in(text: str, code: str) -> bool:
    """``text`` stands in ``code`` as words, not by chance inside the base64 run of the
    literal (where "40" or "police" can occur among random letters and digits)."""
    base64_char = r"[A-Za-z0-9+/=]"
    pattern = rf"(?<!{base64_char}){re.escape(text)}(?!{base64_char})"
    return re.search(pattern, code) is not None


def test_the_encoded_literal_is_deterministic_and_refuses_damage(specs):
    shuffled = dict(reversed(list(specs[0].items())))  # same spec, keys in another order
    assert encode_spec(shuffled) == encode_spec(specs[0])
    literal = encode_spec(specs[0])
    assert json.loads(decode_spec_text(literal)) == specs[0]
    for damaged, why in [
        (literal[:-7], "damaged|base64"),
        (literal[:40] + "!" + literal[41:], "base64"),
        ("samestory-z1:" + base64.b64encode(b"not zlib").decode(), "damaged"),
        ("samestory-z1:" + base64.b64encode(zlib.compress(b"\xff\xfe")).decode(), "UTF-8"),
    ]:
        with pytest.raises(ValueError, match=why):
            decode_spec_text(damaged)


def test_long_question_ids_give_short_stable_cell_ids(tmp_path):
    from generator.notebook import cell_id

    long = "a" * 80 + "/credited"
    assert CELL_ID.match(cell_id("q", long)) and cell_id("q", long) == cell_id("q", long)
    assert cell_id("q", long) != cell_id("q", "a" * 81 + "/credited")


def test_validate_and_key_do_not_import_nbformat(tmp_path):
    code = (
        "import sys, io, contextlib\nfrom generator.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['validate', {str(FIXTURE_CORPUS)!r}])\n"
        f"    main(['key', {str(FIXTURE_CORPUS)!r}, '-o', {str(tmp_path / 'k.json')!r}])\n"
        "assert 'nbformat' not in sys.modules, 'nbformat was imported'\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", ["01-whose-words", "02-framing"])
def test_fixture_notebook_runs_and_the_key_scores_full_marks(built, specs, name, tmp_path):
    from build_helpers import run_with_submissions

    out, _ = built
    spec = next(s for s in specs if name.endswith(s["module"]))
    report = run_with_submissions(out / "mini" / f"{name}.ipynb", spec, tmp_path)
    graded = [q for q in spec["questions"] if q["graded"]]
    assert report["key"] == {q["id"]: [q["kind"], 1.0, True] for q in graded}
    assert report["score"] == report["max_score"] == len(graded)
    assert all(points < 1.0 for points in report["wrong"].values()), report["wrong"]
    assert not list(out.rglob("*.samestory-log.jsonl")), "the kernel wrote beside the notebook"
