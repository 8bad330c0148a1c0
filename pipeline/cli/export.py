"""`python -m pipeline export`: an output folder as JSONL or CSV records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.processing.export import WHAT, export


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="export event frames or mentions of an output folder as JSONL or CSV",
        description=(
            "Read the per-document output files of PRED (default outputs/) and write one record "
            "per event frame (--what events) or per mention (--what mentions) to OUT: JSONL keeps "
            "the nested fields, CSV flattens them for spreadsheets. Every record carries doc_id, "
            "source and provenance; shapes in pipeline/schema/records.schema.json."
        ),
    )
    parser.add_argument("pred", nargs="?", type=Path, default=Path("outputs"),
                        help="output folder written by `extract` (default: outputs/)")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", dest="fmt")
    parser.add_argument("--what", choices=WHAT, default="events")
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.pred.is_dir():
        print(f"error: {args.pred}: no such output folder", file=sys.stderr)
        return 2
    n = export(args.pred, args.out, args.fmt, args.what)
    print(f"export: {n} {args.what} -> {args.out}", file=sys.stderr)
    return 0
