"""The one place the runtime hands things to Jupyter's display machinery.

IPython is imported on first use (not with ``generator.runtime``), and tests replace
:func:`display` to capture what a notebook would show.
"""

from __future__ import annotations

from typing import Any


def display(obj: Any, *, raw: bool = False, display_id: bool | str | None = None) -> Any:
    """Show ``obj`` (a widget, or a MIME bundle when ``raw``); returns the display
    handle when ``display_id`` is given and a kernel is running, else None."""
    from IPython.display import display as ipython_display

    if display_id is None:
        return ipython_display(obj, raw=raw)
    return ipython_display(obj, raw=raw, display_id=display_id)


def update(handle: Any, bundle: dict[str, Any]) -> None:
    """Replace what a display handle shows with ``bundle`` (a MIME bundle)."""
    handle.update(bundle, raw=True)
