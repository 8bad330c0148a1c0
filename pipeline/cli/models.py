"""`python -m pipeline models ...`: say which models would be used, fetch or build them."""

from __future__ import annotations

import argparse
import sys

from pipeline.tagging import training
from pipeline.tagging.models import ModelNotFoundError, download, find_models


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "models", help="find, download or train the Stanza Hindi models",
        description="Stanza Hindi models (tokenize, pos, lemma). Looked up, in order: --stanza-dir, "
        "$STANZA_RESOURCES_DIR, ~/stanza_resources, ../shared/stanza_resources beside the checkout.",
    )
    msub = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    check = msub.add_parser("check", help="say which models would be used, or why none can be")
    check.add_argument("--stanza-dir", help="a Stanza resources folder to use")
    check.set_defaults(func=_check)
    dl = msub.add_parser("download", help="fetch the official Hindi models (needs the Stanza model hub)")
    dl.add_argument("--dir", help="target folder (default: $STANZA_RESOURCES_DIR or ~/stanza_resources)")
    dl.set_defaults(func=_download)
    training.register(msub)


def _check(args: argparse.Namespace) -> int:
    try:
        info = find_models(args.stanza_dir)
    except ModelNotFoundError as err:
        print(err, file=sys.stderr)
        return 2
    print(f"Stanza Hindi models: {info.dir}")
    for proc, pkg in info.packages.items():
        print(f"  {proc}: {pkg}")
    print(f"  sha256: {info.sha256}")
    return 0


def _download(args: argparse.Namespace) -> int:
    try:
        target = download(args.dir)
    except Exception as err:  # the hub is unreachable on offline machines
        print(
            f"error: could not download the Stanza Hindi models ({type(err).__name__}: {err}).\n"
            "The Stanza model hub is not reachable from this machine. Use --stanza-dir or "
            "$STANZA_RESOURCES_DIR with a folder you have, or build one: "
            "python -m pipeline models train --treebank FILE --out DIR",
            file=sys.stderr,
        )
        return 2
    print(f"downloaded to {target}")
    return 0
