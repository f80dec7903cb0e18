"""The real app in production mode (`scripts/serve.sh`) on a free port, in its own process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from horologen.config import PROJECT_ROOT

START_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveApp:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_live_app(env: dict[str, str], log_path: Path, port: int | None = None, root: Path = PROJECT_ROOT) -> LiveApp:
    """Start the production command of the project at `root` (this one unless a benchmark compares
    another copy) and wait for /healthz to answer 200."""
    port = port or free_port()
    full_env = {**os.environ, **env, "PORT": str(port), "HOST": "127.0.0.1"}
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        ["bash", str(root / "scripts" / "serve.sh")],
        cwd=root,
        env=full_env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    app = LiveApp(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path, env=dict(env))
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app exited with {process.returncode}:\n{app.log()[-4000:]}")
        try:
            if httpx.get(f"{app.url}/healthz", timeout=2).status_code == 200:
                return app
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    app.stop()
    raise RuntimeError(f"app did not become healthy in {START_TIMEOUT_S}s:\n{app.log()[-4000:]}")
