"""The repository stays clean: ruff passes, and no tracked file names a package registry's host."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from horologen.config import PROJECT_ROOT

RUFF = Path(sys.executable).with_name("ruff")


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
    return [PROJECT_ROOT / name for name in out.decode().split("\0") if name]


def registry_hosts() -> set[str]:
    """Read from the clients' own configuration, so this file names no host either."""
    from pip._internal.models.index import PyPI

    hosts = {PyPI.netloc, PyPI.file_storage_domain}
    npm = subprocess.run(["npm", "config", "get", "registry"], capture_output=True, text=True)
    if npm.returncode == 0 and npm.stdout.strip():
        hosts.add(urlparse(npm.stdout.strip()).netloc)
    return {h for h in hosts if h}


def test_no_tracked_file_names_a_registry_host() -> None:
    hosts = registry_hosts()
    assert hosts
    offenders = []
    for path in tracked_files():
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        offenders += [f"{path.relative_to(PROJECT_ROOT)}: {h}" for h in hosts if h in text]
    assert offenders == []


def test_ruff_check_and_format_are_clean() -> None:
    check = subprocess.run([str(RUFF), "check", "."], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run([str(RUFF), "format", "--check", "."], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout
