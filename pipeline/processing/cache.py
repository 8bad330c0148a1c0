"""Content-hash cache for `extract`: a document is processed again only when what
its output depends on changed.

The key of a document is sha256 over its text bytes, its `.meta.json` sidecar bytes,
the pipeline, Stanza and spaCy versions, the Stanza model hash, the resource
fingerprint and a hash of the package's own source (so a code change between releases
never leaves stale outputs behind). `OUT/.cache/index.json` maps doc ids to the key their output was made
with; a document is skipped only when the key matches *and* its output file still
exists and parses. Each output written is also recorded at once in `OUT/.cache/journal.jsonl`
(one line per document, folded into the index when it is saved), so a run killed with
`kill -9` loses none of the work already on disk.
"""

from __future__ import annotations

import hashlib
import json
import threading
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pipeline.processing.corpus import meta_path_for
from pipeline.processing.output import write_json_atomic

CACHE_DIR = ".cache"
INDEX_FILE = "index.json"
JOURNAL_FILE = "journal.jsonl"
FORMAT = 1


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


# The stages whose code decides what an output holds; the report, CLI and bench do not.
OUTPUT_CODE = ("tagging", "extraction", "frames", "nlp", "resources")


def code_fingerprint() -> str:
    """Hash of the modules that make outputs: outputs follow the code that made them, even
    when a change ships without a new version number, and a report-only change keeps the cache."""
    from pipeline.resources import files_digest

    return ":".join(files_digest(resources.files("pipeline") / stage, ".py") for stage in OUTPUT_CODE)


def environment_key(model_sha256: str) -> str:
    """Everything a document's output depends on besides the document itself."""
    from pipeline import __version__
    from pipeline.resources import fingerprint

    parts = [f"cache-format={FORMAT}", f"pipeline={__version__}", f"code={code_fingerprint()}",
             f"stanza={_version('stanza')}", f"spacy={_version('spacy')}", f"models={model_sha256}",
             f"resources={fingerprint()}"]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def document_key(txt_path: Path, env_key: str) -> str:
    """sha256(text bytes, sidecar bytes, environment); raises OSError if the text is unreadable."""
    digest = hashlib.sha256()
    digest.update(env_key.encode() + b"\0")
    data = Path(txt_path).read_bytes()
    digest.update(len(data).to_bytes(8, "big") + data)
    meta = meta_path_for(Path(txt_path))
    try:
        side = meta.read_bytes()
        digest.update(b"meta\0" + side)
    except FileNotFoundError:
        digest.update(b"nometa\0")
    except OSError:
        digest.update(b"badmeta\0")
    return digest.hexdigest()


def output_ok(path: Path) -> bool:
    """The output file exists and parses as a JSON object."""
    try:
        return isinstance(json.loads(Path(path).read_text(encoding="utf-8")), dict)
    except (OSError, UnicodeDecodeError, ValueError):
        return False


class Cache:
    """doc_id -> key of the output in `out_dir`: the index (saved atomically) plus the journal
    of the documents recorded since (appended per document, from any thread)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir) / CACHE_DIR / INDEX_FILE
        self.journal = self.path.with_name(JOURNAL_FILE)
        self.entries: dict[str, str] = {}
        self._lock = threading.Lock()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("docs"), dict):
                self.entries = {k: v for k, v in data["docs"].items() if isinstance(v, str)}
        except (OSError, UnicodeDecodeError, ValueError):
            self.entries = {}
        self._replay()

    def _replay(self) -> None:
        """Apply the journal a killed run left; a line cut short by the kill is ignored."""
        try:
            lines = self.journal.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            try:
                doc_id, key = json.loads(line)
            except (ValueError, TypeError):
                continue
            if key is None:
                self.entries.pop(doc_id, None)
            elif isinstance(doc_id, str) and isinstance(key, str):
                self.entries[doc_id] = key

    def _record(self, doc_id: str, key: str | None) -> None:
        with self._lock:
            if key is None:
                self.entries.pop(doc_id, None)
            else:
                self.entries[doc_id] = key
            self.journal.parent.mkdir(parents=True, exist_ok=True)
            with self.journal.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps([doc_id, key]) + "\n")

    def fresh(self, doc_id: str, key: str, output: Path) -> bool:
        return self.entries.get(doc_id) == key and output_ok(output)

    def put(self, doc_id: str, key: str) -> None:
        """Call once the output is on disk (again: no new journal line)."""
        if self.entries.get(doc_id) != key:
            self._record(doc_id, key)

    def drop(self, doc_id: str) -> None:
        if doc_id in self.entries:
            self._record(doc_id, None)

    def save(self) -> None:
        with self._lock:
            write_json_atomic(self.path, {"format": FORMAT, "docs": dict(sorted(self.entries.items()))})
            self.journal.unlink(missing_ok=True)
