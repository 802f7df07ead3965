"""The one stylesheet of the runtime, scoped to ``.samestory`` so nothing else in the
notebook changes.

ipywidgets lays controls out for short labels on wide screens: one-line labels cut
with an ellipsis, fixed heights, labels beside their control. Our labels are
source titles and sentences, and learners may be on a 390 px phone, so let labels
wrap, let a control drop below its label when the row is too narrow, and keep the
box of each radio button and checkbox beside its (wrapping) text. Each rule is
written for both the ``widget-*`` and the ``jupyter-widget-*`` class names, which
ipywidgets 8 front ends use side by side.
"""

from __future__ import annotations

_RULES = {
    # labels and descriptions: wrap, never cut
    ("label", "label-basic"): "white-space: normal; overflow: visible; text-overflow: clip;"
    " height: auto; line-height: 1.4; text-align: left; flex-shrink: 1; max-width: 100%;",
    # a control drops below its label when both do not fit on one row
    ("dropdown", "text", "textarea", "radio", "checkbox"): "height: auto; flex-wrap: wrap;"
    " row-gap: 0.25em; max-width: 100%;",
    ("dropdown > select",): "flex: 1 1 12em; min-width: 0;"
    " height: var(--jp-widgets-inline-height);",
    ("text input",): "flex: 1 1 12em; min-width: 0;",
    # radio buttons and checkboxes: the box beside its text, the text wrapping
    (
        "radio-box label",
        "checkbox .widget-label-basic",
        "checkbox .jupyter-widget-label-basic",
    ): "display: flex; align-items: baseline; gap: 0.5em; height: auto; padding: 0.15em 0;",
    # (a radio button comes after its text in the DOM: order puts it first again)
    ("radio-box input", "checkbox input"): "float: none; flex: 0 0 auto; order: -1;"
    " height: auto; margin: 0 0 0 1px; align-self: center;",
    # feedback and other HTML: normal reading line height
    ("html-content",): "line-height: 1.5; white-space: normal; overflow-wrap: anywhere;",
}

_PLAIN = """
.samestory blockquote { margin: 0.4em 0; padding-left: 0.8em;
  border-left: 3px solid currentColor; }
.samestory details > summary { cursor: pointer; }
.samestory .samestory-source-text { max-height: 24em; overflow: auto; }
.samestory .samestory-row { gap: 0.5em 1.5em; align-items: flex-start; }
.samestory .samestory-evidence .samestory-source-text { max-height: 14em; }
.samestory .samestory-passage { margin-bottom: 0.6em; }
.samestory .samestory-passage p, .samestory .samestory-evidence p { margin: 0.2em 0; }
.samestory .samestory-passage blockquote { margin: 0.2em 0; }
.samestory .samestory-heading { margin: 0.2em 0 0.3em; font-size: 1.15em; }
.samestory .samestory-move { font-style: italic; margin: 0.2em 0; }
.samestory .samestory-statement { margin: 0.2em 0 0.4em; }
.samestory .samestory-hinted mark { outline: 2px solid currentColor; outline-offset: 1px; }
.samestory .samestory-look, .samestory .samestory-hint { font-weight: bold; }
@media (max-width: 720px) {
  .samestory .samestory-evidence-scroll { max-height: 45vh; overflow-y: auto;
    border-bottom: 1px dashed currentColor; }
}
.samestory .samestory-hint { border-left: 3px solid currentColor; padding-left: 0.6em; }
.samestory .samestory-hint p, .samestory .samestory-hint li { font-weight: normal; }
.samestory a.samestory-download { display: inline-block; padding: 0.4em 1.1em;
  border: 2px solid transparent; border-radius: 4px; font-weight: bold;
  text-decoration: none; background-color: var(--jp-brand-color1, #1976d2);
  color: var(--jp-ui-inverse-font-color1, #fff); }
.samestory a.samestory-download:hover { text-decoration: underline; }
.samestory a.samestory-download:focus-visible { outline: 3px solid currentColor;
  outline-offset: 2px; border-color: var(--jp-ui-inverse-font-color1, #fff); }
.samestory .samestory-download-unnamed { font-weight: bold; }
.samestory .samestory-resume { white-space: normal; height: auto; min-height: 2em;
  text-align: left; }
.samestory .samestory-resume .widget-label-basic { white-space: normal; }
.samestory-results table { border-collapse: collapse; }
.samestory-results th, .samestory-results td { padding: 0.15em 0.6em; text-align: left;
  border-bottom: 1px solid var(--jp-border-color2, #ccc); }
.samestory-results td { text-align: right; }
"""
# Each front end its own: Voila marks its page with body[data-voila]. Voila ignores
# updates of display outputs, so there the results widget stands in for the results
# output of the same cell (module.show_results); elsewhere the widget is hidden.
_FRONT_ENDS = """
body:not([data-voila]) .samestory-results-live,
body:not([data-voila]) .samestory .samestory-for-voila,
body[data-voila] .samestory .samestory-for-notebook { display: none; }
body[data-voila] .jp-Cell:has(.samestory-results-live)
  .jp-OutputArea-output:not(:has(.samestory-results-live)) { display: none; }
"""


def _selector(part: str) -> str:
    if part.startswith("checkbox ."):  # already names its inner class in full
        return f".samestory .widget-{part}"
    return f".samestory .widget-{part}, .samestory .jupyter-widget-{part}"


def _stylesheet() -> str:
    rules = [
        ",\n".join(_selector(part) for part in parts) + " { " + body + " }"
        for parts, body in _RULES.items()
    ]
    return "<style>\n" + "\n".join(rules) + _PLAIN + _FRONT_ENDS + "</style>"


STYLE = _stylesheet()
