"""`python -m pipeline score`: score outputs against gold and write the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.evaluation.gold import check_score_inputs
from pipeline.evaluation.report import SEEDS_TITLE, Section, frame_table, headline, write_report
from pipeline.evaluation.scoring import ScoringError, score, score_frames


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "score",
        help="score outputs against gold and write the report",
        description=(
            "Score OUT/<doc_id>.json predictions against GOLD/<doc_id>.json in strict, overlap, norm "
            "and document modes, print the headline table and write summary.md, report.html, "
            "scores.csv, documents.csv and errors.csv. With --seeds-gold/--seeds-pred the seed "
            "articles are scored as a separate section when their gold folder exists. The gold is "
            "checked first, as `gold check` does (against the documents the corpus folder holds): "
            "any problem stops the run with exit status 2."
        ),
    )
    parser.add_argument("--gold", type=Path, default=Path("gold"), help="gold folder (default: gold/)")
    parser.add_argument("--pred", type=Path, default=Path("outputs"),
                        help="predictions folder, must exist (default: outputs/)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"),
                        help="corpus folder, for the sentences of the error list (default: corpus/)")
    parser.add_argument("--out", type=Path, default=Path("outputs/report"),
                        help="report folder (default: outputs/report/)")
    parser.add_argument("--seeds-gold", type=Path, help="gold folder of the seed articles")
    parser.add_argument("--seeds-pred", type=Path, help="predictions for the seed articles")
    parser.add_argument("--seeds-corpus", type=Path, help="the seed articles' texts")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.seeds_gold is not None and args.seeds_pred is None:
        print("error: --seeds-gold needs --seeds-pred", file=sys.stderr)
        return 2
    try:
        check_score_inputs(args.gold, args.pred, args.corpus)
        if args.seeds_gold is not None and args.seeds_gold.is_dir():
            check_score_inputs(args.seeds_gold, args.seeds_pred, args.seeds_corpus)
        corpus = score(args.gold, args.pred, args.corpus)
        sections = [Section("corpus", "Corpus", corpus, args.gold, args.pred,
                            score_frames(args.gold, args.pred, skip=corpus.drifted))]
        if args.seeds_gold is not None and args.seeds_gold.is_dir():
            seeds = score(args.seeds_gold, args.seeds_pred, args.seeds_corpus)
            sections.append(Section("seeds", SEEDS_TITLE, seeds, args.seeds_gold, args.seeds_pred,
                                    score_frames(args.seeds_gold, args.seeds_pred, skip=seeds.drifted)))
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
