"""The score tables and their Markdown summary (`python -m pipeline score`).

`report_html` makes the page a reviewer opens from the same tables; `report_files`
writes every file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.extraction.mention import TYPES
from pipeline.evaluation.frame_scoring import FrameScores
from pipeline.evaluation.scoring import ALL, DOCUMENT, ERROR_KINDS, MODES, TOLERANCE, Scores

# Gold sets scored beside the corpus, each in its own section when its gold folder exists:
# key (the `section` column and the `--<key>-gold/-pred/-corpus` options) -> title.
EXTRA_SECTIONS = {"seeds": "Seed articles (real text)",
                  "realdev": "Real articles never seen (realdev)"}
METRICS = (("precision", "P"), ("recall", "R"), ("f1", "F1"))
COLORS = {"precision": "#4c78a8", "recall": "#f58518", "f1": "#54a24b"}

HOW_TO_READ = f"""\
**How to read this.** `strict` counts a prediction as correct when its type and span equal a
gold mention's; `overlap` when the type is equal and the spans share at least one character;
`norm` when they overlap and the normalized value is equal (PARTNER country and level, DATE
start and end, AMOUNT kind, currency and value — or min and max — within {TOLERANCE:.1%} of gold,
EVENT event_type). Matching is one-to-one: a gold mention is paired with at most one
prediction (exact spans first, then the largest overlap, ties by position), so a second
prediction on the same gold mention is a false positive. `document` compares, per document
and type, the set of distinct normalized values (PARTNER name, DATE start/end, AMOUNT
kind+currency+value or range, EVENT type). Scores are micro-averaged: TP, FP and FN are summed
over documents, then P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN); a ratio whose
denominator is 0 is reported as 0.0. A gold document without a prediction file counts all
its mentions as false negatives (listed as missing); a prediction without gold is listed as
unscored and not counted. The error list holds every norm-mode FN and FP and, as SPAN, the
pairs that count under `norm` but not `strict` (boundary differences).
"""


@dataclass
class Section:
    """One scored gold set, reported under its own heading."""

    key: str        # the `section` column of the CSVs
    title: str
    scores: Scores
    gold_dir: Path
    pred_dir: Path
    frames: FrameScores | None = None   # event frames, when some gold files have `events`

    @property
    def has_frames(self) -> bool:
        return self.frames is not None and bool(self.frames.documents)


# --- tables ------------------------------------------------------------------------------------

def headline(scores: Scores) -> pd.DataFrame:
    """P/R/F1 per type (rows) for each mention-level mode (columns `strict P` ... `norm F1`)."""
    table = scores.table().set_index(["type", "mode"])
    rows = []
    for kind in (*TYPES, ALL):
        row: dict[str, object] = {"type": kind}
        for mode in MODES:
            for metric, short in METRICS:
                row[f"{mode} {short}"] = table.loc[(kind, mode), metric]
        rows.append(row)
    return pd.DataFrame(rows)


def document_level(scores: Scores) -> pd.DataFrame:
    table = scores.table()
    table = table[table["mode"] == DOCUMENT].drop(columns="mode")
    return table.rename(columns={"tp": "TP", "fp": "FP", "fn": "FN", "precision": "P", "recall": "R",
                                 "f1": "F1"}).reset_index(drop=True)


def counts(scores: Scores) -> pd.DataFrame:
    """Mentions per type: gold, predicted, and the norm-mode TP/FP/FN."""
    table = scores.table().set_index(["type", "mode"])
    rows = []
    for kind in (*TYPES, ALL):
        strict, norm = table.loc[(kind, "strict")], table.loc[(kind, "norm")]
        rows.append({"type": kind, "gold": int(strict.tp + strict.fn), "predicted": int(strict.tp + strict.fp),
                     "norm TP": int(norm.tp), "norm FP": int(norm.fp), "norm FN": int(norm.fn)})
    return pd.DataFrame(rows)


def per_document_f1(scores: Scores) -> pd.DataFrame:
    """F1 (all types together) of each document in every mode, with its mention counts."""
    docs = scores.per_document()
    docs = docs[docs["type"] == ALL]
    wide = docs.pivot(index="doc_id", columns="mode", values="f1").reindex(scores.documents)
    strict = docs[docs["mode"] == "strict"].set_index("doc_id").reindex(scores.documents)
    return pd.DataFrame({
        "doc_id": scores.documents,
        "status": ["missing" if d in scores.missing else "drifted" if d in scores.drifted else "scored"
                   for d in scores.documents],
        "gold": (strict["tp"] + strict["fn"]).to_numpy(),
        "predicted": (strict["tp"] + strict["fp"]).to_numpy(),
        **{f"{mode} F1": wide[mode].to_numpy() for mode in (*MODES, DOCUMENT)},
    })


def error_summary(scores: Scores) -> pd.DataFrame:
    """Errors per type (rows) and kind (columns such as `FN missed`), with totals."""
    errors = scores.errors
    table = pd.crosstab(errors["type"], [errors["error"], errors["cause"]]) if not errors.empty else pd.DataFrame()
    table = table.reindex(index=list(TYPES), columns=pd.MultiIndex.from_tuples(ERROR_KINDS), fill_value=0)
    table.columns = [f"{e} {c}" for e, c in ERROR_KINDS]
    table.loc[ALL] = table.sum()
    return table.astype(int).rename_axis("type").reset_index()


FRAMES_HOW = """\
**Event frames.** Scored on the gold documents that have an `events` list. A predicted frame
counts (row `frame`) when its trigger overlaps a gold frame's trigger with the same event_type
(paired one-to-one as EVENT mentions are in the `norm` mode) and every role holds the same set
of values at norm level: partners by country and level, the date by start and end, amounts by
kind, currency and value within the tolerance. Row `trigger` counts the paired triggers alone;
rows `partners`, `date` and `amounts` count argument values per role: values of paired frames
are compared as sets, values of an unpaired frame are all FN (gold) or FP (predicted).
"""


def frame_table(frames: FrameScores) -> pd.DataFrame:
    """Frame-level and per-role P/R/F1 (micro-averaged), one row each."""
    return frames.table().rename(columns={"tp": "TP", "fp": "FP", "fn": "FN", "precision": "P",
                                          "recall": "R", "f1": "F1"})


# --- Markdown ----------------------------------------------------------------------------------

def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub table; numbers right-aligned, floats with 3 decimals."""
    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    align = "|" + "|".join("---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in frame.columns) + "|"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, align, *rows])


def _markdown_section(section: Section) -> list[str]:
    s = section.scores
    lines = [f"## {section.title}", "",
             f"Gold `{section.gold_dir}`, predictions `{section.pred_dir}`: {len(s.documents)} gold documents, "
             f"{len(s.documents) - len(s.missing) - len(s.drifted)} scored, {len(s.missing)} missing, "
             f"{len(s.drifted)} drifted (not scored), {len(s.unscored)} unscored.", ""]
    warnings = ["### Warnings", "", *[f"- {w}" for w in s.warnings], ""] if s.warnings else []
    if not s.documents:
        return lines + ["No gold documents: nothing to score.", ""] + warnings
    lines += ["### Mention level (micro-averaged P/R/F1)", "", markdown_table(headline(s)), "",
              "### Document level (sets of normalized values)", "", markdown_table(document_level(s)), "",
              "### Counts", "", markdown_table(counts(s)), "",
              "### Per document (F1, all types)", "", markdown_table(per_document_f1(s)), ""]
    if section.has_frames:
        lines += ["### Event frames (micro-averaged P/R/F1)", "",
                  f"{len(section.frames.documents)} documents with gold frames.", "",
                  markdown_table(frame_table(section.frames)), "", FRAMES_HOW]
    lines += ["### Missing and unscored", "",
              f"- Missing (gold, no prediction; all gold counted as FN): {_names(s.missing)}",
              f"- Unscored (prediction, no gold; not counted): {_names(s.unscored)}",
              f"- Drifted (gold no longer matches its text; not scored): {_names(s.drifted)}", ""]
    lines += ["### Errors", "",
              f"{len(s.errors)} rows in `errors.csv` and `report.html` (norm-mode FN and FP, SPAN = "
              "strict-only boundary misses).", ""]
    return lines + [markdown_table(error_summary(s)), ""] + warnings


def _names(ids: list[str]) -> str:
    return ", ".join(f"`{d}`" for d in ids) if ids else "none"


def summary_markdown(sections: list[Section]) -> str:
    lines = ["# Scores", ""]
    for section in sections:
        lines += _markdown_section(section)
    lines += [HOW_TO_READ]
    return "\n".join(lines)
