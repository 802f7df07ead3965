"""The parts of lite/build.py that decide what goes into the site (no build, no network)."""

from __future__ import annotations

import io
import json
import os
import sys
import tarfile
from pathlib import Path

import pytest
from lite_support import lite_build

from generator.links import LinkSettings, module_links

SITE_URL = "https://samestory.github.io/samestory/"


# -- links: the module index points into the site where build.py puts the notebooks ----


@pytest.mark.parametrize("configured", [SITE_URL, SITE_URL.rstrip("/")])
def test_the_index_links_open_the_notebook_where_the_site_keeps_it(configured: str) -> None:
    settings = LinkSettings("samestory/samestory", "main", configured)
    links = module_links(settings, "kazakhstan-2022", "01-whose-words.ipynb")
    line = f"[open in the browser (no install)]({links['lite']})"
    # build.py copies modules/ as the contents root: modules/<story>/<file> is served
    # as files/<story>/<file>, which JupyterLite opens as ?path=<story>/<file>.
    assert links["lite"] == f"{SITE_URL}lab/index.html?path=kazakhstan-2022/01-whose-words.ipynb"
    assert lite_build.relative_lite_links(line, configured) == (
        "[open in the browser (no install)](kazakhstan-2022/01-whose-words.ipynb)"
    )


def test_only_links_into_the_site_become_relative() -> None:
    markdown = (
        f"[lite]({SITE_URL}lab/index.html?path=a-story/01-x%20y.ipynb) · "
        "[lab](https://mybinder.org/v2/gh/samestory/samestory/main?urlpath=lab/tree/"
        "modules/a-story/01-x.ipynb) · "
        "[elsewhere](https://example.org/samestory/lab/index.html?path=a-story/01-x.ipynb)"
    )
    rewritten = lite_build.relative_lite_links(markdown, SITE_URL)
    assert "[lite](a-story/01-x%20y.ipynb)" in rewritten
    assert "mybinder.org/v2/gh/samestory/samestory/main?urlpath=lab/tree/modules" in rewritten
    assert "https://example.org/samestory/lab/index.html?path=a-story/01-x.ipynb" in rewritten


def test_without_a_configured_site_the_index_is_left_alone() -> None:
    markdown = f"[lite]({SITE_URL}lab/index.html?path=a/b.ipynb)"
    assert lite_build.relative_lite_links(markdown, "") == markdown


def test_the_contents_are_modules_without_leftovers(tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    (modules / "story" / ".ipynb_checkpoints").mkdir(parents=True)
    (modules / "README.md").write_text(f"[go]({SITE_URL}lab/index.html?path=story/01-a.ipynb)")
    (modules / "story" / "01-a.ipynb").write_text("{}")
    (modules / "story" / "story__a.samestory-log.jsonl").write_text("{}\n")
    (modules / "story" / ".ipynb_checkpoints" / "01-a-checkpoint.ipynb").write_text("{}")

    notebooks = lite_build.stage_contents(modules, tmp_path / "contents")

    assert notebooks == [Path("story/01-a.ipynb")]
    staged = sorted(
        p.relative_to(tmp_path / "contents").as_posix()
        for p in (tmp_path / "contents").rglob("*")
        if p.is_file()
    )
    assert staged == ["README.md", "story/01-a.ipynb"]
    assert (tmp_path / "contents" / "README.md").read_text() == "[go](story/01-a.ipynb)"


def test_no_modules_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(lite_build.BuildError, match="make modules"):
        lite_build.stage_contents(tmp_path, tmp_path / "contents")


# -- Pyodide from npm: the lock must not send the kernel to a CDN ------------------------


def fake_pyodide_tarball(path: Path) -> Path:
    lock = {
        "info": {"arch": "wasm32", "platform": "emscripten_5_0_3", "python": "3.14.2"},
        "packages": {"numpy": {"name": "numpy", "file_name": "numpy-2.whl"}},
    }
    files = {name: b"x" for name in lite_build.PYODIDE_FILES}
    files |= {"pyodide-lock.json": json.dumps(lock).encode(), "console.html": b"<html>"}
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_the_staged_pyodide_has_an_empty_lock_that_every_pyodide_lock_reads(
    tmp_path: Path,
) -> None:
    tarball = fake_pyodide_tarball(tmp_path / "pyodide-9.9.9.tgz")
    lite_build.stage_pyodide(tarball, "9.9.9", tmp_path / "pyodide")
    staged = sorted(p.name for p in (tmp_path / "pyodide").iterdir())
    assert staged == sorted([*lite_build.PYODIDE_FILES, "pyodide-lock.json"])
    lock = json.loads((tmp_path / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["packages"] == {}
    assert lock["info"]["version"] == "9.9.9"  # pyodide-lock 0.1.2 (Python 3.11) needs it
    assert lock["info"]["python"] == "3.14.2"


# -- the landing page ------------------------------------------------------------------


def test_the_site_root_opens_the_module_index(tmp_path: Path) -> None:
    page = (
        '<html><head><script id="jupyter-config-data" type="application/json" '
        'data-jupyter-lite-root=".">{}</script>'
        "<script type=\"module\">await import('./config-utils.js');</script></head></html>"
    )
    (tmp_path / "index.html").write_text(page)
    lite_build.open_landing_page(tmp_path)
    html = (tmp_path / "index.html").read_text()
    assert "lab/index.html?path=README.md" in html
    assert "config-utils.js" not in html
    assert 'id="jupyter-config-data"' in html  # the app pages read it from their parent


def test_an_unknown_root_page_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><head></head></html>")
    with pytest.raises(lite_build.BuildError, match="root index.html changed"):
        lite_build.open_landing_page(tmp_path)


# -- which Python builds the site --------------------------------------------------------


def test_a_python_3_11_gets_the_pins_that_install_there() -> None:
    if sys.version_info[:2] != (3, 11):
        pytest.skip("needs the tests to run on Python 3.11")
    [chosen] = lite_build.toolchains([Path(sys.executable)])
    assert chosen.version == (3, 11)
    assert chosen.requirements.name == "requirements-build-py311.txt"
    requirements = [line.split("#")[0] for line in chosen.requirements.read_text().splitlines()]
    assert not any("[lock]" in line for line in requirements)  # needs Python >= 3.12


def test_unusable_pythons_are_passed_over(tmp_path: Path) -> None:
    not_python = tmp_path / "python3.12"
    not_python.write_text("#!/bin/sh\nexit 1\n")
    not_python.chmod(0o755)
    assert lite_build.toolchains([tmp_path / "missing", not_python]) == []


def test_no_usable_python_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LITE_PYTHON", "/nowhere/python3.12")
    options = lite_build.toolchains(lite_build.candidate_pythons())
    assert options == []  # the one chosen is unusable, and no other is tried
    with pytest.raises(lite_build.BuildError, match="LITE_PYTHON=/nowhere/python3.12 is not"):
        lite_build.ensure_build_venv(options)
    monkeypatch.delenv("LITE_PYTHON")
    with pytest.raises(lite_build.BuildError, match="Install Python 3.12"):
        lite_build.ensure_build_venv([])


@pytest.mark.slow  # makes a venv
def test_tools_that_will_not_install_name_each_attempt_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pip that can reach no index fails the way an unreachable PyPI does.
    monkeypatch.setattr(lite_build, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(lite_build, "REPO", tmp_path)
    for variable, value in {
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": "",
    }.items():
        monkeypatch.setenv(variable, value)
    options = lite_build.toolchains([Path(sys.executable)])
    # A venv left complete by an earlier build, whose Python has since gone away,
    # must be made again (and so fail here), not used.
    stale_python = options[0].venv_python
    stale_python.parent.mkdir(parents=True)
    stale_python.symlink_to(tmp_path / "removed-python3.11")
    (options[0].venv / ".complete").write_text("")

    with pytest.raises(lite_build.BuildError) as failure:
        lite_build.ensure_build_venv(options)

    message = str(failure.value)
    assert "could not install the JupyterLite build tools" in message
    assert str(sys.executable) in message and options[0].requirements.name in message
    assert "Install Python 3.12" in message
    assert not options[0].venv.exists()  # no half-made venv is taken for a good one later


def test_every_pin_file_pins_the_same_site_defining_versions() -> None:
    """The two routes (3.12+ and 3.11) must build the same site."""

    def pins(name: str) -> dict[str, str]:
        found = {}
        for line in (lite_build.LITE / name).read_text().splitlines():
            requirement = line.split("#")[0].strip()
            if requirement:
                package, version = requirement.split("==")
                found[package.split("[")[0]] = version
        return found

    modern, fallback = pins("requirements-build.txt"), pins("requirements-build-py311.txt")
    for package in (
        "jupyterlite-core",
        "jupyterlite-pyodide-kernel",
        "ipywidgets",
        "jupyterlab_widgets",
        "uv",
    ):
        assert modern[package] == fallback[package], package


# -- the build key ---------------------------------------------------------------------


def test_the_build_key_follows_the_modules_but_not_a_learners_leftovers(tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    (modules / "story").mkdir(parents=True)
    (modules / "story" / "01-a.ipynb").write_text("{}")
    key = lite_build.input_key(modules)

    (modules / "story" / "story__a.samestory-log.jsonl").write_text("{}\n")
    (modules / "story" / ".ipynb_checkpoints").mkdir()
    (modules / "story" / ".ipynb_checkpoints" / "01-a-checkpoint.ipynb").write_text("[]")
    assert lite_build.input_key(modules) == key

    (modules / "story" / "01-a.ipynb").write_text('{"cells": []}')
    assert lite_build.input_key(modules) != key


# -- the self-containment check ----------------------------------------------------------


def fake_site(root: Path, kernel: dict, packages: dict) -> Path:
    (root / "static" / "pyodide").mkdir(parents=True)
    (root / "static" / "pyodide-lock").mkdir(parents=True)
    (root / "static" / "pyodide-lock" / "samestory-0.1.0-py3-none-any.whl").write_text("")
    (root / "static" / "pyodide-lock" / "pyodide-lock.json").write_text(
        json.dumps({"packages": packages})
    )
    (root / "files").mkdir()
    (root / "files" / "README.md").write_text("# modules")
    config = {"jupyter-config-data": {"litePluginSettings": {lite_build.PYODIDE_PLUGIN: kernel}}}
    (root / "jupyter-lite.json").write_text(json.dumps(config))
    return root


GOOD_KERNEL = {
    "disablePyPIFallback": True,
    "pyodideUrl": "./static/pyodide/pyodide.mjs",
    "loadPyodideOptions": {"lockFileURL": "./static/pyodide-lock/pyodide-lock.json"},
}
OURS = {
    "samestory": {
        "file_name": "../../static/pyodide-lock/samestory-0.1.0-py3-none-any.whl",
        "depends": ["ipywidgets"],
    }
}


def test_a_self_contained_site_passes_the_check(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site", GOOD_KERNEL, OURS)
    assert lite_build.check_site(site, modules=tmp_path / "no-modules") == []


def test_the_check_catches_what_would_leave_the_machine(tmp_path: Path) -> None:
    kernel = {
        **GOOD_KERNEL,
        "disablePyPIFallback": False,
        "pyodideUrl": "https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs",
    }
    packages = {
        **OURS,
        "numpy": {"file_name": "https://cdn.jsdelivr.net/pyodide/numpy.whl", "depends": []},
        "six": {"file_name": "../../static/pyodide-lock/six.whl", "depends": []},
    }
    modules = tmp_path / "modules"
    (modules / "story").mkdir(parents=True)
    (modules / "story" / "01-a.ipynb").write_text("{}")
    problems = lite_build.check_site(fake_site(tmp_path / "site", kernel, packages), modules)
    assert len(problems) == 5, problems
    assert any("disablePyPIFallback" in p for p in problems)
    assert any("Pyodide is not loaded from the site" in p for p in problems)
    assert any("numpy points outside the site" in p for p in problems)
    assert any("six" in p and "not in the site" in p for p in problems)
    assert any("01-a.ipynb is not in the site" in p for p in problems)


def test_the_check_catches_the_build_tools_shipped_to_the_browser(tmp_path: Path) -> None:
    heavy = {"samestory": {**OURS["samestory"], "depends": ["ipywidgets", "jinja2"]}}
    site = fake_site(tmp_path / "site", GOOD_KERNEL, heavy)
    [problem] = lite_build.check_site(site, modules=tmp_path / "no-modules")
    assert "not on ipywidgets alone" in problem
