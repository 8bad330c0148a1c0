"""Writing results so that no reader ever sees a truncated file, and one run per output folder."""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

LOCK_FILE = ".extract.lock"


class OutputError(RuntimeError):
    """The output folder cannot be used; the message names it and says why."""


def _file_mode() -> int:
    """What `open()` would give a new file: 0666 less the umask (mkstemp alone gives 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def atomic_write(path: Path, write: Callable[[TextIO], object]) -> None:
    """Temp file in the same folder + fsync + rename: an interrupted run leaves the old file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)  # readable by whoever reads the folder's other files
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_output_folder(out: Path) -> None:
    """Before any work: `out` is (or can be made) a folder we can write in; else OutputError."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: cannot write outputs there, it is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()
    except OSError as err:
        raise OutputError(f"{out}: cannot write outputs there ({err.strerror})") from None


class FolderLock:
    """`out`'s lock file, held (flock, released by the kernel even on kill -9) by one run at a
    time: OutputError at once if another run holds it."""

    def __init__(self, out: Path) -> None:
        path = Path(out) / LOCK_FILE
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.release()
            raise OutputError(f"{out}: another extract run is writing there (it holds {path}); "
                              "wait for it to finish or choose another --out") from None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def remove_stale_temp_files(folder: Path) -> int:
    """Temp files an interrupted run (kill -9 mid-write) left behind; their targets are intact.
    Call it only while holding the folder's lock: another run's temp files are its work."""
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
