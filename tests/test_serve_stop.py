"""`make run` / Render's start command stopped with SIGTERM leaves nothing behind, even when Reflex
itself would: scripts/serve.sh runs a stand-in `reflex` that, like Reflex stopped mid-start, exits on
SIGTERM and leaves its children (one holding the port, one like the frontend build) running. The
script must end them all. (Not the real Reflex: a second production start in this tree rebuilds the
shared .web/ for its own port, which breaks the browser tests' live app; checked by hand instead.)"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from horologen.config import PROJECT_ROOT
from tests.support.processes import answers, port_is_free, start_then_terminate

FAKE_REFLEX = """#!/usr/bin/env bash
# `reflex run …` stand-in: a child serves $PORT, another runs on (the build); SIGTERM ends this alone.
python -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1 &
sleep 300 &
trap 'exit 0' TERM INT
wait
"""


def project_with_fake_reflex(root: Path) -> Path:
    """This project's scripts and package, with `reflex` (found first on the PATH reflex_env.sh
    builds, in .tools/node_modules/.bin) replaced by the stand-in; returns serve.sh."""
    root.mkdir()
    for entry in ("scripts", "horologen"):
        (root / entry).symlink_to(PROJECT_ROOT / entry)
    tools = root / ".tools" / "node_modules" / ".bin"
    tools.mkdir(parents=True)
    (tools / "reflex").write_text(FAKE_REFLEX)
    (tools / "reflex").chmod(0o755)
    (root / ".web").mkdir()  # no first-start notice
    return root / "scripts" / "serve.sh"


def test_sigterm_ends_what_reflex_leaves_behind_and_frees_the_port(tmp_path: Path) -> None:
    serve = project_with_fake_reflex(tmp_path / "project")
    env = {
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],  # python with our packages
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
        "HOROLOGEN_ENV": "development",
    }
    seen, survivors, port = start_then_terminate(serve, env, tmp_path / "serve.log", lambda port, _: answers(port))
    assert any("http.server" in line for line in seen.values()), seen
    assert any(line.startswith("sleep 300") for line in seen.values()), seen
    assert survivors == set(), [seen[pid] for pid in survivors]
    assert port_is_free(port)
