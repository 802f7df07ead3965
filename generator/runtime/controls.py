"""The ipywidgets a learner answers with, one input per question kind.

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

from .phrases import Phrases
from .records import CONFIDENCE
from .style import STYLE

# A button shown again after display "none": an explicit value, not None, because
# JupyterLite's widget front end keeps "display: none" when a layout value goes back
# to None (JupyterLab's removes it).
SHOWN = "inline-block"


def full_width(**extra: str) -> widgets.Layout:
    """For boxes: the width of the output area, up to a comfortable reading width."""
    return widgets.Layout(width="100%", max_width="48rem", **extra)


def inner() -> widgets.Layout:
    """For a part of a box: as wide as the box, never wider."""
    return widgets.Layout(width="auto", max_width="100%")


def fill(**extra: str) -> widgets.Layout:
    """For a control in a box: as wide as the box (width 100% plus the widget's own
    margin would stick out of a narrow window), its parts wrapping onto new rows."""
    return widgets.Layout(width="auto", max_width="100%", flex_flow="row wrap", **extra)


def labelled() -> dict[str, str]:
    # "initial": the label is as wide as its text, never cut to the default 80 px.
    return {"description_width": "initial"}


def styled_box(children: list[widgets.Widget]) -> widgets.VBox:
    box = widgets.VBox(children, layout=full_width())
    box.add_class("samestory")
    return box


class Input:
    """One question's answer control: ``get()`` the response, ``set()`` to show one."""

    widget: widgets.Widget

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, response: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Nothing chosen or typed: the control before a first answer."""
        self.set(self.EMPTY)

    EMPTY: Any = None

    def reorder(self, options: list[str]) -> None:
        """Show the options in another learner order (once the learner is named)."""


class ChoiceInput(Input):
    def __init__(self, q: dict[str, Any], say: Phrases) -> None:
        self.widget = widgets.RadioButtons(
            options=list(q["options"]),
            value=None,
            description=say("answer_label"),
            style=labelled(),
            layout=fill(),
        )

    def get(self) -> Any:
        return self.widget.value

    def set(self, response: Any) -> None:
        self.widget.value = response

    def reorder(self, options: list[str]) -> None:
        value = self.widget.value
        self.widget.options = list(options)
        self.widget.value = value


class MultiInput(Input):
    EMPTY: Any = ()

    def __init__(self, q: dict[str, Any], say: Phrases) -> None:
        self.boxes = {
            label: widgets.Checkbox(value=False, description=label, indent=False, layout=fill())
            for label in q["options"]
        }
        self.widget = widgets.VBox(list(self.boxes.values()), layout=inner())

    def get(self) -> Any:
        return [label for label, box in self.boxes.items() if box.value]

    def set(self, response: Any) -> None:
        for label, box in self.boxes.items():
            box.value = label in response

    def reorder(self, options: list[str]) -> None:
        self.widget.children = [self.boxes[label] for label in options]


class MatchInput(Input):
    EMPTY: Any = {}  # noqa: RUF012 (read only)

    def __init__(self, q: dict[str, Any], say: Phrases) -> None:
        self.menus = {
            item["key"]: widgets.Dropdown(
                options=list(q["options"]),
                value=None,
                description=item["label"],
                style=labelled(),
                layout=fill(),
            )
            for item in q["items"]
        }
        self.widget = widgets.VBox(list(self.menus.values()), layout=inner())

    def get(self) -> Any:
        return {key: menu.value for key, menu in self.menus.items() if menu.value is not None}

    def set(self, response: Any) -> None:
        for key, menu in self.menus.items():
            menu.value = response.get(key)

    def reorder(self, options: list[str]) -> None:
        for menu in self.menus.values():
            value = menu.value
            menu.options = list(options)
            menu.value = value


class NumberInput(Input):
    """A text field, not FloatText: learners type "2,500", and an empty field must
    stay empty rather than become 0."""

    EMPTY = ""

    def __init__(self, q: dict[str, Any], say: Phrases) -> None:
        self.field = widgets.Text(
            value="",
            description=say("number_label"),
            placeholder=say("number_placeholder"),
            style=labelled(),
            layout=widgets.Layout(width="auto", max_width="100%", flex_flow="row wrap"),
        )
        parts: list[widgets.Widget] = [self.field]
        if q.get("unit"):
            parts.append(widgets.Label(value=say("number_unit", unit=q["unit"])))
        self.widget = widgets.HBox(parts, layout=fill(align_items="baseline"))

    def get(self) -> Any:
        return self.field.value

    def set(self, response: Any) -> None:
        self.field.value = str(response)


class WordsInput(Input):
    """One toggle button per word of the passage; a selected word also gets a mark in
    its text (not only a darker button), and the selection is spelled out below."""

    EMPTY: Any = ()

    def __init__(self, q: dict[str, Any], say: Phrases) -> None:
        self.say, self.tokens = say, list(q["tokens"])
        self.toggles = [
            widgets.ToggleButton(
                value=False, description=token, tooltip=token, layout=widgets.Layout(width="auto")
            )
            for token in self.tokens
        ]
        for toggle in self.toggles:
            toggle.observe(self._changed, names="value")
        self.selected = widgets.HTML(value="")
        words = widgets.HBox(self.toggles, layout=fill())
        self.widget = widgets.VBox([words, self.selected], layout=inner())
        self._changed()

    def _changed(self, _change: Any = None) -> None:
        from .texthtml import esc

        picked = []
        for token, toggle in zip(self.tokens, self.toggles, strict=True):
            toggle.description = (
                self.say("word_selected_mark", word=token) if toggle.value else token
            )
            if toggle.value:
                picked.append(self.say("quoted", text=token))
        line = (
            self.say("words_selected", words=self.say("list_separator").join(picked))
            if picked
            else self.say("words_selected_none")
        )
        self.selected.value = f"<p>{esc(line)}</p>"

    def get(self) -> Any:
        return [i for i, toggle in enumerate(self.toggles) if toggle.value]

    def set(self, response: Any) -> None:
        chosen = set(response)
        for i, toggle in enumerate(self.toggles):
            toggle.value = i in chosen


class OrderInput(Input):
    """A dropdown per position (1st, 2nd, …): ordering by keyboard, no dragging."""

    def __init__(self, q: dict[str, Any], say: Phrases) -> None:
        choices = [(item["label"], item["key"]) for item in q["items"]]
        self.menus = [
            widgets.Dropdown(
                options=choices,
                value=None,
                description=say("order_position", number=n),
                style=labelled(),
                layout=fill(),
            )
            for n in range(1, len(choices) + 1)
        ]
        self.widget = widgets.VBox(self.menus, layout=inner())

    def get(self) -> Any:
        keys = [menu.value for menu in self.menus]
        return [] if all(k is None for k in keys) else keys

    def clear(self) -> None:
        for menu in self.menus:
            menu.value = None

    def set(self, response: Any) -> None:
        for menu, key in zip(self.menus, response, strict=False):
            menu.value = key


class ReflectInput(Input):
    EMPTY = ""

    def __init__(self, q: dict[str, Any], say: Phrases) -> None:
        self.widget = widgets.Textarea(
            value="",
            description=say("answer_label"),
            placeholder=say("reflect_placeholder"),
            rows=5,
            style=labelled(),
            layout=fill(),
        )

    def get(self) -> Any:
        return self.widget.value

    def set(self, response: Any) -> None:
        self.widget.value = response


INPUTS: dict[str, type[Input]] = {
    "choice": ChoiceInput,
    "multi": MultiInput,
    "match": MatchInput,
    "number": NumberInput,
    "words": WordsInput,
    "order": OrderInput,
    "reflect": ReflectInput,
}


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
        self.evidence = widgets.HTML(value=evidence_html, layout=_column("20rem"))
        answer_parts = [self.input.widget]
        if self.confidence is not None:
            answer_parts.append(self.confidence)
        buttons = widgets.HBox([self.check, self.reveal], layout=fill())
        buttons.add_class("samestory-row")
        answer_parts.append(buttons)
        # The feedback right under Check, beside the passages it talks about.
        self.feedback = widgets.HTML(value="", layout=inner())
        answer_parts.append(self.feedback)
        self.answer = widgets.VBox(answer_parts, layout=_column("18rem"))
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


def _column(basis: str) -> widgets.Layout:
    # Grow and shrink from ``basis``: two columns when both bases fit, else one.
    return widgets.Layout(flex=f"1 1 {basis}", min_width="0", max_width="100%")


def question_width() -> widgets.Layout:
    """Wider than the other boxes: the passages and the controls side by side."""
    return widgets.Layout(width="100%", max_width="72rem")


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
