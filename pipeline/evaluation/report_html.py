"""The report as one self-contained HTML page: charts first, then the tables, then every
error with its sentence, so a drop in F1 leads straight to its causes."""

from __future__ import annotations

import html
import json
import re

import pandas as pd

from pipeline.evaluation.report import (COLORS, FRAMES_HOW, HOW_TO_READ, METRICS, Section, counts, document_level,
                                        error_summary, frame_table, headline, per_document_f1)
from pipeline.evaluation.scoring import ALL, DOCUMENT, MODES
from pipeline.extraction.mention import TYPES


def _esc(value: object) -> str:
    return html.escape(str(value))


def bar_chart(title: str, groups: list[str], values: dict[str, list[float]]) -> str:
    """Grouped vertical bars on a 0-1 axis, one group per label, one bar per series (inline SVG)."""
    width, height, left, top, bottom = 540, 250, 34, 30, 26
    plot_w, plot_h = width - left - 8, height - top - bottom
    group_w = plot_w / len(groups)
    bar_w = group_w * 0.78 / len(values)
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{_esc(title)}"><text x="{left}" y="16" class="ct">{_esc(title)}</text>']
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot_h * (1 - tick)
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 4}" y="{y + 3:.1f}" class="ax" text-anchor="end">{tick:g}</text>')
    for g, label in enumerate(groups):
        x0 = left + g * group_w + group_w * 0.11
        for s, (name, series) in enumerate(values.items()):
            v = float(series[g])
            h, x = plot_h * v, x0 + s * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                         f'fill="{COLORS[name]}"><title>{_esc(label)} {name} {v:.3f}</title></rect>')
            if name == "f1":
                parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 3:.1f}" class="val" '
                             f'text-anchor="middle">{v:.2f}</text>')
        parts.append(f'<text x="{left + (g + 0.5) * group_w:.1f}" y="{height - 8}" class="ax" '
                     f'text-anchor="middle">{_esc(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def document_chart(frame: pd.DataFrame) -> str:
    """One horizontal bar per document: norm F1 (all types), worst first, strict F1 as a tick."""
    rows = frame.sort_values(["norm F1", "doc_id"], kind="stable")
    width, label_w, row_h, top = 760, 190, 20, 24
    bar_max = width - label_w - 150
    height = top + row_h * len(rows) + 8
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="F1 per document">']
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = label_w + bar_max * tick
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - 6}" class="grid"/>'
                     f'<text x="{x:.1f}" y="{top - 10}" class="ax" text-anchor="middle">{tick:g}</text>')
    columns = rows[["doc_id", "status", "norm F1", "strict F1"]].itertuples(index=False)
    for i, (doc_id, status, norm, strict) in enumerate(columns):
        y = top + i * row_h
        short = doc_id if len(doc_id) <= 26 else doc_id[:25] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 13}" class="lab" text-anchor="end">{_esc(short)}'
                     f'<title>{_esc(doc_id)}</title></text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_max * norm:.1f}" height="{row_h - 6}" '
                     f'fill="{COLORS["f1"]}"><title>{_esc(doc_id)}: norm F1 {norm:.3f}, strict F1 '
                     f'{strict:.3f}</title></rect>')
        sx = label_w + bar_max * strict
        parts.append(f'<line x1="{sx:.1f}" x2="{sx:.1f}" y1="{y + 1}" y2="{y + row_h - 1}" class="tick"/>')
        note = "missing" if status == "missing" else f"{norm:.2f} (strict {strict:.2f})"
        cls = "val miss" if status == "missing" else "val"
        parts.append(f'<text x="{label_w + bar_max * norm + 6:.1f}" y="{y + 13}" class="{cls}">{note}</text>')
    parts.append("</svg>")
    return "".join(parts)


def html_table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, float_format=lambda v: f"{v:.3f}", classes="t", border=0)


def _sentence_html(sentence: str, context: int = 110) -> str:
    """The sentence around the marked mention, clipped to `context` characters each side."""
    if "⟦" not in sentence:
        return _esc(sentence)
    before, rest = sentence.split("⟦", 1)
    mention, after = rest.split("⟧", 1) if "⟧" in rest else (rest, "")
    if len(before) > context:  # cut at a space: never inside a word or its vowel signs
        before = "…" + before[-context:].split(" ", 1)[-1]
    if len(after) > context:
        after = after[:context].rsplit(" ", 1)[0] + "…"
    return f"{_esc(before)}<mark>{_esc(mention)}</mark>{_esc(after)}"


def _norm_html(norm: str, other: str) -> str:
    """A norm as `key value` lines; values that differ from the other side's are highlighted."""
    if not norm:
        return ""
    mine, theirs = json.loads(norm), json.loads(other) if other else None
    return "".join(
        f'<div><span class="k">{_esc(k)}</span> '
        f'<span class="{"diff" if theirs is not None and theirs.get(k) != v else "v"}">{_esc(v)}</span></div>'
        for k, v in mine.items())


_ERROR_COLUMNS = "<colgroup>" + "".join(
    f'<col style="width:{w}%">' for w in (9, 7, 7, 14, 33, 9, 10.5, 10.5)) + "</colgroup>"


def errors_html(errors: pd.DataFrame, key: str) -> str:
    if errors.empty:
        return "<p>No errors.</p>"
    options = "".join(f'<option>{t}</option>' for t in TYPES)
    kinds = "".join(f'<option>{e}</option>' for e in ("FN", "FP", "SPAN"))
    parts = [f'<div class="filters" data-for="err-{key}">Show <select data-col="type"><option value="">all types'
             f'</option>{options}</select> <select data-col="error"><option value="">all errors</option>{kinds}'
             f'</select> <input type="search" placeholder="filter by document, text, rule…"> '
             f'<span class="shown"></span></div>',
             f'<table class="t errors" id="err-{key}">{_ERROR_COLUMNS}<thead><tr><th>doc</th><th>type</th>'
             '<th>error</th><th>mention</th><th>sentence</th><th>rule</th><th>gold norm</th><th>predicted norm</th>'
             '</tr></thead><tbody>']
    for e in errors.itertuples(index=False):
        same_span = e.counterpart.endswith(f"[{e.start}-{e.end}]")
        other = f'<div class="other">vs {_esc(e.counterpart)}</div>' if e.counterpart and not same_span else ""
        parts.append(
            f'<tr data-type="{e.type}" data-error="{e.error}"><td>{_esc(e.doc_id)}</td><td>{e.type}</td>'
            f'<td><span class="tag {e.error}">{e.error}</span><div class="cause">{_esc(e.cause)}</div></td>'
            f'<td><b>{_esc(e.text)}</b> <span class="off">{e.start}-{e.end}</span>{other}</td>'
            f'<td class="sent">{_sentence_html(e.sentence)}</td><td class="mono">{_esc(e.rule)}</td>'
            f'<td class="norm">{_norm_html(e.gold_norm, e.pred_norm)}</td>'
            f'<td class="norm">{_norm_html(e.pred_norm, e.gold_norm)}</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


def _legend() -> str:
    return "".join(f'<span class="key"><i style="background:{COLORS[m]}"></i>{s}</span>' for m, s in METRICS)


def _html_section(section: Section) -> str:
    s = section.scores
    scored = len(s.documents) - len(s.missing) - len(s.drifted)
    cards = [("gold documents", len(s.documents)), ("scored", scored), ("missing", len(s.missing)),
             ("unscored", len(s.unscored)), ("drifted", len(s.drifted))]
    parts = [f'<section id="{section.key}"><h2>{_esc(section.title)}</h2>'
             f'<p class="src">gold <code>{_esc(section.gold_dir)}</code> · predictions '
             f'<code>{_esc(section.pred_dir)}</code></p><div class="cards">']
    parts += [f'<div class="card"><b>{n}</b>{_esc(label)}</div>' for label, n in cards]
    if s.documents:
        table = counts(s).set_index("type")
        parts += [f'<div class="card"><b>{table.loc[ALL, "gold"]}</b>gold mentions</div>',
                  f'<div class="card"><b>{table.loc[ALL, "predicted"]}</b>predicted mentions</div>']
    parts.append("</div>")
    if not s.documents:
        return "".join(parts) + "<p>No gold documents: nothing to score.</p></section>"
    scores = s.table()
    groups = [*TYPES, ALL]
    charts = []
    for mode in (*MODES, DOCUMENT):
        rows = scores[scores["mode"] == mode].set_index("type").reindex(groups)
        charts.append(bar_chart(f"{mode}", groups, {m: rows[m].tolist() for m, _ in METRICS}))
    docs = per_document_f1(s)
    parts += [f'<h3>Precision, recall and F1 per type</h3><div class="legend">{_legend()}</div>',
              f'<div class="charts">{"".join(charts)}</div>',
              '<h3>Mention level (micro-averaged)</h3>', html_table(headline(s)),
              '<h3>Document level (sets of normalized values)</h3>', html_table(document_level(s)),
              '<h3>Counts</h3>', html_table(counts(s)),
              '<h3>F1 per document</h3><p class="note">Bar: norm F1 over all types, worst first; '
              'dark tick: strict F1.</p>', document_chart(docs), html_table(docs)]
    if section.has_frames:
        parts += [f'<h3>Event frames (micro-averaged, {len(section.frames.documents)} documents with gold '
                  f'frames)</h3>', html_table(frame_table(section.frames)),
                  f'<p class="note">{_inline_markdown(FRAMES_HOW)}</p>']
    parts.append(f'<h3>Missing and unscored</h3><ul><li>Missing (gold, no prediction; all gold counted as FN): '
                 f'{_esc(", ".join(s.missing) or "none")}</li><li>Unscored (prediction, no gold; not counted): '
                 f'{_esc(", ".join(s.unscored) or "none")}</li><li>Drifted (gold no longer matches its text; '
                 f'not scored): {_esc(", ".join(s.drifted) or "none")}</li></ul>')
    if s.warnings:
        parts.append("<h3>Warnings</h3><ul>" + "".join(f"<li>{_esc(w)}</li>" for w in s.warnings) + "</ul>")
    parts.append(f'<h3>Errors ({len(s.errors)})</h3>')
    parts.append(html_table(error_summary(s)))
    parts.append(errors_html(s.errors, section.key))
    return "".join(parts) + "</section>"


CSS = """
body{font-family:system-ui,"Noto Sans","Noto Sans Devanagari",sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
main{max-width:1180px;margin:0 auto;padding:24px 28px 60px}
h1{font-size:26px;margin:4px 0 4px}h2{font-size:21px;border-bottom:2px solid #d9dde5;padding-bottom:6px;margin-top:36px}
h3{font-size:16px;margin:26px 0 8px;color:#2c3a55}
section{background:#fff;border:1px solid #e3e6ec;border-radius:10px;padding:6px 22px 22px;margin-top:22px}
.src,.note{color:#5b6578;font-size:13px}code{background:#eef1f5;padding:1px 4px;border-radius:4px}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:12px 0}
.card{background:#f3f5f9;border-radius:8px;padding:8px 14px;font-size:12px;color:#5b6578;min-width:96px}
.card b{display:block;font-size:22px;color:#1d2330}
.charts{display:flex;flex-wrap:wrap;gap:8px 18px}
.legend{font-size:13px;margin-bottom:4px}.key{margin-right:14px}
.key i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
svg text{font-family:inherit}.ct{font-size:14px;font-weight:600;fill:#2c3a55}
.ax{font-size:10.5px;fill:#5b6578}.lab{font-size:11.5px;fill:#1d2330}.val{font-size:10.5px;fill:#333}
.miss{fill:#c0392b;font-weight:600}.grid{stroke:#e3e6ec}.tick{stroke:#1d2330;stroke-width:2}
table.t{border-collapse:collapse;font-size:13px;margin:6px 0 10px}
table.t th{background:#eef1f5;text-align:left;padding:5px 9px;border-bottom:1px solid #d5dae3;position:sticky;top:0}
table.t td{padding:4px 9px;border-bottom:1px solid #eceff3;vertical-align:top}
table.t tr:nth-child(even) td{background:#fafbfc}
.errors{width:100%;table-layout:fixed}.errors td{font-size:12.5px;overflow-wrap:anywhere}.sent{line-height:1.5}
mark{background:#ffe08a;padding:0 2px;border-radius:3px}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;color:#3c4658}
.norm{font-size:12px}.norm .k{color:#8a93a5;font-size:11px}.norm .diff{color:#c0392b;font-weight:700}
a{color:#2f5f9e}
.off,.cause,.other{color:#6b7488;font-size:11px}
.tag{font-weight:700;font-size:11px;padding:1px 6px;border-radius:9px;color:#fff}
.tag.FN{background:#c0392b}.tag.FP{background:#d68910}.tag.SPAN{background:#7d6aa8}
.filters{font-size:13px;margin:8px 0}.filters select,.filters input{font:inherit;padding:3px 6px;margin-right:6px}
.how{font-size:13.5px;line-height:1.6;color:#3c4658;background:#fff;border:1px solid #e3e6ec;border-radius:10px;
padding:6px 22px;margin-top:22px}
table.t td{font-variant-numeric:tabular-nums}
"""

SCRIPT = """
document.querySelectorAll('.filters').forEach(function (bar) {
  var rows = document.getElementById(bar.dataset.for).tBodies[0].rows;
  var controls = bar.querySelectorAll('select,input'), shown = bar.querySelector('.shown');
  function apply() {
    var n = 0, q = bar.querySelector('input').value.toLowerCase();
    var want = {};
    bar.querySelectorAll('select').forEach(function (s) { want[s.dataset.col] = s.value; });
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i], ok = (!want.type || r.dataset.type === want.type) &&
        (!want.error || r.dataset.error === want.error) && (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.style.display = ok ? '' : 'none'; n += ok;
    }
    shown.textContent = n + ' of ' + rows.length + ' rows';
  }
  controls.forEach(function (c) { c.addEventListener('input', apply); });
  apply();
});
"""


def _inline_markdown(text: str) -> str:
    """`code` and **bold** of the Markdown paragraph, as HTML."""
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", _esc(text))
    return re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", text).replace("\n", " ")


def report_html(sections: list[Section]) -> str:
    """The whole page: inline CSS, inline SVG, a few lines of inline script for the error filter."""
    body = "".join(_html_section(s) for s in sections)
    toc = " · ".join(f'<a href="#{s.key}">{_esc(s.title)}</a>' for s in sections)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Extraction scores</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{CSS}</style></head>'
            f'<body><main><h1>Extraction scores</h1><p class="src">{toc} · <a href="#how">how to read this</a>'
            f'</p>{body}<div class="how" id="how"><p>{_inline_markdown(HOW_TO_READ)}</p></div></main>'
            f'<script>{SCRIPT}</script></body></html>\n')


