"""`python -m pipeline score`: score outputs against gold and write the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.evaluation.frame_scoring import score_frames
from pipeline.evaluation.gold import check_score_inputs
from pipeline.evaluation.report import EXTRA_SECTIONS, Section, frame_table, headline
from pipeline.evaluation.report_files import write_report
from pipeline.evaluation.scoring import ScoringError, score


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "score",
        help="score outputs against gold and write the report",
        description=(
            "Score OUT/<doc_id>.json predictions against GOLD/<doc_id>.json in strict, overlap, norm "
            "and document modes, print the headline table and write summary.md, report.html, "
            "scores.csv, documents.csv and errors.csv. With --seeds-gold/--seeds-pred (the seed "
            "articles) and --realdev-gold/--realdev-pred (real articles never seen) each set is scored "
            "as a separate section when its gold folder exists. Every gold set is checked first, as "
            "`gold check` does (against the documents its corpus folder holds): any problem stops the "
            "run with exit status 2."
        ),
    )
    parser.add_argument("--gold", type=Path, default=Path("gold"), help="gold folder (default: gold/)")
    parser.add_argument("--pred", type=Path, default=Path("outputs"),
                        help="predictions folder, must exist (default: outputs/)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"),
                        help="corpus folder, for the sentences of the error list (default: corpus/)")
    parser.add_argument("--out", type=Path, default=Path("outputs/report"),
                        help="report folder (default: outputs/report/)")
    for key, title in EXTRA_SECTIONS.items():
        parser.add_argument(f"--{key}-gold", type=Path, help=f"gold folder of the {title.lower()}")
        parser.add_argument(f"--{key}-pred", type=Path, help=f"predictions for the {title.lower()}")
        parser.add_argument(f"--{key}-corpus", type=Path, help=f"texts of the {title.lower()}")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sets = [("corpus", "Corpus", args.gold, args.pred, args.corpus)]
    for key, title in EXTRA_SECTIONS.items():
        gold, pred = getattr(args, f"{key}_gold"), getattr(args, f"{key}_pred")
        if gold is not None and pred is None:
            print(f"error: --{key}-gold needs --{key}-pred", file=sys.stderr)
            return 2
        if gold is not None and gold.is_dir():
            sets.append((key, title, gold, pred, getattr(args, f"{key}_corpus")))
    try:
        for _, _, gold, pred, corpus in sets:
            check_score_inputs(gold, pred, corpus)
        sections = []
        for key, title, gold, pred, corpus in sets:
            scores = score(gold, pred, corpus)
            sections.append(Section(key, title, scores, gold, pred, score_frames(gold, pred, skip=scores.drifted)))
    except ScoringError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for section in sections:
        s = section.scores
        print(f"{section.title}: {len(s.documents)} gold documents, {len(s.missing)} missing, "
              f"{len(s.drifted)} drifted (not scored), {len(s.unscored)} unscored")
        if s.documents:
            print(headline(s).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        if section.has_frames:
            print(f"Event frames ({len(section.frames.documents)} documents with gold frames):")
            print(frame_table(section.frames).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        print()
        for warning in s.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    paths = write_report(args.out, sections)
    print("report: " + ", ".join(str(p) for p in paths))
    return 0
