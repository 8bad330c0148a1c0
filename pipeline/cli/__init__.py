"""`python -m pipeline COMMAND`: one module per command, each registers its own sub-parser.

Argument parsing lives here only; the commands call library functions of the stages."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each module has `register(subparsers)`, adding its command with `func` set.
COMMAND_MODULES = tuple(f"pipeline.cli.{name}" for name in ("extract", "models", "gold", "score", "export", "bench"))


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
