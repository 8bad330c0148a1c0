"""`python -m pipeline gold check`: list every problem of the gold files."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.evaluation.gold import check_gold


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "gold",
        help="validate gold annotation files",
        description="Validate gold files against their documents and docs/ANNOTATION.md.",
    )
    actions = parser.add_subparsers(dest="gold_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="list every problem of the gold files; exit 1 if there is any",
        description=(
            "Check every GOLD/*.json: schema (pipeline/schema/gold.schema.json), doc_id equal to the "
            "file name, the document CORPUS/<doc_id>.txt present with the same sha256, offsets "
            "reproducing each mention's text, norms well-formed, no duplicate or overlapping "
            "mentions of one type. Exit status 1 when any problem is found."
        ),
    )
    check.add_argument("--gold", type=Path, default=Path("gold"), help="gold folder (default: gold/)")
    check.add_argument("--corpus", type=Path, default=Path("corpus"), help="corpus folder (default: corpus/)")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    problems = check_gold(args.gold, args.corpus)
    for problem in problems:
        print(problem)
    files = len(list(args.gold.glob("*.json"))) if args.gold.is_dir() else 0
    print(f"gold check: {files} files, {len(problems)} problems")
    return 1 if problems else 0
