"""A JupyterLab server (with Voila as its server extension) for the browser tests.

One server per test session serves both frontends a student reaches from a Binder
link: ``/lab/...`` (JupyterLab) and ``/voila/render/...`` (Voila). It listens on
127.0.0.1 only, on a free port, with a fixed token, and every JUPYTER_* / IPython
directory points into a temporary folder, so nothing a developer has configured in
their home directory changes what the tests see, and nothing the tests do (saves,
answer logs, checkpoints) touches the repository.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

TOKEN = "samestory-browser-tests"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0


def log_tail(path: Path, lines: int) -> str:
    """The last ``lines`` of a server's log, for a failure message."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


def free_loopback_port() -> int:
    """A port nobody listens on right now (the server is told not to try others)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_user_settings(config_dir: Path, overrides: dict) -> None:
    """Store JupyterLab settings as a user would have saved them.

    Used when the server comes from a development venv, which has no
    ``overrides.json`` of ours; the Binder venv gets the same file installed by
    ``binder/postBuild`` instead, so `make binder-check` tests that path.
    """
    for plugin_id, values in overrides.items():
        package, plugin = plugin_id.split(":", 1)
        target = config_dir / "lab" / "user-settings" / package / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2), encoding="utf-8")


@dataclass
class JupyterServer:
    """A running server: where it is, how to stop it, where its log is."""

    process: subprocess.Popen
    port: int
    root_dir: Path
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, notebook: str, workspace: str) -> str:
        # A fresh workspace per page: JupyterLab would otherwise reopen every
        # notebook an earlier test left in the default workspace (and start its kernel).
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={TOKEN}"

    def voila_url(self, notebook: str) -> str:
        return f"{self.base_url}/voila/render/{notebook}?token={TOKEN}"

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {TOKEN}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log_path, lines)

    def shutdown_kernels(self) -> None:
        """Stop every kernel (each open notebook / Voila page has one) to free the 2 cores."""
        if self.process.poll() is not None:
            return  # the server is gone, and its kernels with it
        for kernel in self.api("/api/kernels"):  # type: ignore[union-attr]
            try:
                self.api(f"/api/kernels/{kernel['id']}", method="DELETE")
            except urllib.error.HTTPError as error:
                if error.code != 404:  # already gone (Voila culls its own kernels)
                    raise

    def stop(self) -> None:
        """Stop by PID: ask politely (SIGTERM shuts kernels down), then insist."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT_S)


def start_server(
    *,
    jupyter_prefix: Path,
    root_dir: Path,
    state_dir: Path,
    log_path: Path,
    user_settings: dict | None,
    python_path: Path | None = None,
) -> JupyterServer:
    """Start ``jupyter lab`` from ``jupyter_prefix`` (a venv) and wait until it answers.

    ``user_settings`` (plugin id -> settings) are written as user settings; pass
    None to test exactly what the venv ships (the Binder case). ``python_path``: a
    checkout whose ``generator`` package the kernels import first (the one under
    test, when the venv's editable install points at another checkout).
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JUPYTER", "IPYTHON", "VIRTUAL_ENV", "PYTHON"))
    }
    config_dir = state_dir / "config"
    env.update(
        JUPYTER_CONFIG_DIR=str(config_dir),
        JUPYTER_DATA_DIR=str(state_dir / "data"),
        JUPYTER_RUNTIME_DIR=str(state_dir / "runtime"),
        JUPYTERLAB_WORKSPACES_DIR=str(state_dir / "workspaces"),
        IPYTHONDIR=str(state_dir / "ipython"),
        # Only this venv's kernel spec: the kernel then runs the same Python (and
        # the same installed samestory) as the server, as on Binder.
        JUPYTER_PATH=str(jupyter_prefix / "share" / "jupyter"),
        PATH=f"{jupyter_prefix / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(state_dir / "home"),
    )
    if python_path is not None:
        env["PYTHONPATH"] = str(python_path)
    (state_dir / "home").mkdir(parents=True, exist_ok=True)
    if user_settings:
        write_user_settings(config_dir, user_settings)

    last_error = ""
    for _attempt in range(3):  # a free port can be taken between probe and bind
        port = free_loopback_port()
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [
                    str(jupyter_prefix / "bin" / "jupyter-lab"),
                    "--no-browser",
                    "--allow-root",
                    "--ServerApp.ip=127.0.0.1",
                    f"--ServerApp.port={port}",
                    "--ServerApp.port_retries=0",
                    f"--IdentityProvider.token={TOKEN}",
                    f"--ServerApp.root_dir={root_dir}",
                ],
                cwd=root_dir,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        server = JupyterServer(process, port, root_dir, log_path)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status = server.api("/api/status")
            except (OSError, ValueError):
                time.sleep(0.25)  # polling a process, not a page: no event to wait for
                continue
            if isinstance(status, dict) and "started" in status:
                return server
        if process.poll() is None:
            server.stop()
            raise RuntimeError(
                f"JupyterLab did not answer /api/status within {START_TIMEOUT_S:.0f} s "
                f"on port {port}. Server log:\n{server.log_tail()}"
            )
        last_error = server.log_tail()
        if "address already in use" not in last_error.lower():
            break
    raise RuntimeError(f"JupyterLab exited while starting. Server log:\n{last_error}")
