"""The widgets a learner meets: a question's view (its input per kind is in
inputs.py, shared layouts in layout.py), the name field, the resume button, progress.

Imported only when a module is displayed, so ``import generator.runtime`` stays fast.
Every control is keyboard operable (radio buttons, checkboxes, dropdowns, toggle
buttons, text fields) and labelled by its ``description``; widths are relative
(100%, max-width) and rows wrap, so a question reads in a 390 px wide window.
Widget descriptions are plain text (ipywidgets does not render them as HTML), so
corpus text in option labels needs no escaping; HTML widgets get escaped HTML only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from .inputs import INPUTS
from .layout import SHOWN, column, fill, inner, labelled, question_width, styled_box
from .phrases import Phrases
from .records import CONFIDENCE
from .style import STYLE

__all__ = ["QuestionView", "html", "learner_field", "progress", "resume_button", "show_offer"]
__all__ += ["styled_box"]  # module.py lays out its boxes with it


class QuestionView:
    """One question: heading and statement on top; beside each other the passages
    (the evidence) and the answer controls with Check and the feedback under it,
    wrapping into one column on a narrow screen (flex-wrap, no script).

    ``q`` lists its options in the order this learner sees them."""

    def __init__(
        self,
        q: dict[str, Any],
        say: Phrases,
        header_html: str,
        evidence_html: str,
        on_check: Callable[[Any, str | None], None],
        on_reveal: Callable[[], None],
    ) -> None:
        self.input = INPUTS[q["kind"]](q, say)
        self.confidence = confidence_control(say) if q.get("confidence") else None
        self.check = widgets.Button(
            description=say("check"),
            button_style="primary",
            layout=widgets.Layout(width="auto", align_self="flex-start"),
        )
        self.check.on_click(lambda _button: on_check(self.input.get(), self.confidence_value()))
        # Offered only after a first miss (see show()): the answer is never one click
        # away before the learner has tried.
        self.reveal = widgets.Button(
            description=say("show_answer"), layout=widgets.Layout(width="auto", display="none")
        )
        self.reveal.on_click(lambda _button: on_reveal())
        self.evidence = widgets.HTML(value=evidence_html, layout=column("20rem"))
        answer_parts = [self.input.widget]
        if self.confidence is not None:
            answer_parts.append(self.confidence)
        buttons = widgets.HBox([self.check, self.reveal], layout=fill())
        buttons.add_class("samestory-row")
        answer_parts.append(buttons)
        # The feedback right under Check, beside the passages it talks about.
        self.feedback = widgets.HTML(value="", layout=inner())
        answer_parts.append(self.feedback)
        self.answer = widgets.VBox(answer_parts, layout=column("18rem"))
        row = widgets.HBox(
            [self.evidence, self.answer] if evidence_html else [self.answer],
            layout=widgets.Layout(width="100%", flex_flow="row wrap"),
        )
        row.add_class("samestory-row")
        prompt = widgets.HTML(value=STYLE + header_html, layout=inner())
        self.box = widgets.VBox([prompt, row], layout=question_width())
        self.box.add_class("samestory")
        self.box.add_class("samestory-question")

    def confidence_value(self) -> str | None:
        return None if self.confidence is None else self.confidence.value

    def show(
        self,
        response: Any,
        feedback_html: str,
        *,
        evidence_html: str | None = None,
        offer_reveal: bool = False,
        first_confidence: str | None = None,
    ) -> None:
        if response is not None:
            self.input.set(response)
            if self.confidence is not None:
                # Asked once, for the first attempt: what was chosen stays, fixed.
                self.confidence.value = first_confidence
                self.confidence.disabled = True
        if evidence_html is not None and self.evidence.value != evidence_html:
            self.evidence.value = evidence_html
        self.reveal.layout.display = SHOWN if offer_reveal else "none"
        self.feedback.value = feedback_html

    def clear(self) -> None:
        """Back to unanswered (another learner named, or before a resume)."""
        self.input.clear()
        if self.confidence is not None:
            self.confidence.value = None
            self.confidence.disabled = False
        self.reveal.layout.display = "none"
        self.feedback.value = ""


def confidence_control(say: Phrases) -> widgets.RadioButtons:
    """ "How sure are you?": three levels, none chosen; stored with the first attempt."""
    return widgets.RadioButtons(
        options=[(say("confidence_" + level.replace("-", "_")), level) for level in CONFIDENCE],
        value=None,
        description=say("confidence_label"),
        style=labelled(),
        layout=fill(),
    )


def html(value: str) -> widgets.HTML:
    return widgets.HTML(value=value, layout=inner())


def learner_field(say: Phrases, name: str) -> widgets.Text:
    # continuous_update=False: the name is taken on Enter or when the field loses
    # focus, so the answer log gets one line per name, not one per keystroke.
    return widgets.Text(
        value=name,
        description=say("learner_label"),
        placeholder=say("learner_placeholder"),
        continuous_update=False,
        style=labelled(),
        layout=fill(),
    )


def resume_button(say: Phrases, on_resume: Callable[[], Any]) -> widgets.Button:
    """ "Resume my earlier answers (…)": shown only while there is something to resume
    for the learner named (:func:`show_offer`); never pressed for them."""
    button = widgets.Button(
        description="", layout=widgets.Layout(width="auto", max_width="100%", display="none")
    )
    button.add_class("samestory-resume")
    button.on_click(lambda _button: on_resume())
    return button


def show_offer(button: widgets.Button, say: Phrases, offer: Any) -> None:
    if offer is None:
        button.layout.display = "none"
        return
    from .records import local_time

    button.description = say("resume_offer", count=offer.answered, time=local_time(offer.last_at))
    button.tooltip = button.description
    button.layout.display = SHOWN


def progress(
    say: Phrases, value: int, total: int, text_html: str
) -> tuple[widgets.IntProgress, widgets.HTML]:
    bar = widgets.IntProgress(
        value=value,
        min=0,
        max=max(total, 1),
        description=say("progress_label"),
        style=labelled(),
        layout=inner(),
    )
    return bar, html(text_html)
