"""A one-line progress bar on stderr for the command line tools."""

from __future__ import annotations

import sys


def progress(done: int, total: int, suffix: str = "") -> None:
    filled = int(30 * done / max(total, 1))
    print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} frames{suffix}", end="", file=sys.stderr, flush=True)
    if done >= total:
        print(file=sys.stderr)
