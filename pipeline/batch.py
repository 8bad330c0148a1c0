"""`python -m pipeline extract`: a folder of articles in, one JSON per article out.

A bad document never stops the batch: it is reported in `errors.jsonl` and the
summary, every other document is processed, and the exit status says so.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from tqdm import tqdm

from pipeline.corpus import DocumentError, find_inputs, read_document
from pipeline.models import ModelNotFoundError
from pipeline.output import append_jsonl, write_json_atomic

ERRORS_FILE = "errors.jsonl"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "extract",
        help="extract mentions from Hindi articles into JSON files",
        description=(
            "Tag each article with Stanza, extract PARTNER, DATE, AMOUNT and EVENT mentions and "
            "write OUT/<doc_id>.json per article. Inputs are .txt files (UTF-8) or folders of them; "
            "an optional <doc_id>.meta.json beside each gives its publication date. Failures go to "
            "OUT/errors.jsonl; the exit status is 1 when any document failed."
        ),
    )
    parser.add_argument("inputs", nargs="*", type=Path, default=[Path("corpus")],
                        help="files or folders of .txt articles (default: corpus/)")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs/)")
    parser.add_argument("--stanza-dir", help="Stanza resources folder with the Hindi models")
    parser.set_defaults(func=run)


def _report(errors_path: Path, path: Path, stage: str, message: str) -> dict:
    record = {"file": str(path), "stage": stage, "error": message,
              "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    append_jsonl(errors_path, record)
    return record


def run(args: argparse.Namespace) -> int:
    from pipeline.extract import process
    from pipeline.tagger import Tagger

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    errors_path = out / ERRORS_FILE
    errors_path.unlink(missing_ok=True)
    try:
        paths = list(find_inputs(args.inputs))
    except DocumentError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    try:
        tagger = Tagger(args.stanza_dir)
    except ModelNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    done, failed = 0, []
    bar = tqdm(paths, unit="doc", disable=not sys.stderr.isatty(), desc="extract")
    for path in bar:
        stage = "read"
        try:
            document = read_document(path)
            stage = "extract"
            record = process(document, tagger)
            stage = "write"
            write_json_atomic(out / f"{document.doc_id}.json", record)
            done += 1
        except DocumentError as err:
            failed.append(_report(errors_path, path, stage, str(err)))
        except Exception as err:  # one bad document must not stop the batch
            failed.append(_report(errors_path, path, stage, f"{type(err).__name__}: {err}"))
            traceback.print_exc(file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"extract: {done} processed, {len(failed)} failed, {elapsed:.1f}s -> {out}/", file=sys.stderr)
    for rec in failed:
        print(f"  failed [{rec['stage']}] {rec['error']}", file=sys.stderr)
    return 1 if failed else 0
