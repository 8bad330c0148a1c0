"""`python -m pipeline gold ...`: check gold files, and make and read them with Label Studio
(tasks out, labeling config, export in, a live session, the round-trip check)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.evaluation.gold import check_gold
from pipeline.evaluation.labelstudio import TaskSources, build_tasks, labeling_config
from pipeline.evaluation.labelstudio_gold import PipelineNorms, convert_export, read_export
from pipeline.evaluation.labelstudio_run import Places, annotate, read_documents, round_trip_check
from pipeline.evaluation.labelstudio_server import LabelStudioError
from pipeline.processing.corpus import DocumentError
from pipeline.tagging.models import ModelNotFoundError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "gold",
        help="validate gold annotation files; make and review them in Label Studio",
        description="Validate gold files against their documents and docs/ANNOTATION.md; make and "
        "review them in Label Studio (pipeline output as pre-annotation, export back to gold files).",
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
    register_labelstudio(actions)


def run_check(args: argparse.Namespace) -> int:
    problems = check_gold(args.gold, args.corpus)
    for problem in problems:
        print(problem)
    files = len(list(args.gold.glob("*.json"))) if args.gold.is_dir() else 0
    print(f"gold check: {files} files, {len(problems)} problems")
    return 1 if problems else 0


_LS_HELP = "the label-studio program of Label Studio's own virtualenv (default: %(default)s)"


def register_labelstudio(actions: argparse._SubParsersAction) -> None:
    """The Label Studio actions of the `gold` command."""
    tasks = actions.add_parser(
        "to-labelstudio", help="Label Studio tasks: one per document, the pipeline's output as prediction",
        description="Write a Label Studio import file: one task per document (data.text, data.doc_id, "
        "data.published) with the pipeline's mentions, norms and event frames as a prediction "
        "(model_version = pipeline version). Outputs come from --pred when made from the same text, "
        "else the pipeline runs. --gold adds existing gold files as annotations to review. Line breaks "
        "are sent as \\n and offsets counted as Label Studio counts them (from-labelstudio maps them back).",
    )
    _task_arguments(tasks)
    tasks.add_argument("--no-predictions", action="store_true", help="no prediction (and no pipeline run)")
    tasks.add_argument("--out", type=Path, required=True, help="the tasks file to write (JSON)")
    tasks.set_defaults(func=run_to_labelstudio)

    config = actions.add_parser("labelstudio-config", help="print the Label Studio labeling config (XML)",
                                description="Print the labeling config the tasks are made for: labels PARTNER, "
                                "DATE, AMOUNT, EVENT, a per-region field for each norm key, relations for event frames.")
    config.set_defaults(func=lambda args: print(labeling_config(), end="") or 0)

    back = actions.add_parser(
        "from-labelstudio", help="gold files from a Label Studio JSON export",
        description="Read a Label Studio export (Export > JSON) and write <doc_id>.json gold files: offsets "
        "checked against CORPUS/<doc_id>.txt and mapped back to the contract's (CRLF and BOM documents "
        "included), text_sha256 computed, norms from the region fields or, where left empty, from the "
        "pipeline (--pred outputs, else a pipeline run). Every region, relation or task left out is "
        "listed with its document and offsets; the written files are then checked as `gold check` does. "
        "Exit status 1 when anything was left out or a check fails.",
    )
    back.add_argument("export", type=Path, metavar="EXPORT.json")
    back.add_argument("--corpus", type=Path, default=Path("corpus"), help="corpus folder (default: corpus/)")
    back.add_argument("--out", type=Path, required=True, help="folder to write the gold files to")
    back.add_argument("--pred", type=Path, help="pipeline outputs to take empty norms from (default: run the pipeline)")
    back.set_defaults(func=run_from_labelstudio)

    session = actions.add_parser(
        "annotate", help="start Label Studio (own virtualenv) with the corpus tasks; what `make annotate` runs",
        description="Start the Label Studio of --ls-bin bound to 127.0.0.1, create the project through its "
        "HTTP API with the labeling config, import a task per document not yet in it, print the URL and "
        "the login (generated once per installation into .labelstudio/login.json, owner-only), and keep "
        "serving until Ctrl-C.",
    )
    _task_arguments(session)
    session.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (default: %(default)s)")
    session.add_argument("--ls-bin", type=Path, default=Places.ls_bin, help=_LS_HELP)
    session.set_defaults(func=run_annotate)

    check = actions.add_parser(
        "annotate-check", help="gold -> a real Label Studio -> gold, identical; what `make annotate-check` runs",
        description="Start a throwaway Label Studio on a free 127.0.0.1 port, import every gold file as a task "
        "through the API (the first --predict documents with the pipeline's prediction too), export through "
        "the API, convert back and compare with the originals. The server is always stopped. Exit 1 on "
        "any difference.",
    )
    check.add_argument("--corpus", type=Path, default=Path("corpus"), help="corpus folder (default: corpus/)")
    check.add_argument("--gold", type=Path, default=Path("gold"), help="gold folder (default: gold/)")
    check.add_argument("--predict", type=int, default=3, help="documents sent with a prediction (default: %(default)s)")
    check.add_argument("--ls-bin", type=Path, default=Places.ls_bin, help=_LS_HELP)
    check.set_defaults(func=run_annotate_check)


def _task_arguments(parser: argparse.ArgumentParser) -> None:
    """What the tasks are made of: documents, pipeline outputs, gold to review."""
    parser.add_argument("inputs", nargs="+", type=Path, metavar="DIR_OR_FILES", help="documents (*.txt) or folders of them")
    parser.add_argument("--pred", type=Path, help="folder of pipeline outputs (<doc_id>.json) made from the same "
                        "texts, e.g. outputs/ (default, and for a document it lacks: run the pipeline)")
    parser.add_argument("--gold", type=Path, help="folder of gold files to add as annotations to review")


def _tasks(args: argparse.Namespace) -> list[dict]:
    sources = TaskSources(pred_dir=args.pred, gold_dir=args.gold, predict=not args.no_predictions)
    tasks, warnings = build_tasks(read_documents(args.inputs), sources)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return tasks


def _failing(run):
    """Errors a user can act on become a message and exit status 2, not a traceback."""
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (DocumentError, ModelNotFoundError, LabelStudioError, ValueError, OSError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    wrapped.__doc__ = run.__doc__
    return wrapped


@_failing
def run_to_labelstudio(args: argparse.Namespace) -> int:
    tasks = _tasks(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    predicted = sum(1 for task in tasks if task.get("predictions"))
    reviewed = sum(1 for task in tasks if task.get("annotations"))
    print(f"to-labelstudio: {len(tasks)} tasks ({predicted} with predictions, {reviewed} with gold) -> {args.out}")
    return 0


@_failing
def run_from_labelstudio(args: argparse.Namespace) -> int:
    tasks = read_export(args.export)
    done = convert_export(tasks, args.corpus, args.out, PipelineNorms(args.pred))
    for item in done.rejected:
        print(f"rejected: {item}")
    problems = [p for p in check_gold(args.out, args.corpus) if p.file in set(done.written)]
    for problem in problems:
        print(problem)
    if done.unlabelled:
        print(f"not annotated yet (no file written): {', '.join(done.unlabelled)}")
    print(f"from-labelstudio: {len(tasks)} tasks, {len(done.written)} gold files written to {args.out}, "
          f"{len(done.rejected)} rejected, {len(problems)} gold check problems")
    return 1 if done.rejected or problems else 0


@_failing
def run_annotate(args: argparse.Namespace) -> int:
    sources = TaskSources(pred_dir=args.pred, gold_dir=args.gold)
    return annotate(read_documents(args.inputs), sources, Places(ls_bin=args.ls_bin), args.port)


@_failing
def run_annotate_check(args: argparse.Namespace) -> int:
    return round_trip_check(args.corpus, args.gold, Places(ls_bin=args.ls_bin), args.predict)
