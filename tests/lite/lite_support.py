"""Shared by the JupyterLite tests: lite/build.py and lite/serve.py, imported by path.

They are scripts, not part of the installed package (the site's build tools live in
their own venv), so they are loaded under names that cannot clash with other modules
called ``build`` or ``serve``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def load_script(name: str) -> ModuleType:
    module_name = f"samestory_lite_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, REPO / "lite" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


lite_build = load_script("build")
lite_serve = load_script("serve")
