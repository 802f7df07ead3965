"""The input a learner answers one question with, one class per question kind
(``INPUTS``). Widget descriptions are plain text (ipywidgets does not render them as
HTML), so corpus text in option labels needs no escaping."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .layout import fill, inner, labelled
from .phrases import Phrases


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
