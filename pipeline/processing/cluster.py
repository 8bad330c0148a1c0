"""`extract --dask ADDRESS`: the same extraction on a Dask distributed cluster.

The client plans exactly as a local run does (`batch.plan`: an unchanged document is never
submitted), submits one task per batch of documents (`batch.split`) and records every result in
the same ledger (cache index, `errors.jsonl`, summary line, progress bar, exit status).

Workers
- load the models once, when they join the cluster: `ModelPlugin`, a registered WorkerPlugin, and
  a worker whose code, models or resources differ from the client's takes no work (the outputs
  would not match their cache keys);
- read the documents and write the outputs themselves, atomically (temp file, fsync, rename):
  the inputs and OUT must be at the same path on every worker (a shared file system);
- may die: Dask gives a dead worker's tasks to another worker (up to
  `distributed.scheduler.allowed-failures` times, 3 by default). A batch run again rewrites the
  same files, so no output is partial or doubled; the temp files of a killed writer are removed
  at the end. A batch that keeps killing workers is reported failed, stage "worker".

Security: a Dask scheduler runs whatever its clients send. `local:N` binds the scheduler, its
workers and their HTTP endpoints to 127.0.0.1; a remote cluster should be `tls://` with
certificates (`make_security`, or `distributed.comm.tls` in a Dask configuration file).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import WorkerPlugin

from pipeline.processing.batch import (Ledger, Summary, error_text, load_tagger, plan, process_batch,
                                       split)
from pipeline.processing.cache import environment_key
from pipeline.processing.corpus import doc_id_for
from pipeline.processing.output import remove_stale_temp_files, write_json_atomic
from pipeline.tagging.models import find_models

if TYPE_CHECKING:
    from distributed import Client, Security

PLUGIN_NAME = "hindi-coop-ie-models"
_LOCAL = re.compile(r"^local:([1-9]\d*)$")
_REMOTE = re.compile(r"^(tcp|tls)://[^\s/]+:\d+$")
# How long to wait for a remote scheduler to answer and for its first worker to join.
CONNECT_TIMEOUT_S = 30
WORKER_WAIT_S = 120


class ClusterError(RuntimeError):
    """The cluster cannot be used as asked; the message says why and what to do."""


def check_address(address: str) -> str:
    """The address itself, if it is `tcp://HOST:PORT`, `tls://HOST:PORT` or `local:N`."""
    if _LOCAL.match(address) or _REMOTE.match(address):
        return address
    raise ValueError(f"expected tcp://HOST:PORT, tls://HOST:PORT or local:N (N >= 1), got {address!r}")


def make_security(ca: str | None, cert: str | None, key: str | None) -> Security | None:
    """Dask's `Security` from PEM files: the same certificate for the client and, in `local:N`,
    for the scheduler and workers; encryption required. None when no file is given (Dask then
    reads `distributed.comm.tls` from its configuration, if any)."""
    from distributed import Security

    if not (ca or cert or key):
        return None
    if not (ca and cert):
        raise ClusterError("TLS needs --dask-tls-ca and --dask-tls-cert (and --dask-tls-key unless "
                           "the key is in the certificate file)")
    for path in (ca, cert, key):
        if path and not Path(path).is_file():
            raise ClusterError(f"{path}: no such certificate or key file")
    return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key,
                    tls_scheduler_cert=cert, tls_scheduler_key=key,
                    tls_worker_cert=cert, tls_worker_key=key, require_encryption=True)


class ModelPlugin(WorkerPlugin):
    """Loads the models and extractor resources once per worker, when it joins, and checks that
    what the worker would produce is what the client's cache keys say (same code, models,
    resources). A problem is kept, not raised: tasks on that worker then fail with it."""

    name = PLUGIN_NAME

    def __init__(self, stanza_dir: str | None, env_key: str) -> None:
        self.stanza_dir = stanza_dir
        self.env_key = env_key
        self.tagger = None
        self.load_s = 0.0
        self.problem: str | None = None

    def setup(self, worker) -> None:
        try:
            tagger, self.load_s = load_tagger(self.stanza_dir, threads=1)
        except Exception as err:  # no models on this worker: said by every task it is given
            self.problem = f"worker {worker.address}: cannot load the models: {error_text(err)}"
            return
        if environment_key(tagger.models.sha256) != self.env_key:
            self.problem = (f"worker {worker.address}: its pipeline code, Stanza models or resources differ "
                            "from the client's; install the same version of the project and models everywhere")
            return
        self.tagger = tagger


def _plugin() -> ModelPlugin:
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise ClusterError("worker without the models plugin")
    return plugin


def _problem(dask_worker) -> str | None:
    """Run on every worker after registration (`Client.run` passes the worker): what keeps it
    from working, if anything."""
    plugin = dask_worker.plugins.get(PLUGIN_NAME)
    return plugin.problem if plugin is not None else f"worker {dask_worker.address}: the models plugin is missing"


def run_task(paths: list[str], out: str, window: int | None) -> tuple[float, float, list[tuple]]:
    """One batch on a worker: `batch.process_batch`, each output written to OUT atomically.
    Records stay on the worker (tens of MB for long articles); the client gets
    (load_s, stanza_s, [(path, doc_id, None, error, tokens)])."""
    plugin = _plugin()
    if plugin.problem:
        raise ClusterError(plugin.problem)
    timings: dict = {}
    results = []
    for path, doc_id, record, error, ntokens in process_batch(plugin.tagger, paths, timings, window):
        if error is None:
            try:
                write_json_atomic(Path(out) / f"{doc_id}.json", record)
            except OSError as err:
                error, ntokens = ("write", error_text(err)), 0
        results.append((path, doc_id, None, error, ntokens))
    return plugin.load_s, timings.get("stanza_s", 0.0), results


class _IdleWorkerKill(logging.Filter):
    """A worker that imported torch takes more than the nanny's 4 s to exit, so closing a
    LocalCluster kills it and warns. After the run that kill is expected, not a warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Worker process still alive after")


@contextmanager
def connect(address: str, security: Security | None = None) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a new LocalCluster for `local:N`: N worker
    processes of one thread; scheduler, workers and HTTP endpoints (random ports) on 127.0.0.1."""
    import dask
    from distributed import Client, LocalCluster

    check_address(address)
    local = _LOCAL.match(address)
    if security is not None and address.startswith("tcp://"):
        raise ClusterError(f"TLS certificates given but {address} is not a tls:// address")
    if security is None and address.startswith("tls://") and not dask.config.get("distributed.comm.tls.ca-file"):
        raise ClusterError(f"{address} needs certificates: --dask-tls-ca, --dask-tls-cert and --dask-tls-key, "
                           "or distributed.comm.tls in a Dask configuration file")
    if local:
        nanny_log, quiet = logging.getLogger("distributed.nanny"), _IdleWorkerKill()
        try:
            with LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                              host="127.0.0.1", dashboard_address="127.0.0.1:0", security=security,
                              protocol="tls://" if security is not None else "tcp://") as cluster, \
                    Client(cluster, security=security) as client:
                yield client
                nanny_log.addFilter(quiet)  # the work is done: only the shutdown is quieted
        finally:
            nanny_log.removeFilter(quiet)
        return
    try:
        client = Client(address, security=security, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as err:
        raise ClusterError(f"cannot connect to the Dask scheduler at {address}: {error_text(err)}") from None
    with client:
        yield client


def _start_workers(client: Client, stanza_dir: str | None, env_key: str) -> int:
    """Registers the models plugin (every worker loads the models, now and when it joins later)
    and returns the number of workers ready; raises ClusterError naming a worker that is not."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError:
        raise ClusterError(f"no Dask worker joined the scheduler within {WORKER_WAIT_S} s") from None
    client.register_plugin(ModelPlugin(stanza_dir, env_key))
    problems = [p for p in client.run(_problem).values() if p]
    if problems:
        raise ClusterError(problems[0])
    return len(client.scheduler_info()["workers"])


def _collect(ledger: Ledger, batch: list[str], future) -> None:
    try:
        load_s, stanza_s, results = future.result()
    except Exception as err:  # KilledWorker: the batch killed every worker it was given; or a worker problem
        for path in batch:
            ledger.failed(path, "worker", error_text(err), doc_id_for(Path(path)))
        return
    for path, (_, doc_id, _, error, ntokens) in zip(batch, results):
        if error:
            ledger.failed(path, error[0], error[1], doc_id)
        else:
            ledger.written(path, doc_id, ntokens)
    ledger.batch_done(load_s, stanza_s)


def extract_dask(inputs: list[Path], out: Path, address: str, *, security: Security | None = None,
                 stanza_dir: str | None = None, force: bool = False, progress: bool | None = None,
                 window: int | None = None) -> Summary:
    """`batch.extract_batch` with the documents processed by the workers of a Dask cluster.
    Raises DocumentError for unusable inputs, ModelNotFoundError when the client finds no models
    (it needs their hash for the cache keys) and ClusterError when the cluster cannot be used.
    No cluster is started or contacted when every document is up to date."""
    from distributed import as_completed

    started = time.perf_counter()
    out = Path(out)
    models = find_models(stanza_dir)
    ledger, todo = plan(inputs, out, models.sha256, force)
    ledger.start(progress)
    try:
        if todo:
            with connect(address, security) as client:
                workers = _start_workers(client, stanza_dir, environment_key(models.sha256))
                ledger.summary.workers = workers
                futures = {client.submit(run_task, [str(Path(p).resolve()) for p in batch], str(out.resolve()),
                                         window, pure=False): batch
                           for batch in split(todo, workers)}
                for future in as_completed(futures):
                    _collect(ledger, futures[future], future)
            remove_stale_temp_files(out)  # left by a worker killed while writing
    finally:
        ledger.close()
    ledger.summary.elapsed_s = time.perf_counter() - started
    return ledger.summary
