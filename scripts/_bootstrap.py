"""Shared start of every ops script: import path, logging, and clear failures with exit 1."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run_script(main: Callable[[], int]) -> None:
    """Run `main`; turn configuration and database failures into one clear line and exit 1."""
    from horologen.config import ConfigError
    from horologen.errors import classify, report_exception
    from horologen.logging_setup import configure_logging

    configure_logging()
    try:
        code = main()
    except ConfigError as exc:
        print(f"NG: 設定エラー: {exc}", file=sys.stderr)
        code = 1
    except Exception as exc:
        kind, hint = classify(exc)
        error_id = report_exception(exc, where=Path(sys.argv[0]).name)
        print(
            f"NG: {kind or type(exc).__name__}: {exc.__class__.__name__} (error_id={error_id})",
            file=sys.stderr,
        )
        if hint:
            print(hint, file=sys.stderr)
        code = 1
    sys.exit(code)
