"""A folder of articles in, one JSON per article out (`python -m pipeline extract`).

A bad document never stops the batch: it is reported in `errors.jsonl` and the
summary, every other document is processed, and the exit status says so.

Fast on large archives:
- incremental: a document whose text, sidecar and pipeline/model/resource versions
  are unchanged keeps its output (`OUT/.cache/index.json`, see `pipeline.processing.cache`);
  `--force` ignores the cache;
- batched: the lines of several documents go to Stanza in one bulk call;
- parallel: `--workers N` processes split the documents; each loads the models once.
  Outputs are the same whatever N (only `meta.time_s` differs between runs).
"""

from __future__ import annotations

import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.processing.cache import Cache, document_key, environment_key
from pipeline.processing.corpus import DocumentError, doc_id_for, find_inputs, read_document
from pipeline.tagging.models import find_models
from pipeline.processing.output import (append_jsonl, check_output_folder, exclusive, remove_stale_temp_files,
                                        write_json_atomic)

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


def _init_worker(stanza_dir: str | None, threads: int | None) -> None:
    """Pool initializer: the models load once per process."""
    global _TAGGER, _LOAD_S
    import stanza  # noqa: F401  (imports are process start-up, not model loading)
    import torch

    import pipeline.extraction.extract  # noqa: F401
    from pipeline.tagging.tagger import Tagger

    if threads:
        torch.set_num_threads(threads)
    started = time.perf_counter()
    _TAGGER = Tagger(stanza_dir)
    _warm_up(_TAGGER)
    _LOAD_S = time.perf_counter() - started


WARM_UP_TEXT = "भारत और वियतनाम ने 12 मार्च 2024 को हनोई में 5 लाख डॉलर के समझौते पर हस्ताक्षर किए।\n"


def _warm_up(tagger) -> None:
    """Load what the extractors load on first use (lexicons, gazetteer, matchers), so it counts
    as model loading, once per process, not as the first document's time."""
    from pipeline.processing.corpus import Document
    from pipeline.extraction.extract import process

    try:
        document = Document("warm-up", Path("warm-up.txt"), WARM_UP_TEXT, "")
        process(document, tagger)
    except Exception:  # a real document will report the problem
        pass


def _error(err: BaseException) -> str:
    return str(err) if isinstance(err, DocumentError) else f"{type(err).__name__}: {err}"


def process_batch(tagger, paths: list[str], timings: dict | None = None,
                  window: int | None = None, progress=None) -> list[tuple]:
    """(path, doc_id, record, error, tokens) per path, in order: `record` is what
    `pipeline.extraction.extract.process` gives, `error` is (stage, message) or None. Articles up to
    `window` characters share Stanza's bulk calls; longer ones go window by window, calling
    `progress(path, share done)` after each."""
    from pipeline.extraction.extract import WINDOW_CHARS, build_record, process

    window = window or WINDOW_CHARS
    results: dict[int, tuple] = {}
    docs, large = [], []
    for i, path in enumerate(paths):
        try:
            document = read_document(Path(path))
            (docs if len(document.text) <= window else large).append((i, document))
        except Exception as err:  # one bad document must not stop the batch
            results[i] = (path, None, None, ("read", _error(err)), 0)
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
            results[i] = (paths[i], document.doc_id, None, ("extract", _error(err)), 0)
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


def extract_batch(inputs: list[Path], out: Path, *, stanza_dir: str | None = None, workers: int = 1,
                  force: bool = False, progress: bool | None = None, tagger=None,
                  threads: int | None = None, window: int | None = None) -> Summary:
    """Process every input document not already up to date in `out`. Raises DocumentError
    for unusable inputs, ModelNotFoundError when no models are found, OutputError when `out`
    is not writable or another run holds it (both checked before any work). `threads`: torch
    threads of a single worker (default: torch's choice; always 1 per process with workers > 1);
    `window`: see `pipeline.extraction.extract.WINDOW_CHARS`."""
    out = Path(out)
    check_output_folder(out)
    with exclusive(out):
        return _run_batch(inputs, out, stanza_dir=stanza_dir, workers=workers, force=force,
                          progress=progress, tagger=tagger, threads=threads, window=window)


def _run_batch(inputs: list[Path], out: Path, *, stanza_dir: str | None, workers: int, force: bool,
               progress: bool | None, tagger, threads: int | None, window: int | None) -> Summary:
    started = time.perf_counter()
    errors_path = out / ERRORS_FILE
    errors_path.unlink(missing_ok=True)
    found = find_inputs(inputs)
    paths = found.files
    summary = Summary()
    for path, reason in found.refused:
        summary.failed.append(_report(errors_path, path, "read", reason))

    models = tagger.models if tagger is not None else find_models(stanza_dir)
    env_key = environment_key(models.sha256)
    cache = Cache(out)
    for folder in (out, cache.path.parent):
        remove_stale_temp_files(folder)
    todo: list[tuple[str, str, str]] = []   # (path, doc_id, key)
    for path in paths:
        try:
            doc_id = doc_id_for(path)
            key = document_key(path, env_key)
        except DocumentError as err:
            summary.failed.append(_report(errors_path, path, "read", str(err)))
            continue
        except OSError as err:
            summary.failed.append(_report(errors_path, path, "read", f"{path}: cannot read ({err.strerror})"))
            continue
        if not force and cache.fresh(doc_id, key, out / f"{doc_id}.json"):
            summary.skipped += 1
        else:
            todo.append((str(path), doc_id, key))

    keys = {p: k for p, _, k in todo}
    workers = max(1, min(workers, len(todo) // MIN_DOCS_PER_WORKER))
    size = max(1, min(BATCH_DOCS, -(-len(todo) // workers)))  # every worker gets work
    batches = [[p for p, _, _ in todo[i : i + size]] for i in range(0, len(todo), size)]
    workers = max(1, min(workers, len(batches)))
    bar = _progress(len(todo), progress)
    credited: dict[str, float] = {}  # path -> share of its document the bar already shows
    pool = None
    # outputs are written (JSON + fsync) by a thread while Stanza tags the next batch
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract-writer")
    pending: deque = deque()

    def advance(path: str, share: float) -> None:
        """The bar moves by windows of a long document, so one big file shows progress too."""
        bar.update(share - credited.pop(path, 0.0))
        if share < 1.0:
            credited[path] = share

    def write(doc_id: str, record: dict, key: str) -> None:
        write_json_atomic(out / f"{doc_id}.json", record)
        cache.put(doc_id, key)  # recorded at once: a killed run keeps what is on disk

    def settle(block: bool) -> None:
        while pending and (block or pending[0][0].done()):
            future, path, doc_id, ntokens = pending.popleft()
            try:
                future.result()
                summary.processed += 1
                summary.tokens += ntokens
            except Exception as err:
                cache.drop(doc_id)
                summary.failed.append(_report(errors_path, Path(path), "write", _error(err)))
            advance(path, 1.0)

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
                results = process_batch(tagger, batch, timings, window, advance)
                return load_s, timings.get("stanza_s", 0.0), results

            results = (one_process(batch) for batch in batches)
        else:
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")  # torch and fork do not mix
            pool = ctx.Pool(workers, initializer=_init_worker, initargs=(str(models.dir), 1))
            pool.apply(time.perf_counter)  # returns once a worker has loaded its models
            results = pool.imap(_worker_batch, [(batch, window) for batch in batches])
        bar.reset(len(todo))  # time estimates count documents, not model loading
        summary.workers = workers if batches else 0
        for load_s, stanza_s, batch_results in results:
            summary.load_s = max(summary.load_s, load_s)
            summary.stanza_s += stanza_s
            for path, doc_id, record, error, ntokens in batch_results:
                if error:
                    if doc_id:
                        cache.drop(doc_id)
                    summary.failed.append(_report(errors_path, Path(path), error[0], error[1]))
                    advance(path, 1.0)
                else:
                    pending.append((writer.submit(write, doc_id, record, keys[path]), path, doc_id, ntokens))
            settle(block=False)
    finally:
        settle(block=True)
        writer.shutdown()
        bar.close()
        if pool is not None:
            pool.close()
            pool.join()
        cache.save()
    summary.elapsed_s = time.perf_counter() - started
    return summary
