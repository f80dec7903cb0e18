"""Start the production command (scripts/serve.sh), stop it the way `make` or a supervisor does
(SIGTERM to the script alone, not to a process group), and see what it leaves behind (Linux /proc)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.support.live_app import START_TIMEOUT_S, free_port

STOP_TIMEOUT_S = 30


def _children() -> dict[int, list[int]]:
    """Every process's children."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a zombie holds no port and is its parent's to reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:200]
    except OSError:
        return ""


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is not a listener
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def answers(port: int) -> bool:
    """Any HTTP answer on /healthz (the status does not matter here)."""
    try:
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except httpx.HTTPError:
        return False
    return True


def start_then_terminate(
    script: Path, env: dict[str, str], log_path: Path, when: Callable[[int, dict[int, str]], bool]
) -> tuple[dict[int, str], set[int], int]:
    """Start `script` on a free port and, once `when(port, processes seen)` holds, send SIGTERM to
    the script's own process; returns every process seen under it (with its command line), those
    still running after it stopped (given a moment), and the port."""
    port = free_port()
    full_env = {**os.environ, **env, "PORT": str(port), "HOST": "127.0.0.1"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            ["bash", str(script)], cwd=script.parent.parent, env=full_env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # only so that the test can clean up after a failure
        )  # fmt: skip
    seen: dict[int, str] = {}

    def look() -> None:
        for pid in descendants(process.pid) - seen.keys():
            seen[pid] = command_line(pid)

    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not when(port, seen):
            assert process.poll() is None, log_path.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, log_path.read_text(errors="replace")[-3000:]
            look()
            time.sleep(0.1)
        look()
        process.send_signal(signal.SIGTERM)  # as `make` passes it on, or a supervisor sends it
        process.wait(timeout=STOP_TIMEOUT_S)
        deadline = time.monotonic() + 5  # what was ended is given a moment to be gone
        while time.monotonic() < deadline and (any(running(pid) for pid in seen) or not port_is_free(port)):
            time.sleep(0.2)
        return seen, {pid for pid in seen if running(pid)}, port
    finally:
        for pid in [process.pid, *seen]:
            if running(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
