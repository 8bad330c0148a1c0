"""`python -m pipeline models ...`: say which models would be used, fetch or build them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.tagging.training import QUICK, RECIPE, Steps, TrainingError, train
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
    _register_train(msub)


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


TRAIN_HELP = f"""\
Build a Stanza Hindi resources folder (tokenize, pos, lemma) from a UD Hindi CoNLL-U
treebank with Stanza's own training code, following ../shared/stanza_resources/README.md:

  tokenize  stanza.models.tokenizer, --max_seqlen 300, {RECIPE.tokenize} steps
  pos       stanza.models.tagger, no word vectors, 1 layer, hidden 150, batch 32,
            dropout 0.25, {RECIPE.pos} steps; XPOS and FEATS are blanked (the pipeline
            uses UPOS only, and their scorers dominate each step on this CPU)
  lemma     stanza.models.lemmatizer, hidden 100, batch 100, {RECIPE.lemma_epochs} epochs

Without --dev, about 15% of the treebank's sentences are held out as dev by whole
`# newdoc` documents, as ../shared/ud was split. Each stage runs with OMP_NUM_THREADS=1.

DIR gets resources.json (package NAME, the default for hi), hi/{{tokenize,pos,lemma}}/NAME.pt
and training.json (inputs, exact commands, dev scores). Use it with --stanza-dir DIR or
STANZA_RESOURCES_DIR=DIR.

Time: the full recipe on the 850-sentence UD Hindi PUD train set takes about an hour
on 2 cores shared with other work (README: tokenize ~15 min, pos ~24 min, lemma ~18 min;
with XPOS and FEATS blanked a pos step takes about half as long), less on an idle
machine. --quick trains {QUICK.tokenize} tokenizer steps, {QUICK.pos} tagger steps and
{QUICK.lemma_epochs} lemmatizer epoch: a smoke test of the setup, with useless models.
"""


def _register_train(msub: argparse._SubParsersAction) -> None:
    """Add `models train` to the `models` command."""
    parser = msub.add_parser(
        "train", help="build the Stanza Hindi models from a UD treebank (about 1 hour)",
        description=TRAIN_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--treebank", type=Path, required=True, metavar="FILE", help="UD Hindi CoNLL-U file to train on")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="resources folder to create")
    parser.add_argument("--dev", type=Path, metavar="FILE",
                        help="CoNLL-U dev file (default: ~15%% of the treebank, split off by documents)")
    parser.add_argument("--package", default="pud", metavar="NAME", help="Stanza package name (default: pud)")
    parser.add_argument("--quick", action="store_true", help="a few steps per stage: checks the setup in about a minute")
    parser.add_argument("--tokenize-steps", type=_positive, metavar="N", help=f"tokenizer steps (default {RECIPE.tokenize})")
    parser.add_argument("--pos-steps", type=_positive, metavar="N", help=f"tagger steps (default {RECIPE.pos})")
    parser.add_argument("--lemma-epochs", type=_positive, metavar="N", help=f"lemmatizer epochs (default {RECIPE.lemma_epochs})")
    parser.add_argument("--force", action="store_true", help="replace models in a non-empty DIR")
    parser.add_argument("--keep-work", action="store_true", help="keep DIR/_work (split data, Stanza logs)")
    parser.set_defaults(func=_train)


def _positive(value: str) -> int:
    """argparse type for step and epoch counts."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return int(value)


def _train(args: argparse.Namespace) -> int:
    base = QUICK if args.quick else RECIPE
    steps = Steps(
        args.tokenize_steps or base.tokenize,
        args.pos_steps or base.pos,
        args.lemma_epochs or base.lemma_epochs,
    )
    try:
        train(args.treebank, args.out, dev=args.dev, package=args.package, steps=steps,
              force=args.force, keep_work=args.keep_work)
    except (ValueError, FileExistsError, TrainingError) as err:  # TreebankError is a ValueError
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
