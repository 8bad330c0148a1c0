"""Scoring predictions against gold: mention level (strict, overlap, norm) and document level.

Counts are kept per document, type and mode so that every table (micro-averaged
totals, per-document rows) is a sum of the same numbers, and the error list
says for each miss why it is one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.processing.corpus import DocumentError, read_document
from pipeline.extraction.mention import TYPES, Mention

MODES = ("strict", "overlap", "norm")
DOCUMENT = "document"      # the document-level mode: sets of normalized values
ALL = "ALL"                # the row summing every type
TOLERANCE = 0.005          # relative, inclusive: AMOUNT values within 0.5 % of gold are equal
COUNT_COLUMNS = ["doc_id", "type", "mode", "tp", "fp", "fn"]
ERROR_COLUMNS = [
    "doc_id", "type", "error", "cause", "start", "end", "text", "counterpart",
    "sentence", "rule", "gold_norm", "pred_norm",
]
# (error, cause) of an error row. FN/FP: missed by norm mode; "norm differs": a mention of the
# other side overlaps but its value differs; "duplicate": the overlapping mention with the same
# value is paired with another one. SPAN: paired in norm mode, not in strict (boundaries differ).
ERROR_KINDS = (("FN", "missed"), ("FN", "norm differs"), ("FN", "duplicate"), ("FP", "spurious"),
               ("FP", "norm differs"), ("FP", "duplicate"), ("SPAN", "boundary"))
_BOUNDARY = re.compile(r"[।?!\n]|\.(?=\s)")


class ScoringError(ValueError):
    """Input the scorer cannot use (a gold file that is not a gold file); names the file."""


@dataclass
class Scores:
    """Raw counts plus what could not be scored; tables are derived from `counts`."""

    counts: pd.DataFrame                     # COUNT_COLUMNS, one row per document × type × mode
    errors: pd.DataFrame                     # ERROR_COLUMNS, norm-mode FP/FN and SPAN, text order
    documents: list[str] = field(default_factory=list)   # gold doc ids, in order
    missing: list[str] = field(default_factory=list)     # gold without a prediction file
    unscored: list[str] = field(default_factory=list)    # predictions without gold
    drifted: list[str] = field(default_factory=list)     # gold whose text changed: never scored
    warnings: list[str] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """Micro-averaged P/R/F1 per type (and ALL) × mode: TP/FP/FN summed over documents first."""
        return with_prf(_add_all(self.counts).groupby(["type", "mode"], sort=False)[["tp", "fp", "fn"]]
                        .sum().reset_index())

    def per_document(self) -> pd.DataFrame:
        """One row per document × type (and ALL) × mode, with P/R/F1 of that document alone."""
        return with_prf(_add_all(self.counts))


def with_prf(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds precision, recall, F1; each is 0.0 where its denominator is 0 (no division by zero)."""
    out = frame.copy()
    tp, fp, fn = (out[c].astype(float) for c in ("tp", "fp", "fn"))
    out["precision"] = (tp / (tp + fp)).fillna(0.0)
    out["recall"] = (tp / (tp + fn)).fillna(0.0)
    out["f1"] = (2 * tp / (2 * tp + fp + fn)).fillna(0.0)
    return out


def _add_all(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts with an ALL row per document and mode (the sum over types), in reading order."""
    total = counts.groupby(["doc_id", "mode"], sort=False)[["tp", "fp", "fn"]].sum().reset_index()
    total["type"] = ALL
    frame = pd.concat([counts, total[COUNT_COLUMNS]], ignore_index=True)
    order = {
        "doc_id": {d: i for i, d in enumerate(dict.fromkeys(counts["doc_id"]))},
        "mode": {m: i for i, m in enumerate((*MODES, DOCUMENT))},
        "type": {t: i for i, t in enumerate((*TYPES, ALL))},
    }
    return frame.sort_values(["doc_id", "mode", "type"], key=lambda col: col.map(order[col.name]),
                             kind="stable", ignore_index=True)


# --- normalized values -------------------------------------------------------------------------

def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def amount_bounds(norm: dict) -> tuple[float, float] | None:
    """(low, high) of an AMOUNT: a single value is the range value-value."""
    if "value" in norm:
        value = _number(norm["value"])
        return None if value is None else (value, value)
    low, high = _number(norm.get("min")), _number(norm.get("max"))
    return None if low is None or high is None else (low, high)


def close(gold: float, pred: float) -> bool:
    """Within TOLERANCE of the gold value (inclusive); a gold 0 needs a predicted 0."""
    return abs(pred - gold) <= TOLERANCE * abs(gold)


def _amounts_equal(gold: dict, pred: dict) -> bool:
    g, p = amount_bounds(gold), amount_bounds(pred)
    return (g is not None and p is not None and gold.get("kind") == pred.get("kind")
            and gold.get("currency") == pred.get("currency") and close(g[0], p[0]) and close(g[1], p[1]))


def norms_equal(kind: str, gold: dict, pred: dict) -> bool:
    """The `norm` mode's test: PARTNER country+level, DATE start+end, AMOUNT kind+value+currency, EVENT type."""
    if kind == "AMOUNT":
        return _amounts_equal(gold, pred)
    fields = {"PARTNER": ("country", "level"), "DATE": ("start", "end"), "EVENT": ("event_type",)}[kind]
    return all(gold.get(f) == pred.get(f) for f in fields)


def document_key(mention: Mention) -> tuple:
    """The normalized value a document-level set holds: PARTNER name (case- and space-insensitive),
    DATE (start, end), AMOUNT (kind, currency, low, high), EVENT event_type."""
    norm = mention.norm
    if mention.type == "PARTNER":
        name = norm.get("name")
        return (" ".join(name.casefold().split()) if isinstance(name, str) else None,)
    if mention.type == "DATE":
        return (norm.get("start"), norm.get("end"))
    if mention.type == "AMOUNT":
        return (norm.get("kind"), norm.get("currency"), amount_bounds(norm))
    return (norm.get("event_type"),)


def _keys_equal(kind: str, gold: tuple, pred: tuple) -> bool:
    if kind != "AMOUNT":
        return gold == pred
    return (gold[:2] == pred[:2] and gold[2] is not None and pred[2] is not None
            and close(gold[2][0], pred[2][0]) and close(gold[2][1], pred[2][1]))


def document_counts(kind: str, gold: list[Mention], pred: list[Mention]) -> tuple[int, int, int]:
    """TP/FP/FN of the two sets of normalized values; AMOUNT values pair one-to-one within TOLERANCE."""
    return set_counts(kind, list(map(document_key, gold)), list(map(document_key, pred)))


def set_counts(kind: str, gold_keys: list, pred_keys: list) -> tuple[int, int, int]:
    """TP/FP/FN of two sets of value keys (duplicates count once), paired one-to-one."""
    gold_keys = list(dict.fromkeys(gold_keys))
    pred_keys = list(dict.fromkeys(pred_keys))
    used: set[int] = set()
    for g in gold_keys:
        j = next((j for j, p in enumerate(pred_keys) if j not in used and _keys_equal(kind, g, p)), None)
        if j is not None:
            used.add(j)
    return len(used), len(pred_keys) - len(used), len(gold_keys) - len(used)


# --- one-to-one matching -----------------------------------------------------------------------

def _rank(gold: Mention, pred: Mention) -> tuple:
    overlap = min(gold.end, pred.end) - max(gold.start, pred.start)
    exact = (gold.start, gold.end) == (pred.start, pred.end)
    return (not exact, -overlap, gold.start, gold.end, pred.start, pred.end)


def match(gold: list[Mention], pred: list[Mention],
          accept: Callable[[Mention, Mention], bool]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, pred index) among the pairs `accept` allows.

    Candidate pairs are taken in this order: exact-span pairs first, then by the
    largest overlap in characters, ties broken by position (gold start, gold end,
    pred start, pred end). A pair is kept when neither side is already paired, so
    each gold mention matches at most one prediction and vice versa: two
    predictions on one gold mention make one TP and one FP.
    """
    candidates = [(i, j) for i, g in enumerate(gold) for j, p in enumerate(pred) if accept(g, p)]
    candidates.sort(key=lambda ij: _rank(gold[ij[0]], pred[ij[1]]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return sorted(pairs)


ACCEPT: dict[str, Callable[[Mention, Mention], bool]] = {
    "strict": lambda g, p: (g.start, g.end) == (p.start, p.end),
    "overlap": lambda g, p: g.overlaps(p),
    "norm": lambda g, p: g.overlaps(p) and norms_equal(g.type, g.norm, p.norm),
}


# --- reading -----------------------------------------------------------------------------------

def mentions_of(record: dict) -> list[Mention]:
    """The scored mentions of a gold or output record (extra fields such as `score` are kept)."""
    found = []
    for m in record["mentions"]:
        if isinstance(m, dict) and m.get("type") in TYPES:
            found.append(Mention(
                type=m["type"], start=int(m["start"]), end=int(m["end"]), text=m.get("text", ""),
                norm=m.get("norm") if isinstance(m.get("norm"), dict) else {},
                score=m.get("score", 1.0), rule=m.get("rule", ""), id=m.get("id", ""),
            ))
    return found


def read_gold(gold_dir: Path) -> dict[str, dict]:
    """`<doc_id>.json` gold records by doc id (the file stem)."""
    if not gold_dir.is_dir():
        raise ScoringError(f"{gold_dir}: no such gold folder")
    records = {}
    for path in sorted(p for p in gold_dir.glob("*.json") if p.is_file()):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ScoringError(f"{path}: not readable JSON ({err})") from None
        if not isinstance(data, dict) or not isinstance(data.get("mentions"), list):
            raise ScoringError(f"{path}: not a gold file (no 'mentions' list); run `gold check`")
        records[path.stem] = data
    return records


def read_predictions(pred_dir: Path, warnings: list[str]) -> dict[str, dict]:
    """Output records by doc id: JSON objects with a `mentions` list directly in `pred_dir`.

    Anything else there (bench.json, reports, subfolders) is not a prediction and is skipped.
    """
    records: dict[str, dict] = {}
    if not pred_dir.is_dir():
        warnings.append(f"{pred_dir}: no such prediction folder; every gold document is missing")
        return records
    for path in sorted(p for p in pred_dir.glob("*.json") if p.is_file()):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            warnings.append(f"{path}: skipped, not readable JSON")
            continue
        if isinstance(data, dict) and isinstance(data.get("mentions"), list):
            records[path.stem] = data
    return records


# --- sentences for the error list ----------------------------------------------------------------

def sentence_span(text: str, sentences: list[dict] | None, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) a mention lies in: from the output's `sentences`, else split at । ? ! . and newlines."""
    covering = [(s["start"], s["end"]) for s in sentences or () if s["start"] < end and start < s["end"]]
    if covering:
        return min(s for s, _ in covering), max(e for _, e in covering)
    before = [m.end() for m in _BOUNDARY.finditer(text, 0, start)]
    after = _BOUNDARY.search(text, end)
    return (before[-1] if before else 0), (after.end() if after else len(text))


def marked_sentence(text: str | None, sentences: list[dict] | None, start: int, end: int) -> str:
    """The sentence with the mention in ⟦ ⟧, whitespace collapsed; empty without the document."""
    if text is None or end > len(text):
        return ""
    s, e = sentence_span(text, sentences, start, end)
    s, e = min(s, start), max(e, end)
    marked = f"{text[s:start]}⟦{text[start:end]}⟧{text[end:e]}"
    return " ".join(marked.split())


# --- scoring -----------------------------------------------------------------------------------

@dataclass
class _Doc:
    """What one document contributes: counts rows and error rows."""

    doc_id: str
    text: str | None
    sentences: list[dict] | None
    counts: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, kind: str, cause: str, gold: Mention | None, pred: Mention | None) -> None:
        """One row about `pred` (an FP) or `gold` (FN, SPAN), the other side as its counterpart."""
        mention, counterpart = (pred, gold) if kind == "FP" else (gold, pred)
        self.errors.append({
            "doc_id": self.doc_id, "type": mention.type, "error": kind, "cause": cause,
            "start": mention.start, "end": mention.end, "text": mention.text,
            "counterpart": f"{counterpart.text} [{counterpart.start}-{counterpart.end}]" if counterpart else "",
            "sentence": marked_sentence(self.text, self.sentences, mention.start, mention.end),
            "rule": pred.rule if pred else "",
            "gold_norm": _norm_text(gold), "pred_norm": _norm_text(pred),
        })


def _norm_text(mention: Mention | None) -> str:
    return json.dumps(mention.norm, ensure_ascii=False) if mention else ""


def _best(mention: Mention, others: list[Mention], gold_side: bool) -> Mention | None:
    """The overlapping mention on the other side a reviewer should compare with."""
    overlapping = [o for o in others if o.overlaps(mention)]
    if not overlapping:
        return None
    return min(overlapping, key=lambda o: _rank(mention, o) if gold_side else _rank(o, mention))


def _score_type(doc: _Doc, kind: str, gold: list[Mention], pred: list[Mention]) -> None:
    pairs = {mode: match(gold, pred, ACCEPT[mode]) for mode in MODES}
    for mode in MODES:
        tp = len(pairs[mode])
        doc.counts.append({"doc_id": doc.doc_id, "type": kind, "mode": mode,
                           "tp": tp, "fp": len(pred) - tp, "fn": len(gold) - tp})
    tp, fp, fn = document_counts(kind, gold, pred)
    doc.counts.append({"doc_id": doc.doc_id, "type": kind, "mode": DOCUMENT, "tp": tp, "fp": fp, "fn": fn})

    norm_gold = {i: j for i, j in pairs["norm"]}
    norm_pred = {j for _, j in pairs["norm"]}
    strict_gold = {i for i, _ in pairs["strict"]}
    for i, g in enumerate(gold):
        if i in norm_gold:
            if i not in strict_gold:
                p = pred[norm_gold[i]]
                doc.error("SPAN", "boundary", g, p)
            continue
        p = _best(g, pred, gold_side=True)
        same = p is not None and any(o.overlaps(g) and norms_equal(kind, g.norm, o.norm) for o in pred)
        doc.error("FN", "missed" if p is None else "duplicate" if same else "norm differs", g, p)
    for j, p in enumerate(pred):
        if j in norm_pred:
            continue
        g = _best(p, gold, gold_side=False)
        same = g is not None and any(o.overlaps(p) and norms_equal(kind, o.norm, p.norm) for o in gold)
        doc.error("FP", "spurious" if g is None else "duplicate" if same else "norm differs", g, p)


class Drifted(Exception):
    """The gold no longer describes the text it is scored against."""


def _document_text(doc_id: str, gold: dict, corpus_dir: Path | None, warnings: list[str]) -> str | None:
    """The corpus text behind a gold file, for sentences in the error list; None if absent.

    Raises Drifted when the text changed since the gold was made: offsets would be wrong."""
    if corpus_dir is None or not (corpus_dir / f"{doc_id}.txt").is_file():
        return None
    try:
        document = read_document(corpus_dir / f"{doc_id}.txt")
    except DocumentError as err:
        warnings.append(str(err))
        return None
    if document.sha256 != gold.get("text_sha256"):
        raise Drifted(f"{document.path}: differs from the gold's text_sha256; {doc_id} not scored "
                      "(re-annotate it, or check it with `python -m pipeline gold check`)")
    return document.text


def score(gold_dir: Path, pred_dir: Path, corpus_dir: Path | None = None) -> Scores:
    """Scores every gold document against `pred_dir`; `corpus_dir` only supplies error-list sentences."""
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else None
    warnings: list[str] = []
    golds = read_gold(gold_dir)
    preds = read_predictions(pred_dir, warnings)
    counts: list[dict] = []
    errors: list[dict] = []
    drifted: list[str] = []
    for doc_id, gold in golds.items():
        pred = preds.get(doc_id)
        try:
            if pred is not None and pred.get("text_sha256") not in (None, gold.get("text_sha256")):
                raise Drifted(f"{doc_id}: prediction made from a different text than the gold (sha256 differs); "
                              "not scored")
            text = _document_text(doc_id, gold, corpus_dir, warnings)
        except Drifted as err:
            warnings.append(str(err))
            drifted.append(doc_id)
            continue
        sentences = pred.get("sentences") if pred and isinstance(pred.get("sentences"), list) else None
        doc = _Doc(doc_id, text, sentences)
        gold_mentions = mentions_of(gold)
        pred_mentions = mentions_of(pred) if pred else []
        for kind in TYPES:
            _score_type(doc, kind, [m for m in gold_mentions if m.type == kind],
                        [m for m in pred_mentions if m.type == kind])
        counts += doc.counts
        errors += sorted(doc.errors, key=lambda e: (e["start"], e["end"], e["error"] == "FP"))  # text order
    return Scores(
        counts=pd.DataFrame(counts, columns=COUNT_COLUMNS).astype({"tp": int, "fp": int, "fn": int}),
        errors=pd.DataFrame(errors, columns=ERROR_COLUMNS),
        documents=list(golds),
        missing=[d for d in golds if d not in preds and d not in drifted],
        unscored=[d for d in preds if d not in golds],
        drifted=drifted,
        warnings=warnings,
    )
