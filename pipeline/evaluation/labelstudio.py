"""Label Studio tasks from documents, pipeline outputs and gold: one task per document.

Annotators correct the pipeline's output in Label Studio instead of typing offsets and
norms as JSON. A task carries the document text, the pipeline's mentions as a
prediction and, for review, the gold as an annotation. `labelstudio_gold` reads
Label Studio's export back into gold files.

Label Studio (1.23) counts offsets in code points of the text it shows, as Python does
(checked on its labeling view: spans after an emoji sit on the right characters), but a
browser shows a CRLF as one line break. The contract counts into the text with CRLF kept.
A task therefore holds the text with every line break as a single `\\n`, and `LsText`
maps offsets both ways, so CRLF documents keep exact spans.
"""

from __future__ import annotations

import json
from array import array
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline import __version__
from pipeline.processing.corpus import Document

MODEL_VERSION = f"hindi-coop-ie {__version__}"
LABELS = "label"          # the Labels control
TEXT = "text"             # the Text object
FRAMES = "frames"         # the Choices control saying a task's event frames are drawn
FRAMES_DRAWN = "event frames drawn"
INHERITED = "inherited"   # the relation label of an argument from an earlier sentence

# Per-region norm fields: (control name, control type, norm key), in the norm's key order.
NORM_FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "PARTNER": (("name", "textarea", "name"), ("country", "textarea", "country"),
                ("level", "choices", "level")),
    "DATE": (("date_start", "textarea", "start"), ("date_end", "textarea", "end")),
    "AMOUNT": (("kind", "choices", "kind"), ("value", "textarea", "value"), ("min", "textarea", "min"),
               ("max", "textarea", "max"), ("currency", "textarea", "currency")),
    "EVENT": (("event_type", "choices", "event_type"),),
}
NUMERIC = frozenset({"value", "min", "max"})
ROLES = {"PARTNER": "partners", "DATE": "date", "AMOUNT": "amounts"}  # argument type -> frame role


@cache
def labeling_config() -> str:
    """The labeling config XML shipped in the package (pipeline/evaluation/labelstudio.xml)."""
    return resources.files("pipeline.evaluation").joinpath("labelstudio.xml").read_text("utf-8")


class LsText:
    """A document's text as a task holds it, with offset maps to and from the contract's.

    The offset between a CR and its LF has no Label Studio offset: it maps to None."""

    def __init__(self, text: str):
        self.source = text
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._to: array | None = None
        self._from: array | None = None
        if "\r\n" in text:
            self._build()

    def _build(self) -> None:
        text, to_ls, from_ls = self.source, array("q", [-1]) * (len(self.source) + 1), array("q")
        i = j = 0
        while i < len(text):
            to_ls[i] = j
            from_ls.append(i)
            i, j = i + (2 if text.startswith("\r\n", i) else 1), j + 1
        to_ls[i] = j
        from_ls.append(i)
        self._to, self._from = to_ls, from_ls

    def to_ls(self, offset: int) -> int | None:
        if self._to is None:
            return offset if 0 <= offset <= len(self.source) else None
        found = self._to[offset] if 0 <= offset < len(self._to) else -1
        return None if found < 0 else found

    def from_ls(self, offset: int) -> int | None:
        if self._from is None:
            return offset if 0 <= offset <= len(self.source) else None
        found = self._from[offset] if 0 <= offset < len(self._from) else -1
        return None if found < 0 else found


def field_text(key: str, value) -> str:
    """A norm value as the annotator sees it in a text field (numbers as JSON numbers)."""
    return json.dumps(value) if key in NUMERIC else str(value)


def region_results(region_id: str, mention: dict, ls: LsText) -> list[dict]:
    """The labels result of one mention and one result per filled norm field, sharing its id."""
    start, end = ls.to_ls(mention["start"]), ls.to_ls(mention["end"])
    if start is None or end is None:
        raise ValueError(f"offsets {mention['start']}-{mention['end']} cut a CRLF line break")
    span = {"start": start, "end": end, "text": ls.text[start:end]}
    labels = {"id": region_id, "from_name": LABELS, "to_name": TEXT, "type": "labels",
              "value": {**span, "labels": [mention["type"]]}}
    if "score" in mention:
        labels["score"] = mention["score"]
    results = [labels]
    for control, kind, key in NORM_FIELDS[mention["type"]]:
        if key not in mention["norm"]:
            continue
        value = mention["norm"][key]
        filled = {"text": [field_text(key, value)]} if kind == "textarea" else {"choices": [value]}
        results.append({"id": region_id, "from_name": control, "to_name": TEXT, "type": kind,
                        "value": {**span, **filled}})
    return results


def _frame_parts(frame: dict) -> tuple[dict, list[tuple[str, dict]]]:
    """A frame's trigger and (role, argument) pairs; outputs give `date` as one object or
    null, gold as a list."""
    date = frame.get("date")
    dates = date if isinstance(date, list) else [date] if date else []
    args = [("partners", a) for a in frame.get("partners", [])] + [("date", d) for d in dates]
    return frame["trigger"], args + [("amounts", a) for a in frame.get("amounts", [])]


def relation_results(frames: list[dict], mentions: list[dict], ids: list[str]) -> list[dict]:
    """One relation per frame argument, from the EVENT region to the argument's region."""
    where = {(m["type"], m["start"], m["end"]): region for m, region in zip(mentions, ids)}
    results = []
    for frame in frames:
        trigger, args = _frame_parts(frame)
        source = where.get(("EVENT", trigger["start"], trigger["end"]))
        for role, arg in args:
            kind = next(t for t, r in ROLES.items() if r == role)
            target = where.get((kind, arg["start"], arg["end"]))
            if source is None or target is None:
                raise ValueError(f"frame of {trigger.get('text')!r}: no {kind} mention at "
                                 f"{arg['start']}-{arg['end']}")
            relation = {"from_id": source, "to_id": target, "type": "relation", "direction": "right"}
            if arg.get("inherited"):
                relation["labels"] = [INHERITED]
            results.append(relation)
    return results


FRAMES_TICK = {"id": "frames", "from_name": FRAMES, "to_name": TEXT, "type": "choices",
               "value": {"choices": [FRAMES_DRAWN]}}


def result_list(data: dict, ls: LsText, reviewed: bool) -> list[dict]:
    """Label Studio results of an output or gold file: regions, norm fields and frames. A
    reviewed file (gold) that holds `events` comes with `event frames drawn` ticked; a
    prediction's frames wait for the annotator to tick it."""
    mentions = data.get("mentions", [])
    ids = [f"m{i + 1}" for i in range(len(mentions))]
    results = [item for m, region in zip(mentions, ids) for item in region_results(region, m, ls)]
    if "events" in data:
        results += relation_results(data["events"], mentions, ids)
        if reviewed:
            results.append(dict(FRAMES_TICK))
    return results


def task_for(document: Document, prediction: dict | None = None, gold: dict | None = None) -> dict:
    """The task of one document: its text and ids, the pipeline's output as a prediction,
    an existing gold file as an annotation to review."""
    ls = LsText(document.text)
    task: dict = {"data": {"text": ls.text, "doc_id": document.doc_id, "published": document.published or ""}}
    if prediction is not None:
        task["predictions"] = [{"model_version": MODEL_VERSION, "result": result_list(prediction, ls, False)}]
    if gold is not None:
        task["annotations"] = [{"result": result_list(gold, ls, True), "ground_truth": True}]
    return task


@dataclass
class TaskSources:
    """Where the predictions and annotations of the tasks come from: `pred_dir` outputs made
    from the same text, else (with `predict`) a fresh pipeline run; gold files to review."""

    pred_dir: Path | None = None
    gold_dir: Path | None = None
    predict: bool = True


def _matching(folder: Path | None, document: Document, warnings: list[str]) -> dict | None:
    """`folder/<doc_id>.json` if present and made from this very text; a file made from
    another text is a warning (a document without one is simply new)."""
    path = folder / f"{document.doc_id}.json" if folder else None
    if path is None or not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("text_sha256") != document.sha256:
        warnings.append(f"{document.doc_id}: {path} was made from another text (text_sha256 differs); not used")
        return None
    return data


def build_tasks(documents: list[Document], sources: TaskSources) -> tuple[list[dict], list[str]]:
    """Tasks for the documents, and a warning for every output or gold file not used."""
    tagger = None
    tasks, warnings = [], []
    for document in documents:
        prediction = _matching(sources.pred_dir, document, warnings)
        if prediction is None and sources.predict:
            from pipeline.nlp.record import process
            from pipeline.tagging.tagger import Tagger

            tagger = tagger or Tagger()
            prediction = process(document, tagger)
        gold = _matching(sources.gold_dir, document, warnings)
        tasks.append(task_for(document, prediction, gold))
    return tasks, warnings
