"""Widget layouts shared by the runtime's controls: relative widths, rows that wrap,
labels as wide as their text, so a question reads in a 390 px wide window."""

from __future__ import annotations

import ipywidgets as widgets

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


def column(basis: str) -> widgets.Layout:
    # Grow and shrink from ``basis``: two columns when both bases fit, else one.
    return widgets.Layout(flex=f"1 1 {basis}", min_width="0", max_width="100%")


def question_width() -> widgets.Layout:
    """Wider than the other boxes: the passages and the controls side by side."""
    return widgets.Layout(width="100%", max_width="72rem")
