"""The class report and the released feedback pages speak the stories' language
(issue 15, item 4): the Russian fixture story, given a pretest and a posttest, with
a few learners' results records made through the learner API, exported and released
by the real command line. The pages are read as a teacher or a learner reads them
(their visible text): no English phrase may be left, and figures take the Russian
decimal comma. A corpus whose stories disagree gives English pages about all of
them, and each learner's page still speaks its own module's language."""

from __future__ import annotations

import copy
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from feedback_helpers import answered, hand_in, module_specs_of, run_feedback
from report_helpers import report_data, run_cli

from generator import runtime

FIXTURES = Path(__file__).parent / "fixtures"
RU_STORY = "temirtau-voda"
PRE, PRACTICE, POST = "vhod", "chi-slova", "itog"
# Both tests ask both claims: the lint warns (a posttest on practised claims), which
# does not matter here; the report only needs a pretest and a posttest to pair.
TEST_MODULES = f"""modules:
  - id: {PRE}
    title: "Входной тест"
    role: pretest
    claims: [worn-pipe, houses]
  - id: {POST}
    title: "Итоговый тест"
    role: posttest
    claims: [worn-pipe, houses]
"""
# learner -> (pretest, practice, posttest): the question numbers answered wrong.
CLASS = {
    "Айгерим": ({0, 1}, {0}, set()),
    "Бекзат": ({0, 1, 2}, set(), {0}),
    "Дана": ({0}, {1, 2, 3}, {0, 1}),
    "Ержан": ({0, 1, 2, 3}, {0, 1, 2, 3, 4, 5}, {0, 1, 2, 3}),
}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
BAR_TITLE = re.compile(r"<title>(входной|итоговый) тест, \d+–\d+ %: (\d+) (\w+)</title>")


def russian_plural(n: int, word: str) -> str:
    """ученик, ученика, учеников: the three forms by the CLDR rule for Russian."""
    if n % 10 == 1 and n % 100 != 11:
        return word
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return word + "а"
    return word + "ов"


def russian_corpus(root: Path) -> Path:
    """The Russian fixture story copied under ``root`` with a pretest and a posttest."""
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "stories-ru" / RU_STORY, corpus / RU_STORY)
    story = corpus / RU_STORY / "story.yaml"
    text = story.read_text(encoding="utf-8")
    assert text.count("\nmodules:\n") == 1
    story.write_text(text.replace("\nmodules:\n", "\n" + TEST_MODULES, 1), encoding="utf-8")
    return corpus


def hand_in_class(specs: dict[str, dict], folder: Path) -> None:
    for n, (learner, wrong) in enumerate(CLASS.items()):
        for module, misses in zip((PRE, PRACTICE, POST), wrong, strict=True):
            # Айгерим leaves the pretest's last question out: "no answer" on her page.
            skip = {3} if (learner, module) == ("Айгерим", PRE) else ()
            log = folder / f"log-{n}-{module}"
            record = answered(specs[module], learner, log, misses, skip=skip)
            hand_in(folder / f"learner-{n}", f"{module}.json", record)


class _Visible(HTMLParser):
    """The text a reader sees (``<code>``, style and data blocks left out)."""

    HIDDEN = ("style", "script", "code")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self._hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def english_left(text: str, ids: set[str]) -> list[str]:
    """Latin words of three letters or more that are not ids (module, story) or the
    program's own name: English the page should not have."""
    return sorted({w for w in LATIN_WORD.findall(text) if w not in ids | {"samestory"}})


def page_of(folder: Path, learner_line: str, module: str) -> str:
    """The page of one learner and module (a Cyrillic name gives no ASCII file name:
    found by what the page says)."""
    (page,) = [
        text
        for path in folder.glob(f"*--{module}*.html")
        if learner_line in visible(text := path.read_text(encoding="utf-8"))
    ]
    return page


def id_words(*ids: str) -> set[str]:
    return {part for i in ids for part in LATIN_WORD.findall(i)}


@pytest.fixture(scope="module")
def russian_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("ru-class")
    corpus = russian_corpus(root)
    specs = module_specs_of(corpus)
    hand_in_class(specs, root / "subs")
    return corpus, specs, root


@pytest.fixture(scope="module")
def russian_report(russian_class):
    corpus, _specs, root = russian_class
    out = root / "class.html"
    done = run_cli(
        "export", root / "subs", "--corpus", corpus, "-o", root / "grades.csv", "--report", out
    )
    assert done.returncode == 0, done.stderr
    return out.read_text(encoding="utf-8")


def test_russian_class_report_headings_and_phrases(russian_report):
    page = russian_report
    assert '<html lang="ru">' in page
    text = visible(page)
    for heading in (
        "<h1>Отчёт по классу</h1>",
        '<h2 id="mastery-h">Освоение приёмов</h2>',
        '<h2 id="prepost-h">До и после: входной тест → итоговый тест</h2>',
        '<h2 id="items-h">Вопросы по приёмам</h2>',
        '<h2 id="help-h">Кому нужна помощь</h2>',
        "<h3>Уверенные ошибки</h3>",
    ):
        assert heading in page
    # A count in the language's own plural form (4: "ученика"; 1: "ученик").
    assert text.startswith("Отчёт по классу — samestory Отчёт по классу 4 ученика с ответами")
    bars = BAR_TITLE.findall(page)
    assert len(bars) == 20 and any(int(n) for _test, n, _word in bars)
    assert all(word == russian_plural(int(n), "ученик") for _test, n, word in bars), bars
    # Move names, column headings and the learners' change, all Russian.
    assert "Кому приписаны слова" in text
    assert '<th scope="col">Ученик</th>' in page and ">Различающая способность</th>" in page
    assert "Прошли оба теста 4" in text and "рост" in text
    for english in ("Class report", "Mastery", "Learner", "pretest", "improved", "Who needs"):
        assert english not in text
    ids = id_words(RU_STORY, PRE, PRACTICE, POST)
    assert english_left(text, ids) == []


def test_russian_class_report_writes_figures_with_a_decimal_comma(russian_report):
    data = report_data(russian_report)  # the data block stays as programs read it
    assert data["format"] == "samestory-class-report/1"
    (pair,) = data["prepost"]
    gain = f"{pair['gain']:.2f}"
    assert "." in gain
    assert f"<strong>{gain.replace('.', ',')}</strong>" in russian_report
    low, high = pair["gain_interval"]
    interval = f"интервал 95 %: от {low:.2f} до {high:.2f}".replace(".", ",")
    assert interval in visible(russian_report)
    assert "ниже 0,2 («⚠»)" in visible(russian_report)


@pytest.fixture(scope="module")
def russian_pages(russian_class):
    corpus, specs, root = russian_class
    # Дана answers the pretest's first question twice: her page says so, in Russian.
    twice = runtime.load_module(copy.deepcopy(specs[PRE]), log_dir=root / "twice-log")
    twice.learner = "Дана"
    first = specs[PRE]["questions"][0]
    from learner_walk import right_response, wrong_response

    twice.questions[first["id"]].submit(wrong_response(first))
    twice.questions[first["id"]].submit(right_response(first))
    hand_in(root / "twice", "vhod.json", twice.results())
    out = root / "pages"
    done = run_feedback(corpus, out, root / "subs", root / "twice")
    assert done.returncode == 0, done.stderr
    return out


def test_russian_feedback_page(russian_pages, russian_class):
    _corpus, specs, _root = russian_class
    page = page_of(russian_pages, "Ученик: Айгерим", PRE)
    assert '<html lang="ru">' in page
    text = visible(page)
    total = len(specs[PRE]["questions"])
    assert "Ученик: Айгерим" in text
    assert f"Баллы: {total - 3} из {total} (первые попытки)" in text  # two wrong, one skipped
    assert "По приёмам рассуждения" in text and "Кому приписаны слова" in text
    assert f"Вопрос 1 из {total}" in text and f"Вопрос {total} из {total}" in text
    assert "Нет ответа." in text and "Источники" in text
    assert "Ответ:" in text  # the skipped question's answer, as the key writes it
    for english in ("Learner", "Score", "Question", "Not answered", "The sources", " of "):
        assert english not in text
    assert english_left(text, id_words(RU_STORY, PRE)) == []


def test_a_russian_answer_given_twice_says_so_in_russian(russian_pages):
    pages = [p.read_text(encoding="utf-8") for p in russian_pages.glob(f"*--{PRE}*.html")]
    twice = [visible(p) for p in pages if "Ответ дан 2 раза" in p]
    assert len(twice) == 1 and "оценивается первый ответ" in twice[0]


def test_russian_feedback_index(russian_pages):
    page = (russian_pages / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in page and "<h1>Обратная связь по тестам</h1>" in page
    text = visible(page)
    assert "Ученик Модуль Баллы Страница" in text
    assert "Айгерим Входной тест 2 из 5" in text
    files = id_words(*(path.name for path in russian_pages.glob("*.html")))
    assert english_left(text, files | {"LMS"}) == []


# ---------------------------------------------------------------- stories that disagree


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A Russian and an English story in one corpus, a test of each handed in."""
    root = tmp_path_factory.mktemp("mixed")
    corpus = russian_corpus(root)
    shutil.copytree(FIXTURES / "report" / "bridge", corpus / "bridge")
    specs = module_specs_of(corpus)
    english = next(s for s in specs.values() if s["story"] == "bridge" and s["module"] == "before")
    hand_in(root / "subs", "ru.json", answered(specs[PRE], "Айгерим", root / "l1", {0}))
    hand_in(root / "subs", "en.json", answered(english, "Ann", root / "l2", {0}))
    return corpus, root


def test_stories_in_two_languages_give_an_english_report(mixed):
    corpus, root = mixed
    out = root / "class.html"
    done = run_cli(
        "export", root / "subs", "--corpus", corpus, "-o", root / "grades.csv", "--report", out
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<h1>Class report</h1>" in page
    assert "Отчёт" not in page


def test_stories_in_two_languages_each_page_in_its_own(mixed):
    corpus, root = mixed
    done = run_feedback(corpus, root / "pages", root / "subs")
    assert done.returncode == 0, done.stderr
    index = (root / "pages" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "<h1>Released feedback</h1>" in index
    russian = page_of(root / "pages", "Ученик: Айгерим", PRE)
    english = (root / "pages" / "ann--before.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in russian and "Ученик: Айгерим" in visible(russian)
    assert '<html lang="en">' in english and "Learner: Ann" in visible(english)
