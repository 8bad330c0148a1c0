"""`python -m pipeline export`: an output folder as one record per line, for other systems.

JSONL keeps every field (nested as in the output files); CSV flattens each
record to one row for spreadsheets: nested objects become `a.b` columns, lists
of arguments become `;`-joined cells (`partners.norm.name` = `Yunnan;Brest`).
Every record names its document (`doc_id`), where the article came from
(`source`, `published`, from the corpus sidecar) and how it was made
(`provenance`: output file, text hash, pipeline version, tagger and models).
Record shapes: `pipeline/schema/records.schema.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from pipeline.processing.output import atomic_write

EVENTS_FILE = "events.jsonl"
WHAT = ("events", "mentions")
LIST_SEP = ";"


def load_schema(name: str) -> dict:
    """A JSON Schema shipped in the package: `output` (per-document file) or `records` (export lines)."""
    return json.loads((resources.files("pipeline") / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))


def output_records(out_dir: Path) -> Iterator[tuple[Path, dict]]:
    """The per-document output files of `out_dir` (sorted): JSON objects with `doc_id` and `mentions`.

    Anything else there (errors.jsonl, reports, bench files, subfolders) is skipped.
    """
    for path in sorted(p for p in Path(out_dir).glob("*.json") if p.is_file()):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict) and isinstance(data.get("mentions"), list) and "doc_id" in data:
            yield path, data


def _header(path: Path, record: dict) -> dict:
    meta = record.get("meta") or {}
    return {
        "doc_id": record["doc_id"],
        "source": meta.get("source"),
        "published": meta.get("published"),
    }


def _provenance(path: Path, record: dict) -> dict:
    meta = record.get("meta") or {}
    return {
        "output_file": path.name,
        "text_sha256": record.get("text_sha256"),
        "pipeline_version": meta.get("pipeline_version"),
        "tagger": meta.get("tagger"),
        "models": meta.get("models"),
    }


def records(out_dir: Path, what: str = "events") -> Iterator[dict]:
    """One flat-topped record per event frame (or per mention) of every output file."""
    if what not in WHAT:
        raise ValueError(f"what must be one of {', '.join(WHAT)}, not {what!r}")
    for path, record in output_records(out_dir):
        head, prov = _header(path, record), _provenance(path, record)
        items = (record.get("events") or []) if what == "events" else record["mentions"]
        for item in items:
            yield {"record_type": what[:-1], **head, **item, "provenance": prov}


def flatten(record: dict) -> dict[str, Any]:
    """One CSV row: nested objects as `a.b` columns; lists of objects or values as `;`-joined cells."""
    row: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        if isinstance(value, dict):
            if not value:
                row[key] = ""
            for k, v in value.items():
                put(f"{key}.{k}" if key else k, v)
        elif isinstance(value, list):
            if value and all(isinstance(v, dict) for v in value):
                keys = list(dict.fromkeys(k for v in value for k in _leaves(v)))
                for k in keys:
                    row[f"{key}.{k}"] = LIST_SEP.join(_cell(_leaves(v).get(k)) for v in value)
            else:
                row[key] = LIST_SEP.join(_cell(v) for v in value)
        else:
            row[key] = value

    put("", record)
    return row


def _leaves(value: dict, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in value.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_leaves(v, key + "."))
        else:
            out[key] = v
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_jsonl(rows: Iterable[dict], path: Path) -> int:
    """Streams `rows` (one output file in memory at a time); the number written."""
    count = 0

    def write(fh: TextIO) -> None:
        nonlocal count
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            count += 1

    atomic_write(path, write)
    return count


def write_csv(rows: list[dict], path: Path) -> int:
    """UTF-8 with a BOM, so spreadsheet programs show the Devanagari text."""
    frame = pd.DataFrame([flatten(r) for r in rows])
    atomic_write(path, lambda fh: fh.write("\ufeff" + frame.to_csv(index=False)))
    return len(rows)


def export(out_dir: Path, dest: Path, fmt: str = "jsonl", what: str = "events") -> int:
    """Writes the records of `out_dir` to `dest`; the number of records."""
    rows = records(out_dir, what)
    return write_jsonl(rows, dest) if fmt == "jsonl" else write_csv(list(rows), dest)


def write_events_jsonl(out_dir: Path) -> Path:
    """`out_dir/events.jsonl`: every event frame of the output files in `out_dir`, one per line."""
    path = Path(out_dir) / EVENTS_FILE
    export(out_dir, path, "jsonl", "events")
    return path
