"""Scoring event frames against gold: a frame is its trigger with its partners, date and amounts.

Each gold frame is matched one-to-one to a predicted frame by its trigger (mention
matching of `pipeline.evaluation.scoring`), then every role is counted as a set of
normalized values, so a table reads how often the pipeline links the right arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.evaluation.scoring import (ACCEPT, ScoringError, amount_bounds, match, mentions_of, read_gold,
                                         read_predictions, set_counts, with_prf)
from pipeline.extraction.mention import Mention


ROLES = ("partners", "date", "amounts")
ROLE_TYPES = {"partners": "PARTNER", "date": "DATE", "amounts": "AMOUNT"}
FRAME_ROWS = ("frame", "trigger", *ROLES)
FRAME_COLUMNS = ["doc_id", "row", "tp", "fp", "fn"]


@dataclass
class Frame:
    """An event frame reduced to what is scored: the trigger and the mentions of each role."""

    trigger: Mention
    args: dict[str, list[Mention]]


@dataclass
class FrameScores:
    """Frame-level counts per document and row (`frame`, `trigger`, and one per argument role)."""

    counts: pd.DataFrame                     # FRAME_COLUMNS
    documents: list[str] = field(default_factory=list)   # gold documents that have frame gold

    def table(self) -> pd.DataFrame:
        """Micro-averaged P/R/F1 per row: TP/FP/FN summed over documents first."""
        summed = (self.counts.groupby("row", sort=False)[["tp", "fp", "fn"]].sum()
                  .reindex(list(FRAME_ROWS), fill_value=0).reset_index())
        return with_prf(summed)

    def per_document(self) -> pd.DataFrame:
        return with_prf(self.counts)


def _gold_frames(path_name: str, record: dict) -> list[Frame]:
    """The `events` of a gold record, with offsets resolved to its gold mentions (ANNOTATION.md)."""
    by_span = {(m.type, m.start, m.end): m for m in mentions_of(record)}
    frames = []
    for i, event in enumerate(record["events"]):
        where = f"{path_name}: events[{i}]"
        if not isinstance(event, dict) or not isinstance(event.get("trigger"), dict):
            raise ScoringError(f"{where}: not a frame (needs a `trigger` with start and end)")

        def resolve(kind: str, span: Any, role: str) -> Mention:
            key = (kind, span.get("start"), span.get("end")) if isinstance(span, dict) else None
            if key not in by_span:
                raise ScoringError(f"{where}: {role} {span!r} is not a gold {kind} mention")
            return by_span[key]

        trigger = resolve("EVENT", event["trigger"], "trigger")
        if event.get("event_type", trigger.norm.get("event_type")) != trigger.norm.get("event_type"):
            raise ScoringError(f"{where}: event_type {event.get('event_type')!r} differs from its trigger's")
        args = {}
        for role in ROLES:
            spans = event.get(role) or []
            if not isinstance(spans, list):
                raise ScoringError(f"{where}: {role} must be a list of mention offsets")
            args[role] = [resolve(ROLE_TYPES[role], s, role) for s in spans]
        frames.append(Frame(trigger, args))
    return frames


def _arg(kind: str, arg: dict) -> Mention:
    """A frame argument as a mention (a date from the sidecar has no offsets: -1)."""
    return Mention(kind, int(arg.get("start", -1)), int(arg.get("end", -1)), arg.get("text", ""),
                   arg.get("norm") or {}, id=arg.get("id", ""))


def _pred_frames(record: dict) -> list[Frame]:
    """The `events` of an output record (frames carry their trigger and arguments inline)."""
    frames = []
    for event in record.get("events") or []:
        t = event["trigger"]
        trigger = Mention("EVENT", int(t["start"]), int(t["end"]), t.get("text", ""),
                          {"event_type": event.get("event_type")}, id=t.get("id", ""))
        args = {}
        for role in ROLES:
            value = event.get(role)
            items = [value] if isinstance(value, dict) else (value or [])
            args[role] = [_arg(ROLE_TYPES[role], a) for a in items]
        frames.append(Frame(trigger, args))
    return frames


def frame_key(mention: Mention) -> tuple:
    """An argument's value at norm level (as the `norm` mention mode compares it): PARTNER country
    and level, DATE start and end, AMOUNT kind, currency and (low, high)."""
    norm = mention.norm
    if mention.type == "PARTNER":
        return (norm.get("country"), norm.get("level"))
    if mention.type == "DATE":
        return (norm.get("start"), norm.get("end"))
    return (norm.get("kind"), norm.get("currency"), amount_bounds(norm))


def role_counts(kind: str, gold: list[Mention], pred: list[Mention]) -> tuple[int, int, int]:
    """TP/FP/FN of one role of one frame pair: the sets of distinct values at norm level."""
    return set_counts(kind, list(map(frame_key, gold)), list(map(frame_key, pred)))


def frame_counts(doc_id: str, gold: list[Frame], pred: list[Frame]) -> list[dict]:
    """Rows of FRAME_COLUMNS for one document.

    Triggers pair one-to-one as EVENT mentions do in the `norm` mode (overlapping
    spans, equal event_type). A frame is a TP when its trigger pairs and every
    role holds the same set of values; per role, values of paired frames are
    compared as sets, and the values of an unpaired frame are all FN (gold) or
    FP (predicted).
    """
    pairs = match([f.trigger for f in gold], [f.trigger for f in pred], ACCEPT["norm"])
    rows = {r: [0, 0, 0] for r in FRAME_ROWS}
    rows["trigger"] = [len(pairs), len(pred) - len(pairs), len(gold) - len(pairs)]
    complete = 0
    for i, j in pairs:
        exact = True
        for role in ROLES:
            tp, fp, fn = role_counts(ROLE_TYPES[role], gold[i].args[role], pred[j].args[role])
            rows[role] = [a + b for a, b in zip(rows[role], (tp, fp, fn))]
            exact &= fp == 0 and fn == 0
        complete += exact
    paired_gold, paired_pred = {i for i, _ in pairs}, {j for _, j in pairs}
    for role in ROLES:
        kind = ROLE_TYPES[role]
        rows[role][2] += sum(role_counts(kind, f.args[role], [])[2] for i, f in enumerate(gold) if i not in paired_gold)
        rows[role][1] += sum(role_counts(kind, [], f.args[role])[1] for j, f in enumerate(pred) if j not in paired_pred)
    rows["frame"] = [complete, len(pred) - complete, len(gold) - complete]
    return [{"doc_id": doc_id, "row": r, "tp": tp, "fp": fp, "fn": fn} for r, (tp, fp, fn) in rows.items()]


def score_frames(gold_dir: Path, pred_dir: Path, skip: Iterable[str] = ()) -> FrameScores:
    """Frame-level scores over the gold documents that have an `events` list.

    Predicted frames of a document whose gold has no `events` are not scored; a gold
    document with frames but no prediction file counts all its frames as FN. Drifted
    documents (named in `skip`, or predicted from a text whose hash differs) are not scored.
    """
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    golds = {d: g for d, g in read_gold(gold_dir).items() if isinstance(g.get("events"), list)}
    preds = read_predictions(pred_dir, []) if golds else {}
    skipped = set(skip) | {d for d, g in golds.items()
                           if preds.get(d, {}).get("text_sha256") not in (None, g.get("text_sha256"))}
    golds = {d: g for d, g in golds.items() if d not in skipped}
    rows: list[dict] = []
    for doc_id, gold in golds.items():
        pred = preds.get(doc_id) or {}
        rows += frame_counts(doc_id, _gold_frames(f"{gold_dir / doc_id}.json", gold), _pred_frames(pred))
    counts = pd.DataFrame(rows, columns=FRAME_COLUMNS).astype({"tp": int, "fp": int, "fn": int})
    return FrameScores(counts=counts, documents=list(golds))
