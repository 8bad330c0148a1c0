"""A folder of articles in, one JSON per article out (`python -m pipeline extract`).

A bad document never stops the batch: it is reported in `errors.jsonl` and the
summary, every other document is processed, and the exit status says so.

Fast on large archives:
- incremental: a document whose text, sidecar and pipeline/model/resource versions
  are unchanged keeps its output (`OUT/.cache/index.json`, see `pipeline.processing.cache`);
  `--force` ignores the cache;
- batched: the lines of several documents go to Stanza in one bulk call;
- parallel: `--workers N` processes split the documents; each loads the models once.
  Outputs are the same whatever N (only `meta.time_s` differs between runs);
- distributed: `--dask ADDRESS` sends the same tasks to a Dask cluster (`pipeline.processing.cluster`),
  planned and recorded by the same `plan`, `split` and `Ledger`.
"""

from __future__ import annotations

import gc
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.processing.cache import Cache, document_key, environment_key
from pipeline.processing.corpus import DocumentError, doc_id_for, find_inputs, read_document
from pipeline.tagging.models import find_models
from pipeline.processing.output import (FolderLock, append_jsonl, check_output_folder, remove_stale_temp_files,
                                        write_json_atomic)

if TYPE_CHECKING:
    from pipeline.tagging.tagger import Tagger

ERRORS_FILE = "errors.jsonl"
# Documents per task: their lines go to Stanza together; small enough to balance workers.
BATCH_DOCS = 4
# A worker process costs ~3 s to start (imports, models): fewer documents each run in-process.
MIN_DOCS_PER_WORKER = 8


@dataclass
class Summary:
    processed: int = 0
    skipped: int = 0
    failed: list[dict] = field(default_factory=list)
    elapsed_s: float = 0.0      # whole batch, model loading included
    load_s: float = 0.0         # model loading (slowest worker)
    tokens: int = 0             # Stanza tokens of the processed documents
    stanza_s: float = 0.0       # time spent in Stanza (summed over workers)
    workers: int = 0            # processes that tagged (0: nothing to process)

    def line(self, out: Path) -> str:
        rate = self.processed / self.elapsed_s if self.elapsed_s > 0 else 0.0
        return (f"extract: {self.processed} processed, {len(self.failed)} failed, {self.skipped} skipped, "
                f"{self.elapsed_s:.1f}s ({rate:.2f} docs/s) -> {out}/")


def _report(errors_path: Path, path: Path, stage: str, message: str) -> dict:
    record = {"file": str(path), "stage": stage, "error": message,
              "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    append_jsonl(errors_path, record)
    return record


# --- the work of one process -------------------------------------------------------------

_TAGGER = None
_LOAD_S = 0.0


def load_tagger(stanza_dir: str | None, threads: int | None = None) -> tuple[Tagger, float]:
    """The models and the extractors' resources, loaded and warmed up, with the seconds it took:
    what every worker process (a pool process, a Dask worker) does once before its first task."""
    import stanza  # noqa: F401  (imports are process start-up, not model loading)
    import torch

    import pipeline.extraction.extract  # noqa: F401
    from pipeline.tagging.tagger import Tagger

    if threads:
        torch.set_num_threads(threads)
    started = time.perf_counter()
    tagger = Tagger(stanza_dir)
    _warm_up(tagger)
    return tagger, time.perf_counter() - started


def _init_worker(stanza_dir: str | None, threads: int | None) -> None:
    """Pool initializer: the models load once per process."""
    global _TAGGER, _LOAD_S
    _TAGGER, _LOAD_S = load_tagger(stanza_dir, threads)


WARM_UP_TEXT = "भारत और वियतनाम ने 12 मार्च 2024 को हनोई में 5 लाख डॉलर के समझौते पर हस्ताक्षर किए।\n"


def _warm_up(tagger) -> None:
    """Load what the extractors load on first use (lexicons, gazetteer, matchers), so it counts
    as model loading, once per process, not as the first document's time. Then the loaded
    objects leave the garbage collector's view (`gc.freeze`): they live as long as the
    process, and each full collection would otherwise walk the models and indexes again (a
    lookup table built after loading took 10x its time in collections)."""
    from pipeline.processing.corpus import Document
    from pipeline.nlp.record import process

    try:
        document = Document("warm-up", Path("warm-up.txt"), WARM_UP_TEXT, "")
        process(document, tagger)
    except Exception:  # a real document will report the problem
        pass
    gc.collect()
    gc.freeze()


def error_text(err: BaseException) -> str:
    return str(err) if isinstance(err, DocumentError) else f"{type(err).__name__}: {err}"


def process_batch(tagger, paths: list[str], timings: dict | None = None,
                  window: int | None = None, progress=None) -> list[tuple]:
    """(path, doc_id, record, error, tokens) per path, in order: `record` is what
    `pipeline.nlp.record.process` gives, `error` is (stage, message) or None. Articles up to
    `window` characters share Stanza's bulk calls; longer ones go window by window, calling
    `progress(path, share done)` after each."""
    from pipeline.nlp.record import WINDOW_CHARS, build_record, process

    window = window or WINDOW_CHARS
    results: dict[int, tuple] = {}
    docs, large = [], []
    for i, path in enumerate(paths):
        try:
            document = read_document(Path(path))
            (docs if len(document.text) <= window else large).append((i, document))
        except Exception as err:  # one bad document must not stop the batch
            results[i] = (path, None, None, ("read", error_text(err)), 0)
    started = time.perf_counter()
    try:
        tagged = tagger.tag_many([d.text for _, d in docs])
    except Exception:  # find the culprit: each document alone
        tagged = None
    tag_s = time.perf_counter() - started
    if timings is not None:
        timings["stanza_s"] = timings.get("stanza_s", 0.0) + tag_s
    total_chars = sum(len(d.text) for _, d in docs) or 1
    for n, (i, document) in enumerate(docs + large):
        try:
            t0 = time.perf_counter()
            if n >= len(docs) or tagged is None:
                on_window = (lambda share, path=paths[i]: progress(path, share)) if progress else None
                record = process(document, tagger, window, on_window)
            else:
                share = tag_s * len(document.text) / total_chars
                record = build_record(document, tagger.to_doc(document.text, tagged[n]), tagger, t0 - share)
            results[i] = (paths[i], document.doc_id, record, None, record["meta"]["tokens"])
        except Exception as err:
            traceback.print_exc(file=sys.stderr)
            results[i] = (paths[i], document.doc_id, None, ("extract", error_text(err)), 0)
    return [results[i] for i in range(len(paths))]


def _worker_batch(task: tuple[list[str], int | None]) -> tuple[float, float, list[tuple]]:
    timings: dict = {}
    paths, window = task
    results = process_batch(_TAGGER, paths, timings, window)
    return _LOAD_S, timings.get("stanza_s", 0.0), results


# --- the batch ------------------------------------------------------------------------------

def _progress(total: int, show: bool | None):
    from tqdm import tqdm

    class DocumentBar(tqdm):
        """Counts documents, in fractions while a long one goes window by window."""

        @property
        def format_dict(self) -> dict:
            return {**super().format_dict, "done": f"{self.n:.2f}".rstrip("0").rstrip(".")}

    show = sys.stderr.isatty() if show is None else show
    return DocumentBar(total=total, unit="doc", desc="extract", disable=not show, file=sys.stderr,
                       bar_format="{l_bar}{bar}| {done}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}]")


class Ledger:
    """What a run records about each document -- the cache index, `errors.jsonl`, the summary and
    the progress bar -- so that a local run and a Dask run report alike. It holds the output
    folder's lock from creation to `close`: one run per folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.lock = FolderLock(out)
        self.errors_path = out / ERRORS_FILE
        self.cache = Cache(out)
        self.summary = Summary()
        self.keys: dict[str, str] = {}     # path -> cache key of the documents to process
        self.bar = None
        self._credited: dict[str, float] = {}  # path -> share of its document the bar shows

    def start(self, progress: bool | None) -> None:
        """Call once the models are loaded: time estimates count documents, not loading."""
        self.bar = _progress(len(self.keys), progress)

    def failed(self, path: str | Path, stage: str, message: str, doc_id: str | None = None) -> None:
        if doc_id:
            self.cache.drop(doc_id)
        self.summary.failed.append(_report(self.errors_path, Path(path), stage, message))
        self.advance(str(path), 1.0)

    def written(self, path: str, doc_id: str, ntokens: int) -> None:
        self.cache.put(doc_id, self.keys[path])
        self.summary.processed += 1
        self.summary.tokens += ntokens
        self.advance(path, 1.0)

    def advance(self, path: str, share: float) -> None:
        """The bar moves by windows of a long document, so one big file shows progress too."""
        if self.bar is not None:
            self.bar.update(share - self._credited.pop(path, 0.0))
            if share < 1.0:
                self._credited[path] = share

    def batch_done(self, load_s: float, stanza_s: float) -> None:
        """A batch's timings (what it wrote is already in the cache journal)."""
        self.summary.load_s = max(self.summary.load_s, load_s)
        self.summary.stanza_s += stanza_s

    def close(self) -> None:
        try:
            if self.bar is not None:
                self.bar.close()
            self.cache.save()
        finally:
            self.lock.release()


def plan(inputs: list[Path], out: Path, model_sha256: str, force: bool = False) -> tuple[Ledger, list[str]]:
    """The documents to process, in input order (their cache keys in `ledger.keys`): unchanged
    ones are counted skipped, unreadable or refused ones failed. Raises OutputError (checked
    first: `out` not writable, or another run holds it) and DocumentError for unusable inputs."""
    out = Path(out)
    check_output_folder(out)
    ledger = Ledger(out)
    try:
        found = find_inputs(inputs)
    except BaseException:
        ledger.lock.release()
        raise
    ledger.errors_path.unlink(missing_ok=True)
    env_key = environment_key(model_sha256)
    for folder in (out, ledger.cache.path.parent):
        remove_stale_temp_files(folder)  # only under the lock: another run's are its work
    for path, reason in found.refused:
        ledger.failed(path, "read", reason)
    for path in found.files:
        try:
            doc_id = doc_id_for(path)
            key = document_key(path, env_key)
        except DocumentError as err:
            ledger.failed(path, "read", str(err))
            continue
        except OSError as err:
            ledger.failed(path, "read", f"{path}: cannot read ({err.strerror})")
            continue
        if not force and ledger.cache.fresh(doc_id, key, out / f"{doc_id}.json"):
            ledger.summary.skipped += 1
        else:
            ledger.keys[str(path)] = key
    return ledger, list(ledger.keys)


def split(todo: list[str], workers: int) -> list[list[str]]:
    """Tasks of at most BATCH_DOCS documents, small enough that every worker gets work."""
    size = max(1, min(BATCH_DOCS, -(-len(todo) // max(1, workers))))
    return [todo[i : i + size] for i in range(0, len(todo), size)]


def extract_batch(inputs: list[Path], out: Path, *, stanza_dir: str | None = None, workers: int = 1,
                  force: bool = False, progress: bool | None = None, tagger=None,
                  threads: int | None = None, window: int | None = None) -> Summary:
    """Process every input document not already up to date in `out`. Raises OutputError when
    `out` is not writable or another run holds it (checked before any work), DocumentError
    for unusable inputs and ModelNotFoundError when no models are found. `threads`: torch
    threads of a single worker (default: torch's choice; always 1 per process with workers > 1);
    `window`: see `pipeline.extraction.extract.WINDOW_CHARS`."""
    started = time.perf_counter()
    out = Path(out)
    check_output_folder(out)  # before the models are looked up and hashed
    models = tagger.models if tagger is not None else find_models(stanza_dir)
    ledger, todo = plan(inputs, out, models.sha256, force)
    workers = max(1, min(workers, len(todo) // MIN_DOCS_PER_WORKER))
    batches = split(todo, workers)
    workers = max(1, min(workers, len(batches)))
    pool = None
    # outputs are written (JSON + fsync) by a thread while Stanza tags the next batch
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract-writer")
    pending: deque = deque()

    def write(path: str, doc_id: str, record: dict) -> None:
        write_json_atomic(out / f"{doc_id}.json", record)
        ledger.cache.put(doc_id, ledger.keys[path])  # recorded at once: a killed run keeps what is on disk

    def settle(block: bool) -> None:
        while pending and (block or pending[0][0].done()):
            future, path, doc_id, ntokens = pending.popleft()
            try:
                future.result()
                ledger.written(path, doc_id, ntokens)
            except Exception as err:
                ledger.failed(path, "write", error_text(err), doc_id)

    try:
        if not batches:
            results = iter(())
        elif workers == 1:
            if tagger is None:
                _init_worker(str(models.dir), threads)
                tagger = _TAGGER
            load_s = _LOAD_S if tagger is _TAGGER else 0.0
            def one_process(batch, tagger=tagger, load_s=load_s):
                timings: dict = {}
                results = process_batch(tagger, batch, timings, window, ledger.advance)
                return load_s, timings.get("stanza_s", 0.0), results

            results = (one_process(batch) for batch in batches)
        else:
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")  # torch and fork do not mix
            pool = ctx.Pool(workers, initializer=_init_worker, initargs=(str(models.dir), 1))
            pool.apply(time.perf_counter)  # returns once a worker has loaded its models
            results = pool.imap(_worker_batch, [(batch, window) for batch in batches])
        ledger.start(progress)
        ledger.summary.workers = workers if batches else 0
        for load_s, stanza_s, batch_results in results:
            for path, doc_id, record, error, ntokens in batch_results:
                if error:
                    ledger.failed(path, error[0], error[1], doc_id)
                else:
                    pending.append((writer.submit(write, path, doc_id, record), path, doc_id, ntokens))
            settle(block=False)
            ledger.batch_done(load_s, stanza_s)
    finally:
        settle(block=True)
        writer.shutdown()
        if pool is not None:
            pool.close()
            pool.join()
        ledger.close()
    ledger.summary.elapsed_s = time.perf_counter() - started
    return ledger.summary
