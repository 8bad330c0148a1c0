"""Writing results so that no reader ever sees a truncated file."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from collections.abc import Callable
from typing import Any, TextIO


def atomic_write(path: Path, write: Callable[[TextIO], object]) -> None:
    """Temp file in the same folder + fsync + rename: an interrupted run leaves the old file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temp_files(folder: Path) -> int:
    """Temp files an interrupted run (kill -9 mid-write) left behind; their targets are intact."""
    stale = list(Path(folder).glob(".*.tmp"))
    for tmp in stale:
        tmp.unlink(missing_ok=True)
    return len(stale)


def write_json_atomic(path: Path, data: Any) -> None:
    """Streamed to the file (no copy of the whole JSON text in memory: outputs of long
    articles run to tens of MB)."""
    def write(fh: TextIO) -> None:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")

    atomic_write(path, write)


def append_jsonl(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Path(path).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
