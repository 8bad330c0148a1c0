"""`python -m pipeline COMMAND`: every command registers its own sub-parser."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each module has `register(subparsers)`, adding its command with `func` set.
COMMAND_MODULES = (
    "pipeline.batch",       # extract
    "pipeline.models_cli",  # models check|download|train
    "pipeline.gold",        # gold check
    "pipeline.report",      # score
    "pipeline.export",      # export
    "pipeline.bench",       # bench
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
