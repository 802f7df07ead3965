"""Languages (issue 15, item 4): every learner-facing phrase has a Russian translation,
the compiled catalogs match their .po files, translations keep their fields, plural
forms are chosen by the language's own rule, and a module written in Russian runs
through the learner API in Russian."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, meta

from generator import runtime
from generator.i18n import LOCALE_DIR, phrase_messages, speaking, translated_languages
from generator.notebook import spec_from_setup
from generator.runtime.phrases import Phrases, fields_of
from generator.templating import macro

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = translated_languages()  # every catalog in generator/locale
RU_STORIES = Path(__file__).parent / "fixtures" / "stories-ru"
JINJA_FIELD = re.compile(r"%\((\w+)\)s")


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "samestory.po"


def extracted() -> list[tuple[str | None, str | tuple[str, ...]]]:
    """(msgctxt, msgid) of every message the templates hold today, as `make
    i18n-extract` finds them through babel.cfg."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = []
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        found.append((context, message))
    return found


def key_of(message: str | tuple[str, ...]) -> str:
    return message if isinstance(message, str) else message[0]


@pytest.fixture(scope="module")
def messages():
    return extracted()


def test_russian_is_shipped():
    assert "ru" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_phrase_has_a_translation(language, messages):
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for context, message in messages:
        entry = catalog.get(key_of(message), context=context)
        strings = () if entry is None else entry.string
        strings = strings if isinstance(strings, (list, tuple)) else (strings,)
        if entry is None or entry.fuzzy or not strings or not all(strings):
            missing.append(f"{context or ''}|{key_of(message)}")
    assert not missing, (
        f"{len(missing)} message(s) without a {language} translation (msgctxt|msgid); "
        "run `make i18n-update`, translate them in "
        f"{po_path(language).relative_to(ROOT)}, then `make i18n-compile`:\n  "
        + "\n  ".join(missing)
    )


def test_every_rendered_phrase_is_a_message():
    """A phrase written so that the extractor misses it (a YAML block, single quotes)
    would stay English in every language without any test noticing: it must not."""
    from generator.building.moves import MOVES
    from generator.text import runtime_text, templates_folder

    folder = templates_folder()
    phrases = {
        m.context for m in phrase_messages((folder / "runtime_text.yaml.j2").read_text("utf-8"))
    }
    rendered = set(runtime_text({"language": "en"})) - {"language"}
    assert rendered == phrases, f'not one `key: "text"` line each: {rendered ^ phrases}'
    moves = {m.context for m in phrase_messages((folder / "moves.yaml.j2").read_text("utf-8"))}
    assert moves == {f"{move}.{part}" for move in MOVES for part in ("name", "rule")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_po_file(language):
    with po_path(language).open("rb") as handle:
        source = read_po(handle)
    with po_path(language).with_suffix(".mo").open("rb") as handle:
        compiled = read_mo(handle)

    def table(catalog, skip_fuzzy):
        return {
            (m.context, key_of(m.id)): tuple(m.string) if isinstance(m.string, list) else m.string
            for m in catalog
            if m.id and m.string and not (skip_fuzzy and m.fuzzy)
        }

    stale = set(table(source, True).items()) ^ set(table(compiled, False).items())
    assert not stale, "the .mo is stale: run `make i18n-compile`\n" + "\n".join(
        sorted(f"{c}|{i}" for (c, i), _ in stale)
    )
    assert compiled.plural_forms == source.plural_forms


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_passes_babels_own_checks(language):
    """What `make i18n-compile` (pybabel compile) checks: a message Babel takes for a
    %-format string (\"% of\" reads as %o) whose translation differs fails it."""
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle)
    problems = [f"{m.context}|{m.id}: {errors}" for m, errors in catalog.check()]
    assert not problems, "\n".join(problems)


def placeholders(text: str) -> set[str]:
    """The {fields}, %(fields)s and Jinja variables a message uses."""
    names = set(JINJA_FIELD.findall(text))
    if "{{" in text or "{%" in text:
        names |= {f"jinja:{n}" for n in meta.find_undeclared_variables(Environment().parse(text))}
    else:
        names |= fields_of(text)
    return names


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_field_and_parse(language):
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle)
    wrong = []
    for entry in catalog:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            used = placeholders(string)
            # A singular form may leave its count out ("осталась одна строка"); never
            # invent a field or drop another one.
            if not used <= wanted or wanted - used - {"num"} - set(_counts(entry)):
                wrong.append(f"{entry.context}|{ids[0]}: {sorted(used ^ wanted)}")
    assert not wrong, "translations whose fields differ from the English:\n" + "\n".join(wrong)


def _counts(entry) -> list[str]:
    return ["missing", "min_words", "limit", "count", "total"] if entry.pluralizable else []


# ---------------------------------------------------------------- plural forms


def russian_spec(tmp_path: Path) -> dict:
    """The Russian fixture module, built by the real command."""
    out = tmp_path / "modules"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(RU_STORIES), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    notebook = json.loads((out / "temirtau-voda" / "01-chi-slova.ipynb").read_text("utf-8"))
    setup = next(c for c in notebook["cells"] if "load_module" in "".join(c["source"]))
    return spec_from_setup("".join(setup["source"])) | {"_notebook": notebook}


@pytest.fixture(scope="module")
def ru_spec(tmp_path_factory):
    return russian_spec(tmp_path_factory.mktemp("ru"))


@pytest.mark.parametrize(
    ("n", "progress", "unchecked"),
    [
        (1, "Проверено: 0 из 1 вопроса", "Ещё не проверен 1 вопрос из 30."),
        (2, "Проверено: 0 из 2 вопросов", "Ещё не проверены 2 вопроса из 30."),
        (5, "Проверено: 0 из 5 вопросов", "Ещё не проверено 5 вопросов из 30."),
        (21, "Проверено: 0 из 21 вопроса", "Ещё не проверен 21 вопрос из 30."),
        (11, "Проверено: 0 из 11 вопросов", "Ещё не проверено 11 вопросов из 30."),
        (22, "Проверено: 0 из 22 вопросов", "Ещё не проверены 22 вопроса из 30."),
    ],
)
def test_russian_plural_forms_follow_the_catalogs_rule(ru_spec, n, progress, unchecked):
    say = Phrases(ru_spec["text"], ru_spec["text_plural"], ru_spec["plural_forms"])
    assert say("progress", checked=0, total=n) == progress
    assert say("summary_unchecked", count=n, total=30) == unchecked


def test_plural_forms_serve_only_the_phrase_they_were_built_for(ru_spec):
    # A phrase replaced after the build (a pretest's own "progress") keeps its own text.
    text = {**ru_spec["text"], "progress": "Отвечено: {checked} из {total}"}
    say = Phrases(text, ru_spec["text_plural"], ru_spec["plural_forms"])
    assert say("progress", checked=1, total=21) == "Отвечено: 1 из 21"
    assert say("summary_unchecked", count=21, total=30) == "Ещё не проверен 21 вопрос из 30."


def test_russian_plurals_in_every_counted_phrase(ru_spec):
    say = Phrases(ru_spec["text"], ru_spec["text_plural"], ru_spec["plural_forms"])
    assert "не меньше 1 слова" in say("problem_reflect_short", min_words=1)
    assert "не меньше 3 слов" in say("problem_reflect_short", min_words=3)
    assert "осталась 21 строка" in say("problem_match_missing", missing=21)
    assert say("log_skipped_many", count=2).startswith("2 строки журнала")
    assert say("log_skipped_many", count=5).startswith("5 строк журнала")
    # A score that is not a whole count keeps the general form.
    assert "из 6 баллов" in say("summary_score", score=2.5, max_score=6, percent=42)
    assert "из 1 балла" in say("summary_score", score=1, max_score=1, percent=100)


def test_figures_and_scores_in_feedback_use_the_languages_separators(ru_spec):
    say = Phrases(ru_spec["text"])
    assert (say.number(2500), say.number(2.5), say.score(0.5)) == ("2\xa0500", "2,5", "0,5")
    assert say.number(1234567.25) == "1\xa0234\xa0567,25"
    english = Phrases({"number_format": "1,234.5"})
    assert (english.number(2500), english.number(2.5), english.score(1 / 3)) == (
        "2,500",
        "2.5",
        "0.33",
    )
    assert Phrases({}).number(2500) == "2,500"  # an older spec: English separators


def test_times_use_the_modules_month_names(ru_spec):
    from generator.runtime.records import local_time

    say = Phrases(ru_spec["text"])
    assert local_time("2026-12-02T10:05:00+00:00", say.months()).split(", ")[0] in {
        "1 дек. 2026",
        "2 дек. 2026",
        "3 дек. 2026",
    }  # the kernel's local time zone decides the day
    assert Phrases({"months": "Jan|Feb"}).months() is None  # malformed: kernel's own names


def test_english_plurals_and_header(tmp_path):
    from build_helpers import copy_mini, load_single

    from generator.questions import module_specs

    spec = module_specs(load_single(copy_mini(tmp_path)))[0]
    assert spec["plural_forms"] == "nplurals=2; plural=(n != 1);"
    say = Phrases(spec["text"], spec["text_plural"], spec["plural_forms"])
    assert say("progress", checked=0, total=1) == "0 of 1 question checked"
    assert say("progress", checked=1, total=2) == "1 of 2 questions checked"
    assert say("problem_reflect_short", min_words=1).endswith("at least 1 word.")


def test_a_spec_with_a_broken_plural_rule_is_refused(ru_spec, tmp_path):
    spec = {k: v for k, v in ru_spec.items() if k != "_notebook"}
    bad = spec | {"plural_forms": "nplurals=3; plural=import os"}
    with pytest.raises(ValueError, match="plural_forms"):
        runtime.load_module(bad, log_dir=tmp_path)
    for rule in ("nplurals=3; plural=n/0;", "nplurals=2; plural=n%3;"):
        with pytest.raises(ValueError, match="plural_forms"):
            runtime.load_module(spec | {"plural_forms": rule}, log_dir=tmp_path)
    short = spec | {"text_plural": {"progress": {"count": "total", "forms": ["{total}"]}}}
    with pytest.raises(ValueError, match="must have 3 forms"):
        runtime.load_module(short, log_dir=tmp_path)


# ---------------------------------------------------------------- the Russian module


def test_russian_notebook_prose_and_questions(ru_spec):
    cells = ["".join(c["source"]) for c in ru_spec["_notebook"]["cells"]]
    prose = "\n".join(c for c in cells if not c.startswith("# samestory:"))
    assert "## Как запустить этот модуль" in prose
    assert "6 вопросов. Ваш прогресс:" in prose
    assert "ответьте на 6 вопросов." in prose
    assert "### Вопрос 1 из 6" in prose
    assert "How to run" not in prose and "Questions" not in prose
    # JupyterLab shows a hidden code cell's first line: it speaks Russian too.
    assert "# samestory: вопрос 1 из 6" in [c.splitlines()[0] for c in cells]
    assert "# samestory: загрузка модуля" in [c.splitlines()[0] for c in cells]
    headings = {q["id"]: q["heading"] for q in ru_spec["questions"]}
    assert headings["worn-pipe/credited"] == "Кому приписаны слова?"
    assert ru_spec["moves"]["who-is-credited"]["name"] == "Кому приписаны слова"
    figures = next(q for q in ru_spec["questions"] if q["id"] == "houses/figures")
    assert "около 40 домов" in figures["options"]
    assert ru_spec["text"]["check"] == "Проверить"


def test_russian_module_through_the_learner_api(ru_spec, tmp_path, shown, clock):
    spec = {k: v for k, v in ru_spec.items() if k != "_notebook"}
    m = runtime.load_module(spec, log_dir=tmp_path)
    m.learner = "Айгерим"
    same = m.questions["houses/same-count"]
    wrong = next(o for o in same.options if o.startswith("Нет"))
    first = same.submit(wrong)
    assert first.message == "✗ Пока нет"
    assert "Подсказка: Округлите" in first.html
    right = same.submit(next(o for o in same.options if o.startswith("Да")))
    assert right.message == "✓ Верно"
    assert "Попытка 2." in right.html
    invalid = m.questions["next-step"].submit("")
    assert invalid.message.startswith("✗ Не проверено") and not invalid.counted
    assert "Пока ничего не выбрано" in invalid.message
    m.show_progress()
    assert "Проверено: 1 из 6 вопросов" in widget_text(shown.last().obj)
    m.show_summary()
    summary = shown.last().obj.children[0].value
    assert "Ещё не проверено 5 вопросов из 6." in summary
    assert "Ваш результат: 0 из 6 баллов" in summary
    assert "Проверка цифр: 0 из 3" in summary
    assert m.results()["answers"]["houses/same-count"]["first"]["score"] == 0.0

    # A partly right match: its score is written the Russian way (0,33, not 0.33).
    credited = next(q for q in spec["questions"] if q["id"] == "worn-pipe/credited")
    keys = [item["key"] for item in credited["items"]]
    wrong_label = next(o for o in credited["options"] if o != credited["answer"][keys[1]])
    response = {**credited["answer"], keys[1]: wrong_label}
    partly = m.questions["worn-pipe/credited"].submit(response)
    assert partly.message.startswith("◐ Отчасти верно (2 из 3)")
    m.show_results()
    table = shown.last().data["text/markdown"]
    assert "| 1 | 0,67 | 0,67 |" in table and r"нояб\. 2026" in table


def widget_text(widget) -> str:
    """Every text value inside a widget tree."""
    own = str(getattr(widget, "value", "") or "") + str(getattr(widget, "description", "") or "")
    return own + "".join(widget_text(c) for c in getattr(widget, "children", ()))


def test_russian_printable_key(tmp_path):
    out = tmp_path / "key.html"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "key", "--printable", "-o", str(out), str(RU_STORIES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ru">' in html and "<h1>Ключ с ответами</h1>" in html
    assert "6 вопросов, блокнот 01-chi-slova.ipynb" in html
    assert "официальное заявление, 14 октября 2024" in html
    assert "Answer key" not in html and "Question" not in html


def test_figures_and_dates_as_the_language_writes_them():
    from generator.distractors import format_value

    assert (format_value(2500), format_value(2.5)) == ("2,500", "2.5")
    assert format_value("2022-01-07") == "7 January 2022"
    with speaking("ru"):
        assert (format_value(2500), format_value(2.5)) == ("2\xa0500", "2,5")
        assert format_value("2022-01-07") == "7 января 2022"


SUBMIT = """\
from generator import runtime
m = runtime.active_module()
m.learner = "Айгерим Нурланова"
for qid, answer in {key!r}.items():
    m.questions[qid].submit(answer)
"""


@pytest.mark.slow
def test_russian_notebook_in_a_kernel_exports_with_full_marks(tmp_path):
    """The real path: build, run in a kernel, answer, save, export against the Russian
    corpus (the export derives the same Russian questions and labels)."""
    import csv

    import nbformat
    from nbclient import NotebookClient

    spec = russian_spec(tmp_path)
    key = {q["id"]: q["answer"] for q in spec["questions"] if q.get("graded", True)}
    nb = nbformat.reads(json.dumps(spec["_notebook"]), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(SUBMIT.format(key=key), id="test-submit"))
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
    saved = tmp_path / "saved" / "01-chi-slova.ipynb"
    saved.parent.mkdir()
    nbformat.write(nb, saved)
    grades = tmp_path / "grades.csv"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "export", str(saved), "--corpus", str(RU_STORIES)]
        + ["-o", str(grades)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    (row,) = list(csv.DictReader(grades.open(encoding="utf-8", newline="")))
    assert row["learner"] == "Айгерим Нурланова"
    assert float(row["score"]) == float(row["max_score"]) == len(key)


def test_validate_warns_about_a_language_without_a_translation(tmp_path):
    from build_helpers import copy_mini

    def kazakh(data):
        data["language"] = "kk"

    corpus = copy_mini(tmp_path, kazakh)
    strict = [sys.executable, "-m", "generator", "validate", "--strict", str(corpus)]
    run = subprocess.run(strict, capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "story.yaml:" in run.stdout + run.stderr
    assert "language 'kk' has no translation" in run.stdout + run.stderr
    russian = [sys.executable, "-m", "generator", "validate", "--strict", str(RU_STORIES)]
    assert subprocess.run(russian, capture_output=True, text=True, cwd=ROOT).returncode == 0


def test_a_language_without_a_catalog_stays_english(tmp_path):
    from build_helpers import copy_mini, load_single

    from generator.questions import module_specs

    def kazakh(data):
        data["language"] = "kk"

    spec = module_specs(load_single(copy_mini(tmp_path, kazakh)))[0]
    assert spec["language"] == "kk"
    assert spec["text"]["check"] == "Check"
    assert spec["plural_forms"] == "nplurals=2; plural=(n != 1);"
    with speaking("kk"):
        assert macro("prompts.txt.j2", "heading_credited")() == "Who is credited?"
