"""A real JupyterHub on 127.0.0.1, as a school runs one, for the browser tests.

JupyterHub from PyPI, configurable-http-proxy from the npm registry (installed on
first use under the git-ignored ``.cache/``), the dummy authenticator (any allowed
user with the shared password) and the local process spawner, every student's home a
temporary folder. Stopping the hub stops the single-user servers it started (and
their kernels) and the proxy; :func:`leftover_processes` lets a test prove it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from browser_server import free_loopback_port, log_tail

CHP_VERSION = "5.3.0"  # configurable-http-proxy, the proxy zero-to-jupyterhub runs too
PASSWORD = "samestory-test"
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 30.0


class HubUnavailable(RuntimeError):
    """npm is missing or the registry could not be reached."""


def proxy_command(cache_root: Path) -> Path:
    """``configurable-http-proxy``, installed from the npm registry on first use."""
    prefix = cache_root / f"configurable-http-proxy-{CHP_VERSION}"
    command = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if command.is_file():
        return command
    npm = shutil.which("npm")
    if npm is None:
        raise HubUnavailable("npm is not on PATH (it installs configurable-http-proxy)")
    partial = prefix.with_suffix(".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(partial),
            "--no-audit",
            "--no-fund",
            f"configurable-http-proxy@{CHP_VERSION}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise HubUnavailable(f"npm install configurable-http-proxy failed: {done.stderr[-500:]}")
    partial.replace(prefix)  # atomic: a killed run never leaves half a proxy behind
    return command


@dataclass
class Hub:
    process: subprocess.Popen
    url: str
    root: Path
    log_path: Path

    def home(self, user: str) -> Path:
        return self.root / "home" / user

    def log_tail(self, lines: int = 60) -> str:
        return log_tail(self.log_path, lines)

    def stop(self) -> None:
        """SIGTERM: the hub stops the servers it spawned and its proxy, then exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)
        for pid in leftover_processes(self.root):  # never leave a process behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def leftover_processes(root: Path) -> list[int]:
    """Processes still running whose command line or working folder is under ``root``
    (the hub, its proxy, single-user servers, kernels)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue  # gone, or not ours to read
        if str(root) in cmdline or cwd.startswith(str(root)):
            found.append(int(entry.name))
    return found


def _config(root: Path, proxy: Path, users: tuple[str, ...], ports: tuple[int, int, int]) -> str:
    public, api, hub = ports
    singleuser = Path(sys.executable).parent / "jupyterhub-singleuser"
    allow_root = ["--allow-root"] if os.geteuid() == 0 else []
    return f"""
c = get_config()  # noqa: F821 - JupyterHub's config loader provides it
c.JupyterHub.bind_url = "http://127.0.0.1:{public}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api}"
c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]
c.JupyterHub.db_url = {f"sqlite:///{root / 'hub.sqlite'}"!r}
c.JupyterHub.cookie_secret_file = {str(root / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(root / "hub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allowed_users = {set(users)!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(root / "home" / "{username}")!r}
c.Spawner.cmd = [{str(singleuser)!r}]
c.Spawner.args = {allow_root!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
"""


def start_hub(root: Path, users: tuple[str, ...], cache_root: Path, python_path: Path) -> Hub:
    """Start JupyterHub under ``root`` and wait until its API answers."""
    proxy = proxy_command(cache_root)
    for user in users:
        (root / "home" / user).mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update(
        CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(16),
        # The single-user servers and their kernels import the checkout under test.
        PYTHONPATH=str(python_path),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    ports = (free_loopback_port(), free_loopback_port(), free_loopback_port())
    config = root / "jupyterhub_config.py"
    config.write_text(_config(root, proxy, users, ports), encoding="utf-8")
    log_path = root / "hub.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    hub = Hub(process, f"http://127.0.0.1:{ports[0]}", root, log_path)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api", timeout=5) as response:
                if response.status == 200:
                    return hub
        except (OSError, urllib.error.URLError):
            time.sleep(0.5)  # polling a process, not a page: no event to wait for
    hub.stop()
    raise RuntimeError(f"JupyterHub did not start. Hub log:\n{hub.log_tail()}")
