"""`python -m pipeline extract`: the arguments of `pipeline.processing.batch.extract_batch`, or of
`pipeline.processing.cluster.extract_dask` with `--dask`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.processing.batch import extract_batch
from pipeline.processing.corpus import DocumentError
from pipeline.processing.export import write_events_jsonl
from pipeline.processing.output import OutputError
from pipeline.tagging.models import ModelNotFoundError

def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "extract",
        help="extract mentions from Hindi articles into JSON files",
        description=(
            "Tag each article with Stanza, extract PARTNER, DATE, AMOUNT and EVENT mentions and "
            "write OUT/<doc_id>.json per article. Inputs are .txt files (UTF-8) or folders of them; "
            "an optional <doc_id>.meta.json beside each gives its publication date. Failures go to "
            "OUT/errors.jsonl; the exit status is 1 when any document failed. Documents whose text, "
            "sidecar, models, resources and pipeline version are unchanged since the last run keep "
            "their output (cache in OUT/.cache/, recorded per document, so a re-run after a crash "
            "skips what is on disk). One run per output folder at a time (OUT/.extract.lock)."
        ),
    )
    parser.add_argument("inputs", nargs="*", type=Path, default=[Path("corpus")],
                        help="files or folders of .txt articles (default: corpus/)")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs/)")
    parser.add_argument("--stanza-dir", help="Stanza resources folder with the Hindi models")
    parser.add_argument("--workers", type=_positive, default=os.cpu_count() or 1,
                        help="processes to split the documents over, at least 1 (default: the number of cores)")
    parser.add_argument("--force", action="store_true", help="process every document, ignoring the cache")
    parser.add_argument("--window-chars", type=_window_size, default=None, metavar="N",
                        help="articles longer than N characters are tagged and analysed in windows of "
                             "whole paragraphs of at most N characters, so memory stays bounded "
                             "(default: 50000)")
    cluster = parser.add_argument_group(
        "Dask cluster", "Run on the workers of a Dask distributed cluster instead of local processes "
        "(--workers is then ignored). The inputs and OUT must be at the same path on every worker; "
        "see README, 'Running on a cluster'.")
    cluster.add_argument("--dask", metavar="ADDRESS", type=_dask_address,
                         help="a scheduler, tls://HOST:PORT (or tcp://HOST:PORT on a private network: a "
                              "scheduler runs whatever its clients send), or local:N, N single-thread "
                              "worker processes on this machine bound to 127.0.0.1")
    cluster.add_argument("--dask-tls-ca", metavar="PEM", help="CA certificate that signed every node's certificate")
    cluster.add_argument("--dask-tls-cert", metavar="PEM", help="this client's certificate (also used by local:N)")
    cluster.add_argument("--dask-tls-key", metavar="PEM",
                         help="its private key, unless it is in the certificate file; without the three "
                              "options, distributed.comm.tls of the Dask configuration applies")
    parser.set_defaults(func=run)


MIN_WINDOW_CHARS = 1_000


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _window_size(value: str) -> int:
    size = int(value)
    if size < MIN_WINDOW_CHARS:
        raise argparse.ArgumentTypeError(f"must be at least {MIN_WINDOW_CHARS} characters, got {size}")
    return size


def _dask_address(value: str) -> str:
    from pipeline.processing.cluster import check_address

    try:
        return check_address(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    fatal: tuple[type[Exception], ...] = (DocumentError, ModelNotFoundError, OutputError)
    try:
        if getattr(args, "dask", None):
            from pipeline.processing.cluster import ClusterError, extract_dask, make_security

            fatal += (ClusterError,)
            summary = extract_dask(args.inputs, out, args.dask, stanza_dir=args.stanza_dir, force=args.force,
                                   security=make_security(args.dask_tls_ca, args.dask_tls_cert, args.dask_tls_key),
                                   window=args.window_chars)
        else:
            summary = extract_batch(args.inputs, out, stanza_dir=args.stanza_dir,
                                    workers=getattr(args, "workers", 1), force=getattr(args, "force", False),
                                    window=getattr(args, "window_chars", None))
    except fatal as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    try:
        write_events_jsonl(out)
    except Exception as err:
        print(f"warning: events.jsonl not written: {type(err).__name__}: {err}", file=sys.stderr)
    print(summary.line(out), file=sys.stderr)
    for rec in summary.failed:
        print(f"  failed [{rec['stage']}] {rec['error']}", file=sys.stderr)
    return 1 if summary.failed else 0
