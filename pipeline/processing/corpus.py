"""Reading documents: exact text for offsets, the `.meta.json` sidecar, doc ids."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DOC_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_PUBLISHED = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


class DocumentError(ValueError):
    """A document that cannot be read; the message names the file and the cause."""


@dataclass
class Document:
    doc_id: str
    path: Path
    text: str
    sha256: str
    meta: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def published(self) -> str | None:
        """The document creation time (`YYYY-MM-DD` or `YYYY-MM`), if the sidecar gives one."""
        return self.meta.get("published")


def doc_id_for(path: Path) -> str:
    """The file stem, if it is a valid doc id (letters, digits, `-`, `_`)."""
    stem = path.name[: -len(".txt")] if path.name.endswith(".txt") else path.stem
    if not DOC_ID.match(stem):
        raise DocumentError(
            f"{path}: file name {stem!r} is not a valid doc id "
            "(1-128 letters, digits, '-' or '_')"
        )
    return stem


def decode(data: bytes, path: Path) -> str:
    """UTF-8 with a leading BOM removed, nothing else changed; errors give the byte offset."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DocumentError(
            f"{path}: not valid UTF-8 at byte offset {err.start} ({err.reason})"
        ) from None
    if "\x00" in text:
        raise DocumentError(f"{path}: binary content (NUL byte at character {text.index(chr(0))})")
    return text[1:] if text.startswith("\ufeff") else text


def meta_path_for(txt_path: Path) -> Path:
    """`x.txt` -> `x.meta.json`, the article's sidecar."""
    return txt_path.with_name(txt_path.name[: -len(".txt")] + ".meta.json")


def read_meta(txt_path: Path) -> tuple[dict, list[str]]:
    """The sidecar's fields; a missing sidecar is fine, a malformed one is a warning, not a failure."""
    meta_path = meta_path_for(txt_path)
    if not meta_path.exists():
        return {}, []
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return {}, [f"{meta_path}: ignored, not readable JSON ({err})"]
    if not isinstance(meta, dict):
        return {}, [f"{meta_path}: ignored, not a JSON object"]
    warnings = []
    published = meta.get("published")
    problem = _published_problem(published) if published is not None else None
    if problem:
        warnings.append(f"{meta_path}: 'published' {published!r} {problem}; ignored")
        meta = {k: v for k, v in meta.items() if k != "published"}
    return meta, warnings


def _published_problem(published: object) -> str | None:
    """Why a sidecar's `published` is unusable (wrong shape, or a day no calendar has), if it is."""
    if not (isinstance(published, str) and _PUBLISHED.match(published)):
        return "is not YYYY-MM-DD or YYYY-MM"
    if len(published) == 10:
        try:
            date.fromisoformat(published)
        except ValueError:
            return "is not a calendar date"
    return None


def read_document(path: Path) -> Document:
    path = Path(path)
    doc_id = doc_id_for(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DocumentError(f"{path}: cannot read ({err.strerror})") from None
    text = decode(data, path)
    meta, warnings = read_meta(path)
    return Document(doc_id, path, text, hashlib.sha256(data).hexdigest(), meta, warnings)


@dataclass
class Inputs:
    """What the named inputs hold: the files to process, and the files refused with the reason
    (a link out of a named folder, a doc id that two files share)."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)


def find_inputs(paths: Iterable[Path]) -> Inputs:
    """`*.txt` files named directly or found (sorted) in the folders named. A link out of a
    named folder is refused, so nothing outside the inputs is read; so are files sharing a doc
    id (their outputs would overwrite each other). Raises DocumentError for a missing input."""
    found = Inputs()
    for path in map(Path, paths):
        if path.is_dir():
            folder = path.resolve()
            for file in sorted(p for p in path.glob("*.txt") if p.is_file()):
                if file.resolve().is_relative_to(folder):
                    found.files.append(file)
                else:
                    found.refused.append((file, f"{file}: refused, it points outside the input folder {path}"))
        elif path.exists():
            found.files.append(path)
        else:
            raise DocumentError(f"{path}: no such file or folder")
    unique = {file.resolve(): file for file in reversed(found.files)}  # a file named twice is one input
    found.files = [file for file in found.files if unique.get(file.resolve()) is file]
    _refuse_shared_ids(found)
    return found


def _refuse_shared_ids(found: Inputs) -> None:
    by_id: dict[str, list[Path]] = {}
    for file in found.files:
        try:
            by_id.setdefault(doc_id_for(file), []).append(file)
        except DocumentError:
            continue  # reported when the file is read
    for doc_id, files in by_id.items():
        for file in files if len(files) > 1 else ():
            others = ", ".join(str(f) for f in files if f != file)
            found.refused.append((file, f"{file}: doc id {doc_id!r} is also the name of {others}; "
                                        "neither is processed (rename one)"))
            found.files.remove(file)
