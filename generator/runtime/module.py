"""A module loaded in a kernel: its questions, the learner's answers, and what the
notebook's cells show (DESIGN.md, "Learner API (contract)").

State first, widgets second: a check through the learner API and a click on Check
run the same :meth:`Module._check`; widgets are built when a cell shows them and
then mirror the state (so answers restored from the log show up in them too).
"""

from __future__ import annotations

import copy
import sys
import traceback
from pathlib import Path
from typing import Any

from . import order, output, records, session
from .answerlog import AnswerLog
from .evidence import evidence_html, header_html
from .feedback import Stage, feedback_html, recorded_html
from .phrases import Phrases
from .question import Feedback, Question
from .records import (
    CONFIDENCE,
    Attempt,
    results_bundle,
    results_record,
)
from .resultsview import IN_BROWSER, download_box_html, results_html
from .reuseview import ReuseMap
from .scoring import Scored, recorded, score
from .style import STYLE
from .summary import summary_html
from .testmode import is_test, test_phrases
from .testmode import summary_html as test_summary_html
from .texthtml import esc
from .views import Page

_active: Module | None = None


def active_module() -> Module:
    """The module displayed (or loaded) most recently in this kernel."""
    if _active is None:
        raise RuntimeError(
            "no samestory module is loaded in this kernel: run the notebook's first cell"
        )
    return _active


def set_active(module: Module) -> None:
    global _active
    _active = module


class Module(session.Visit):
    def __init__(self, spec: dict[str, Any], log_dir: Path) -> None:
        self.spec = spec
        # A pretest/posttest records answers and shows no key (runtime/testmode.py).
        self.testing = is_test(spec)
        self.say = Phrases(
            test_phrases(spec["text"]) if self.testing else spec["text"],
            spec.get("text_plural"),
            spec.get("plural_forms"),
        )
        self.page = Page(spec, self.say)
        self.story: str = spec["story"]
        self.module: str = spec["module"]
        self.title: str = spec["title"]
        self.version: str = spec["version"]
        self.notices: list[str] = []
        self._learner = ""
        self._updated = records.now()
        # Every visit starts empty: the learner's own log is opened when they type
        # their name, and its answers come back only when they resume (session.py).
        self._folder = log_dir
        self._log: AnswerLog | None = None
        self._pending: list[dict[str, Any]] = []  # lines checked before a name
        self.offer: session.Offer | None = None  # earlier answers this learner may resume
        self._log_trouble: str | None = None
        self._log_trouble_told = False
        # The option order of this visit, written with the first line of each log.
        self.seed: str = order.KERNEL_SEED
        self._seeded: set[Path] = set()
        self.questions: dict[str, Question] = {
            q["id"]: Question(self, q, self.seed) for q in spec["questions"]
        }
        # claim id -> its last question carrying the claim's explanation: that one shows it
        self._explainer: dict[str, str] = {
            q["claim"]: q["id"]
            for q in spec["questions"]
            if q.get("claim") in spec["claims"]
            and q.get("explanation") == spec["claims"][q["claim"]].get("explanation")
        }
        self._evidence_html: dict[tuple[str, bool], str] = {}  # (question id, hinted) -> html
        self._handles: list[Any] = []
        self._reuse_map = ReuseMap(self.page, self.questions)
        self._views: dict[str, list[Any]] = {
            "learner": [],
            "progress": [],
            "summary": [],
            "download": [],
            "notices": [],
            "resume": [],
            "results": [],
            "reuse": [],
        }

    def __repr__(self) -> str:
        return f"<samestory module {self.story}/{self.module}: {len(self.questions)} questions>"

    @property
    def log_path(self) -> Path | None:
        """The learner's answer log (None until a name is typed)."""
        return self._log.path if self._log else None

    # ------------------------------------------------------------ results

    def results(self) -> dict[str, Any]:
        """The results record (DESIGN.md, "Results (contract)")."""
        states = {qid: q.state for qid, q in self.questions.items()}
        return copy.deepcopy(results_record(self.spec, self._learner, self._updated, states))

    def download_html(self) -> str:
        return download_box_html(self.results(), self.say, in_browser=IN_BROWSER)

    # ------------------------------------------------------------ checking

    def _score(self, question: Question, response: Any) -> Scored:
        """Scored; in a test only checked for form (the notebook has no key)."""
        return (recorded if self.testing else score)(question.spec, response)

    def _check(self, question: Question, response: Any, confidence: Any = None) -> Feedback:
        scored = self._score(question, session.clean_response(response))
        notice = None
        if scored.valid:
            attempt = self._attempt(question, scored, confidence, records.now())
            self._updated = attempt.at
            notice = self._write(
                question.id, scored.response, attempt.score, attempt.at, attempt.extras()
            )
            self._after_attempt(question, scored)
        feedback = question.feedback = self._feedback(question, scored, notice=notice)
        self._show_feedback(question, scored.response if scored.valid else None)
        if scored.valid:
            self._refresh()
        return feedback

    def _attempt(self, question: Question, scored: Scored, confidence: Any, at: str) -> Attempt:
        """Record one valid check, with what the learner had been shown before it."""
        asked = question.asks_confidence and question.state.first is None
        attempt = Attempt(
            scored.response,
            None if self.testing else scored.score,
            at,
            confidence=confidence if asked and confidence in CONFIDENCE else None,
            hinted=question.hint_shown,
            revealed=question.answer_shown,
        )
        question.state.add(attempt)
        question._response, question._scored = scored.response, scored
        return attempt

    def _after_attempt(self, question: Question, scored: Scored) -> None:
        """A first miss gives the hint; a right answer or a second miss shows the answer.
        A test shows neither."""
        if self.testing:
            return
        if not question.graded or scored.correct or question.attempts > 1:
            question.answer_shown = True
        else:
            question.hint_shown = True

    def _reveal(self, question: Question) -> Feedback | None:
        if self.testing or question._scored is None or not question.hinting:
            return question.feedback if question._scored is not None else None
        question.answer_shown = True
        question.feedback = self._feedback(question, question._scored)
        self._show_feedback(question, None)
        self._refresh_reuse_map()  # an answer shown may open it
        return question.feedback

    def _check_from_widget(self, question: Question, response: Any, confidence: Any) -> None:
        # A button callback's exception would vanish into the log console; the
        # learner must see that something went wrong, and the developer why.
        try:
            self._check(question, response, confidence)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            if question._view is not None:
                html = self.page.wrap(self.page.para("internal_error"), "samestory-feedback")
                question._view.feedback.value = html

    def _show_feedback(self, question: Question, response: Any) -> None:
        if question._view is not None and question.feedback is not None:
            question._view.show(
                response,
                question.feedback.html,
                evidence_html=self._evidence(question),
                offer_reveal=question.hinting,
                first_confidence=question.state.first.confidence if question.state.first else None,
            )

    def _evidence(self, question: Question) -> str:
        """The passages beside a question (kept: whole source texts are long)."""
        key = (question.id, question.hinting)
        if key not in self._evidence_html:
            self._evidence_html[key] = evidence_html(self.page, question.spec, hinted=key[1])
        return self._evidence_html[key]

    def _feedback(
        self,
        question: Question,
        scored: Scored,
        *,
        notice: str | None = None,
        restored_at: str | None = None,
    ) -> Feedback:
        verdict = self.page.verdict(question.spec, scored)
        if self.testing and scored.valid:
            verdict = self.say("test_recorded")
        message = verdict if scored.valid else f"{verdict}: {self.page.problem(scored)}"
        stage = Stage(
            hint=question.hinting,
            explained_by=self._explained_by(question) if scored.valid else None,
            restored_at=restored_at,
            notice=notice,
        )
        shown = recorded_html if self.testing else feedback_html
        html = shown(self.page, question.spec, scored, question.state, stage)
        return Feedback(
            score=scored.score,
            correct=scored.correct,
            valid=scored.valid,
            counted=scored.valid,
            attempts=question.state.attempts,
            message=message,
            html=html,
            restored=restored_at is not None,
            scored=not self.testing,
        )

    def _explained_by(self, question: Question) -> str | None:
        """The heading of the question whose feedback explains this claim, or None when
        this one does: the claim's last question in the module. An explanation names
        what every question of its claim asks, so shown earlier it would answer the
        questions still to come (the walk-through leak test reads it that way)."""
        claim = self.spec["claims"].get(question.claim or "")
        if claim is None or question.explanation != claim.get("explanation"):
            return None
        carrier = self._explainer.get(question.claim or "", question.id)
        return None if carrier == question.id else self.questions[carrier].heading

    # ------------------------------------------------------------ what the cells show

    def _refresh(self) -> None:
        """Bring every display of the module up to date after a check or name change."""
        record = self.results()
        bundle = results_bundle(record, self.spec, self.say)
        for handle in self._handles:
            output.update(handle, bundle)
        for bar, label in self._views["progress"]:
            bar.value, label.value = self._progress()
        for summary in self._views["summary"]:
            summary.value = self._summary_html()
        for link in self._views["download"]:
            link.value = self._download_box(record)
        for table in self._views["results"]:
            table.value = STYLE + results_html(record, self.spec, self.say)
        for notices in self._views["notices"]:
            notices.value = self._notices_html()
        if self._views["resume"]:
            from . import controls

            for button in self._views["resume"]:
                controls.show_offer(button, self.say, self.offer)
        self._refresh_reuse_map()

    def _refresh_reuse_map(self) -> None:
        for view in self._views["reuse"]:
            view.value = self.reuse_map_html()

    def reuse_map_html(self) -> str:
        """The reuse map as it stands: closed until the questions it would answer have
        their answers shown; "" when no two texts share a passage."""
        return self._reuse_map.html()

    def _download_box(self, record: dict[str, Any]) -> str:
        return STYLE + download_box_html(record, self.say, in_browser=IN_BROWSER)

    def _progress(self) -> tuple[int, str]:
        checked = sum(1 for q in self.questions.values() if q.attempts)
        text = self.say("progress", checked=checked, total=len(self.questions))
        return checked, self.page.wrap(f"<p>{esc(text)}</p>", "samestory-progress")

    def _summary_html(self) -> str:
        states = {qid: q.state for qid, q in self.questions.items()}
        shown = test_summary_html if self.testing else summary_html
        return STYLE + shown(self.page, states)

    def _notices_html(self) -> str:
        if not self.notices:
            return ""
        notes = "".join(f"<p>{esc(n)}</p>" for n in self.notices)
        return self.page.wrap(notes, "samestory-notices", role="status")

    def show_learner(self) -> None:
        """The name/ID field (and any notice about the answer log)."""
        from . import controls

        set_active(self)
        field = controls.learner_field(self.say, self._learner)
        field.observe(lambda change: setattr(self, "learner", change["new"]), names="value")
        resume = controls.resume_button(self.say, lambda: self.resume())
        controls.show_offer(resume, self.say, self.offer)
        notices = controls.html(self._notices_html())
        self._views["learner"].append(field)
        self._views["resume"].append(resume)
        self._views["notices"].append(notices)
        output.display(controls.styled_box([field, resume, notices]))

    def show_sources(self) -> None:
        """Source cards, each with its full text (kept in the saved notebook)."""
        set_active(self)
        titles = "\n".join(f"- {s['title']} ({s['outlet']})" for s in self.spec["sources"])
        bundle = {"text/html": STYLE + self.page.sources_html(), "text/plain": titles}
        output.display(bundle, raw=True)

    def show_reuse_map(self) -> None:
        """The reuse map below the sources (it opens by itself after its questions)."""
        from . import controls

        set_active(self)
        view = controls.html(self.reuse_map_html())
        self._views["reuse"].append(view)
        output.display(controls.styled_box([view]))

    def show_progress(self) -> None:
        from . import controls

        set_active(self)
        value, text = self._progress()
        bar, label = controls.progress(self.say, value, len(self.questions), text)
        self._views["progress"].append((bar, label))
        output.display(controls.styled_box([bar, label]))

    def show_question(self, question_id: str) -> None:
        from . import controls

        set_active(self)
        question = self.questions.get(question_id)
        if question is None:
            raise ValueError(
                f"no question {question_id!r} in module {self.module!r}; "
                f"its questions are {', '.join(self.questions)}"
            )
        if question._view is None:
            number = list(self.questions).index(question_id) + 1
            shown = {**question.spec, "options": question.options}
            question._view = controls.QuestionView(
                shown,
                self.say,
                header_html(self.page, question.spec, number, len(self.questions)),
                self._evidence(question),
                lambda response, sure: self._check_from_widget(question, response, sure),
                lambda: self._reveal(question),
            )
            if question.feedback is not None:
                self._show_feedback(question, question._response)
        output.display(question._view.box)

    def show_summary(self) -> None:
        from . import controls

        set_active(self)
        summary = controls.html(self._summary_html())
        self._views["summary"].append(summary)
        output.display(controls.styled_box([summary]))

    def show_results(self) -> None:
        """The results record as one display output, updated after every check (what
        a saved notebook keeps); and the same table as a widget, shown only in Voila,
        which renders display outputs once and ignores their updates (style.py)."""
        from . import controls

        set_active(self)
        record = self.results()
        live = controls.html(STYLE + results_html(record, self.spec, self.say))
        live.add_class("samestory-results-live")
        self._views["results"].append(live)
        output.display(live)
        bundle = results_bundle(record, self.spec, self.say)
        handle = output.display(bundle, raw=True, display_id=True)
        if handle is not None:
            self._handles.append(handle)

    def show_download(self) -> None:
        from . import controls

        set_active(self)
        link = controls.html(self._download_box(self.results()))
        self._views["download"].append(link)
        output.display(controls.styled_box([link]))
        self._back_to_the_top()

    def _back_to_the_top(self) -> None:
        """The download cell is the notebook's last: after Run All, JupyterLab leaves
        the page at the bottom; focusing the name field (near the top) brings the
        learner back to where the module starts, and asks for the name first."""
        for field in self._views["learner"][:1]:
            field.focus()
