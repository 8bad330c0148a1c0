"""`python -m pipeline COMMAND`: every command registers its own sub-parser."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each module has `register(subparsers)`, adding its command with `func` set.
COMMAND_MODULES = (
    "pipeline.processing.batch",       # extract
    "pipeline.cli.models",  # models check|download|train
    "pipeline.evaluation.gold",        # gold check
    "pipeline.evaluation.report",      # score
    "pipeline.processing.export",      # export
    "pipeline.processing.bench",       # bench
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description=(
            "Extract partners, dates, amounts and events from Hindi news on international "
            "cooperation, and score them against hand-annotated gold."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
