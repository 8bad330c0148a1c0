"""`python -m pipeline bench`: the arguments of `pipeline.processing.bench.run`."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.processing import bench


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bench", help="measure extract speed, cache, workers and memory",
                            description=bench.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="articles in the bench corpus (default 200)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="source articles (default corpus/)")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="bench.json goes here (default outputs/)")
    parser.add_argument("--stanza-dir", help="Stanza resources folder with the Hindi models")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile step")
    parser.add_argument("--big-mb", type=float, default=5.0,
                        help="size of the one long article run alone to show memory stays bounded "
                             "(default 5 MB; 0 skips it)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    return bench.run(args.n, args.corpus, args.out, stanza_dir=args.stanza_dir,
                     profile=not args.no_profile, big_mb=args.big_mb)
