"""Label Studio's JSON export back into contract gold files.

Every region is checked against the document it claims to mark: the task text must be
the corpus document's (else its offsets mean nothing), the offsets must give the
region's text, the norm must be what docs/ANNOTATION.md allows. A region that fails
is left out and reported with its document and offsets, so a gold file written here
passes `gold check`, and nothing an annotator did is dropped silently.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.evaluation.gold import mention_problems
from pipeline.evaluation.labelstudio import (
    FRAMES, FRAMES_DRAWN, INHERITED, LABELS, NORM_FIELDS, NUMERIC, ROLES, LsText,
)
from pipeline.processing.corpus import DOC_ID, Document, DocumentError, read_document

# (document, type, start, end) -> the norm the project's normalizers give that span, if any
Normalize = Callable[[Document, str, int, int], "dict | None"]
_NUMBER = re.compile(r"\d+(\.\d+)?([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Rejected:
    """A region, relation or task left out of the gold, and why."""

    doc_id: str
    reason: str
    start: int | None = None   # offsets into the document (contract offsets)
    end: int | None = None
    text: str = ""

    def __str__(self) -> str:
        where = f" {self.start}-{self.end} {self.text!r}" if self.start is not None else ""
        return f"{self.doc_id}{where}: {self.reason}"


@dataclass
class Region:
    """One labelled span of an annotation and its filled norm fields (control -> text)."""

    id: str
    labels: list[str]
    start: int
    end: int
    text: str
    fields: dict[str, str] = field(default_factory=dict)


def latest_annotation(task: dict) -> dict | None:
    """The annotation to take: the last one updated that was not skipped."""
    kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    return max(kept, key=lambda a: (str(a.get("updated_at") or ""), str(a.get("id") or "")), default=None)


def _field_value(item: dict) -> str | None:
    value = item.get("value", {})
    found = value.get("choices") if item.get("type") == "choices" else value.get("text")
    if isinstance(found, list):
        found = "\n".join(str(x) for x in found)
    found = str(found).strip() if found is not None else ""
    return found or None


def read_results(results: list[dict]) -> tuple[dict[str, Region], list[dict], bool]:
    """Regions by id (norm fields attached), relations, and whether frames are marked drawn."""
    regions: dict[str, Region] = {}
    fields: dict[str, dict[str, str]] = {}
    relations, drawn = [], False
    for item in results:
        value = item.get("value") or {}
        if item.get("type") == "relation":
            relations.append(item)
        elif item.get("from_name") == FRAMES:
            drawn = FRAMES_DRAWN in (value.get("choices") or [])
        elif item.get("from_name") == LABELS:
            regions[item["id"]] = Region(item["id"], list(value.get("labels") or []), value.get("start"),
                                         value.get("end"), value.get("text") or "")
        elif item.get("id") is not None and (text := _field_value(item)) is not None:
            fields.setdefault(item["id"], {})[item["from_name"]] = text
    for region_id, filled in fields.items():
        if region_id in regions:
            regions[region_id].fields = filled
    return regions, relations, drawn


def parse_number(text: str) -> int | float:
    """A number field: digits (commas allowed) give an int, a decimal point or exponent a float."""
    plain = text.replace(",", "").replace("_", "")
    if not _NUMBER.fullmatch(plain):
        raise ValueError(f"{text!r} is not a number")
    number = int(plain) if plain.isdigit() else float(plain)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"{text!r} is not a number")
    return number


def fields_norm(kind: str, fields: dict[str, str]) -> dict:
    """The norm keys the annotator filled in; a date with one end filled is a single date."""
    norm = {}
    for control, _, key in NORM_FIELDS[kind]:
        if control in fields:
            norm[key] = parse_number(fields[control]) if key in NUMERIC else fields[control]
    if kind == "DATE" and len(norm) == 1:
        only = next(iter(norm.values()))
        norm = {"start": only, "end": only}
    return norm


def merged_norm(kind: str, given: dict, computed: dict | None) -> dict:
    """The computed norm with the annotator's fields over it, keys in the contract's order.
    An amount keeps either the given value or the given range, and money alone a currency."""
    base = dict(computed or {})
    if kind == "AMOUNT":
        if "value" in given:
            base = {k: v for k, v in base.items() if k not in ("min", "max")}
        if "min" in given or "max" in given:
            base.pop("value", None)
        if given.get("kind", base.get("kind")) != "money" and "currency" not in given:
            base.pop("currency", None)
    merged = {**base, **given}
    order = [key for _, _, key in NORM_FIELDS[kind]]
    return {key: merged[key] for key in order if key in merged}


@dataclass
class TaskGold:
    """The gold of one task and what was left out of it."""

    doc_id: str
    gold: dict | None
    rejected: list[Rejected]
    unlabelled: bool = False   # no annotation yet: nothing to write, nothing wrong


class _Builder:
    """Turns one task's annotation into a gold file, collecting rejections."""

    def __init__(self, document: Document, ls: LsText, normalize: Normalize):
        self.document, self.ls, self.normalize = document, ls, normalize
        self.rejected: list[Rejected] = []

    def reject(self, reason: str, start: int | None = None, end: int | None = None, text: str = "") -> None:
        self.rejected.append(Rejected(self.document.doc_id, reason, start, end, text))

    def offsets(self, region: Region) -> tuple[int, int] | None:
        """Contract offsets of a region, whitespace at its edges left out; None if wrong."""
        ls_start, ls_end = region.start, region.end
        if not (isinstance(ls_start, int) and isinstance(ls_end, int) and 0 <= ls_start < ls_end <= len(self.ls.text)):
            self.reject(f"Label Studio offsets {ls_start}-{ls_end} are not a span of the "
                        f"{len(self.ls.text)}-character text", text=region.text)
            return None
        start, end = self.ls.from_ls(ls_start), self.ls.from_ls(ls_end)
        shown = self.ls.text[ls_start:ls_end]
        if shown != region.text:
            self.reject(f"offsets give {shown!r}, not the region text", start, end, region.text)
            return None
        text = self.document.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            self.reject("the region holds only white space", start, end, region.text)
            return None
        return start, end

    def mention(self, region: Region) -> dict | None:
        span = self.offsets(region)
        if span is None:
            return None
        start, end = span
        known = [label for label in region.labels if label in NORM_FIELDS]
        if len(region.labels) != 1 or len(known) != 1:
            self.reject(f"a region needs exactly one of {', '.join(NORM_FIELDS)}, it has {region.labels}",
                        start, end, self.document.text[start:end])
            return None
        kind = known[0]
        text = self.document.text[start:end]
        try:
            given = fields_norm(kind, region.fields)
        except ValueError as err:
            self.reject(f"{kind} norm: {err}", start, end, text)
            return None
        mention = {"type": kind, "start": start, "end": end, "text": text, "norm": given}
        if not given or mention_problems(mention):
            computed = self.normalize(self.document, kind, start, end)
            if computed is None and not given:
                self.reject(f"{kind} norm fields are empty and the pipeline gives no {kind} norm for this span",
                            start, end, text)
                return None
            mention["norm"] = merged_norm(kind, given, computed)
        problems = mention_problems(mention)
        if problems:
            self.reject(f"{kind}: " + "; ".join(problems), start, end, text)
            return None
        return mention

    def mentions(self, regions: dict[str, Region]) -> dict[str, dict]:
        """Accepted mentions by region id, in document order; a later region overlapping an
        earlier one of its type is rejected (gold allows no such pair)."""
        found = {rid: m for rid, r in regions.items() if (m := self.mention(r)) is not None}
        ordered = sorted(found.items(), key=lambda kv: (kv[1]["start"], kv[1]["end"], kv[1]["type"]))
        kept: dict[str, dict] = {}
        for rid, mention in ordered:
            clash = next((m for m in kept.values() if m["type"] == mention["type"]
                          and m["start"] < mention["end"] and mention["start"] < m["end"]), None)
            if clash is None:
                kept[rid] = mention
            else:
                self.reject(f"overlaps {clash['type']} {clash['start']}-{clash['end']} {clash['text']!r}",
                            mention["start"], mention["end"], mention["text"])
        return kept

    def frames(self, mentions: dict[str, dict], relations: list[dict]) -> list[dict]:
        """One frame per EVENT mention; each relation from it gives one argument."""
        args: dict[str, dict[str, list[dict]]] = {
            rid: {role: [] for role in ROLES.values()} for rid, m in mentions.items() if m["type"] == "EVENT"
        }
        for relation in relations:
            ends = [relation.get("from_id"), relation.get("to_id")]
            event = next((e for e in ends if e in args), None)
            other = next((e for e in ends if e != event), None)
            target = mentions.get(other)
            if event is None or target is None or target["type"] not in ROLES:
                self._reject_relation(ends, mentions)
                continue
            arg = {"start": target["start"], "end": target["end"], "text": target["text"]}
            if INHERITED in (relation.get("labels") or []):
                arg["inherited"] = True
            role = args[event][ROLES[target["type"]]]
            if all((a["start"], a["end"]) != (arg["start"], arg["end"]) for a in role):
                role.append(arg)
        frames = []
        for rid, roles in args.items():
            trigger = mentions[rid]
            roles = {role: sorted(found, key=lambda a: (a["start"], a["end"])) for role, found in roles.items()}
            for extra in roles["date"][1:]:
                self.reject(f"a frame holds at most one date; dropped from the frame of {trigger['text']!r}",
                            extra["start"], extra["end"], extra["text"])
            frames.append({"event_type": trigger["norm"]["event_type"],
                           "trigger": {"start": trigger["start"], "end": trigger["end"], "text": trigger["text"]},
                           "partners": roles["partners"], "date": roles["date"][:1], "amounts": roles["amounts"]})
        return frames

    def _reject_relation(self, ends: list, mentions: dict[str, dict]) -> None:
        shown = " -> ".join(repr(mentions[e]["text"]) if e in mentions else f"region {e}" for e in ends)
        lost = any(e not in mentions for e in ends)
        why = ("left out with that region" if lost
               else "does not link an EVENT to a PARTNER, DATE or AMOUNT")
        self.reject(f"relation {shown} {why}")


def task_gold(task: dict, corpus_dir: Path, normalize: Normalize) -> TaskGold:
    """The gold file of one exported task, or None with the reason when the task gives none."""
    data = task.get("data") or {}
    doc_id = str(data.get("doc_id", ""))
    if not DOC_ID.match(doc_id):
        return TaskGold(doc_id, None, [Rejected(doc_id or f"task {task.get('id')}", "the task has no valid data.doc_id")])
    try:
        document = read_document(Path(corpus_dir) / f"{doc_id}.txt")
    except DocumentError as err:
        return TaskGold(doc_id, None, [Rejected(doc_id, str(err))])
    ls = LsText(document.text)
    if data.get("text") != ls.text:
        return TaskGold(doc_id, None, [Rejected(doc_id, f"the task text is not the text of {doc_id}.txt in "
                                                        f"{corpus_dir} (the document changed since the tasks were made)")])
    annotation = latest_annotation(task)
    if annotation is None:
        return TaskGold(doc_id, None, [], unlabelled=True)
    regions, relations, drawn = read_results(annotation.get("result") or [])
    builder = _Builder(document, ls, normalize)
    mentions = builder.mentions(regions)
    gold = {"doc_id": doc_id, "text_sha256": document.sha256, "mentions": list(mentions.values())}
    if drawn:
        gold["events"] = builder.frames(mentions, relations)
    elif relations:
        builder.reject(f"{len(relations)} relations left out: '{FRAMES_DRAWN}' is not ticked")
    return TaskGold(doc_id, gold, builder.rejected)


def read_export(path: Path) -> list[dict]:
    """The tasks of a Label Studio JSON export (the `JSON` format: a list of tasks)."""
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{path}: not a readable Label Studio JSON export ({err})") from None
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and "data" in t for t in tasks):
        raise ValueError(f"{path}: not a Label Studio JSON export (expected a list of tasks with 'data'; "
                         "export with the JSON format, not JSON-MIN or CSV)")
    return tasks


def dump_gold(gold: dict) -> str:
    """A gold file's text as the project writes gold files."""
    return json.dumps(gold, ensure_ascii=False, indent=1) + "\n"


@dataclass
class Converted:
    written: list[Path]
    rejected: list[Rejected]
    unlabelled: list[str]   # doc ids of tasks nobody annotated (or only skipped)


def convert_export(tasks: list[dict], corpus_dir: Path, out_dir: Path, normalize: Normalize) -> Converted:
    """Write one gold file per annotated task; a second task of one document is rejected."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    rejected: list[Rejected] = []
    unlabelled = []
    for task in tasks:
        result = task_gold(task, corpus_dir, normalize)
        rejected += result.rejected
        if result.unlabelled:
            unlabelled.append(result.doc_id)
        if result.gold is None:
            continue
        if result.doc_id in written:
            rejected.append(Rejected(result.doc_id, f"a second task of this document (task {task.get('id')}); "
                                                    "only the first is written"))
            continue
        path = out_dir / f"{result.doc_id}.json"
        path.write_text(dump_gold(result.gold), encoding="utf-8")
        written[result.doc_id] = path
    return Converted(list(written.values()), rejected, unlabelled)


class PipelineNorms:
    """The project's normalizers for a span an annotator left without norm fields: the
    pipeline's own mention over exactly that span (from `--pred` outputs made from the
    same text, else a fresh run), else the mention covering the span's text run alone.
    Stanza is loaded only when a span needs it."""

    def __init__(self, pred_dir: Path | None = None, tagger=None):
        self.pred_dir = Path(pred_dir) if pred_dir else None
        self._outputs: dict[str, dict] = {}
        self._tagger = tagger

    def _process(self, document: Document) -> dict:
        from pipeline.nlp.record import process
        from pipeline.tagging.tagger import Tagger

        self._tagger = self._tagger or Tagger()
        return process(document, self._tagger)

    def _output(self, document: Document) -> dict:
        if document.doc_id not in self._outputs:
            path = self.pred_dir / f"{document.doc_id}.json" if self.pred_dir else None
            output = json.loads(path.read_text(encoding="utf-8")) if path and path.is_file() else None
            if output is None or output.get("text_sha256") != document.sha256:
                output = self._process(document)
            self._outputs[document.doc_id] = output
        return self._outputs[document.doc_id]

    def __call__(self, document: Document, kind: str, start: int, end: int) -> dict | None:
        for mention in self._output(document)["mentions"]:
            if (mention["type"], mention["start"], mention["end"]) == (kind, start, end):
                return mention["norm"]
        alone = Document(document.doc_id, document.path, document.text[start:end], "", document.meta)
        for mention in self._process(alone)["mentions"]:
            if (mention["type"], mention["start"], mention["end"]) == (kind, 0, end - start):
                return mention["norm"]
        return None
