"""`score`'s files: summary.md, report.html and the CSV tables of every section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.evaluation.report import Section, summary_markdown
from pipeline.evaluation.report_html import report_html


def _with_section(frames: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    return pd.concat([frame.assign(section=key)[["section", *frame.columns]] for key, frame in frames],
                     ignore_index=True)


def write_report(out: Path, sections: list[Section]) -> list[Path]:
    """summary.md, report.html, scores.csv, documents.csv and errors.csv in `out` (and frames.csv, per
    document and row, when gold frames exist); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "summary.md": summary_markdown(sections),
        "report.html": report_html(sections),
        "scores.csv": _with_section([(s.key, s.scores.table()) for s in sections]).to_csv(index=False),
        "documents.csv": _with_section([(s.key, s.scores.per_document()) for s in sections]).to_csv(index=False),
        "errors.csv": _with_section([(s.key, s.scores.errors) for s in sections]).to_csv(index=False),
    }
    framed = [s for s in sections if s.has_frames]
    if framed:
        files["frames.csv"] = _with_section([(s.key, s.frames.per_document()) for s in framed]).to_csv(index=False)
    for name, content in files.items():
        (out / name).write_text(content, encoding="utf-8")
    return [out / name for name in files]
