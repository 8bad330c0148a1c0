"""Validating gold files: shape by JSON Schema, everything the schema cannot see by code.

A gold file that drifted from its document scores the pipeline against the
wrong answers without any visible failure, so `gold check` names each broken
file and mention instead of letting the scorer guess.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import list_currencies
from jsonschema import Draft202012Validator, ValidationError

from pipeline.processing.corpus import DocumentError, read_document


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a gold file; `mention` is the index into `mentions`, if any."""

    file: Path
    message: str
    mention: int | None = None
    text: str = ""

    def __str__(self) -> str:
        if self.mention is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}: mention #{self.mention} {self.text!r}: {self.message}"


@cache
def validator() -> Draft202012Validator:
    """The gold schema shipped in the package (pipeline/schema/gold.schema.json)."""
    schema = json.loads(resources.files("pipeline").joinpath("schema/gold.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


# CLDR groupings, not countries: an international body is ZZ (ANNOTATION.md).
_GROUPINGS = frozenset({"EU", "EZ", "UN", "QO"})


@cache
def known_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes CLDR knows, ZZ (unknown/international) included."""
    codes = (code for code in Locale("en").territories if len(code) == 2 and code.isalpha())
    return frozenset(codes) - _GROUPINGS


@cache
def known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _schema_message(error: ValidationError, where: str) -> str:
    """The error in the schema's own words (its `description`), stable across jsonschema versions."""
    prefix = f"{where}: " if where else ""
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return prefix + "missing " + ", ".join(map(repr, missing))
    if error.validator == "additionalProperties":
        extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
        return prefix + "unexpected " + ", ".join(map(repr, extra))
    expected = error.schema.get("description") or error.message
    return f"{where} {_short(error.instance)} is not {expected}".lstrip()


def _schema_problems(path: Path, data: Any) -> tuple[list[Problem], set[int]]:
    """Shape problems, and the indices of mentions that have one (code checks skip those)."""
    problems, bad = [], set()
    for error in validator().iter_errors(data):
        where = list(error.absolute_path)
        if len(where) >= 2 and where[0] == "mentions" and isinstance(where[1], int):
            index = where[1]
            bad.add(index)
            mention = data["mentions"][index]
            text = mention.get("text") if isinstance(mention, dict) else None
            message = _schema_message(error, ".".join(map(str, where[2:])))
            problems.append(Problem(path, message, index, text if isinstance(text, str) else ""))
        else:
            problems.append(Problem(path, _schema_message(error, ".".join(map(str, where)))))
    return list(dict.fromkeys(problems)), bad


def _date_range(iso: str) -> tuple[date, date] | None:
    """First and last day an ISO date of any precision covers; None if not a calendar date."""
    parts = [int(p) for p in iso.split("-")]
    year, month, day = parts + [None] * (3 - len(parts))
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


def norm_problems(kind: str, norm: dict) -> list[str]:
    """What is wrong with a schema-valid norm beyond its shape."""
    if kind == "PARTNER" and norm["country"] not in known_countries():
        return [f"norm.country {norm['country']!r} is not an ISO 3166-1 alpha-2 code"]
    if kind == "DATE":
        start, end = _date_range(norm["start"]), _date_range(norm["end"])
        found = [f"norm.{k} {norm[k]!r} is not a calendar date"
                 for k, span in (("start", start), ("end", end)) if span is None]
        if start and end and start[0] > end[1]:
            found.append(f"norm.start {norm['start']!r} is after norm.end {norm['end']!r}")
        return found
    if kind == "AMOUNT":
        return _amount_problems(norm)
    return []


def mention_problems(mention: dict) -> list[str]:
    """Shape and norm problems of one mention on its own (offsets and overlaps need the file)."""
    wrapped = {"doc_id": "x", "text_sha256": "0" * 64, "mentions": [mention]}
    problems, _ = _schema_problems(Path(), wrapped)
    if problems:
        return [problem.message for problem in problems]
    return norm_problems(mention["type"], mention["norm"])


def _amount_problems(norm: dict) -> list[str]:
    found = []
    has_range = "min" in norm or "max" in norm
    if "value" in norm and has_range:
        found.append("norm has both value and min/max")
    elif "value" not in norm and not ("min" in norm and "max" in norm):
        found.append("norm needs value, or min and max")
    elif has_range and norm["min"] > norm["max"]:
        found.append(f"norm.min {norm['min']} is greater than norm.max {norm['max']}")
    currency = norm.get("currency")
    if norm["kind"] == "money" and currency is None:
        found.append("money needs norm.currency (ISO 4217)")
    elif norm["kind"] != "money" and currency is not None:
        found.append(f"a {norm['kind']} has no currency, found norm.currency {currency!r}")
    elif currency is not None and currency not in known_currencies():
        found.append(f"norm.currency {currency!r} is not an ISO 4217 code")
    return found


def check_file(path: Path, corpus_dir: Path | None, need_document: bool = True) -> list[Problem]:
    """Every problem of one gold file, file-level ones first, then mentions in order; without
    its document (no corpus, or none there: a problem only if `need_document`) the offsets go
    unchecked."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return [Problem(path, f"not readable JSON ({err})")]
    problems, bad = _schema_problems(path, data)
    if not isinstance(data, dict) or not isinstance(data.get("mentions"), list):
        return problems
    doc_id = data.get("doc_id")
    text = None
    if isinstance(doc_id, str):
        if doc_id != path.stem:
            problems.append(Problem(path, f"doc_id {doc_id!r} does not match the file name {path.stem!r}"))
        if corpus_dir is not None:
            text = _document_text(path, data, corpus_dir / f"{doc_id}.txt", problems, need_document)
    mention_problems: list[Problem] = []
    seen: list[tuple[int, dict]] = []
    for index, mention in enumerate(data["mentions"]):
        if index in bad:
            continue
        found = _mention_problems(mention, text, seen) + norm_problems(mention["type"], mention["norm"])
        mention_problems += [Problem(path, msg, index, mention["text"]) for msg in found]
        seen.append((index, mention))
    return sorted(problems + mention_problems, key=lambda p: (p.mention is not None, p.mention or 0))


def _document_text(path: Path, data: dict, txt: Path, problems: list[Problem],
                   need_document: bool) -> str | None:
    """The document's text for the offset checks; a changed (or missing, if needed) document is a problem."""
    if not txt.is_file():
        if need_document:
            problems.append(Problem(path, f"no document {txt}"))
        return None
    try:
        document = read_document(txt)
    except DocumentError as err:
        problems.append(Problem(path, str(err)))
        return None
    given = data.get("text_sha256")
    if isinstance(given, str) and given != document.sha256:
        problems.append(Problem(
            path, f"text_sha256 {given[:12]}… does not match {txt} (sha256 {document.sha256[:12]}…)"
        ))
    return document.text


def _mention_problems(mention: dict, text: str | None, seen: list[tuple[int, dict]]) -> list[str]:
    start, end = mention["start"], mention["end"]
    found = []
    if start >= end:
        found.append(f"start {start} is not before end {end}")
    elif text is not None and end > len(text):
        found.append(f"offsets {start}-{end} are beyond the end of the document ({len(text)} characters)")
    elif text is not None and text[start:end] != mention["text"]:
        found.append(f"offsets {start}-{end} give {text[start:end]!r}, not the mention text")
    for other_index, other in seen:
        if other["type"] != mention["type"] or not (start < other["end"] and other["start"] < end):
            continue
        if (other["start"], other["end"]) == (start, end):
            found.append(f"duplicate of mention #{other_index} (same type and span)")
        else:
            found.append(f"overlaps mention #{other_index} {other['text']!r} of the same type")
    return found


def check_gold(gold_dir: Path, corpus_dir: Path | None, need_documents: bool = True) -> list[Problem]:
    """Problems of every `*.json` file directly in `gold_dir`, in file-name order."""
    gold_dir = Path(gold_dir)
    corpus_dir = Path(corpus_dir) if corpus_dir is not None else None
    if not gold_dir.is_dir():
        return [Problem(gold_dir, "no such folder")]
    problems: list[Problem] = []
    for path in sorted(p for p in gold_dir.glob("*.json") if p.is_file()):
        problems += check_file(path, corpus_dir, need_documents)
    return problems


def check_score_inputs(gold_dir: Path, pred_dir: Path, corpus_dir: Path | None) -> None:
    """Before scoring: the folders exist and the gold passes `gold check` (against the documents
    `corpus_dir` holds: scoring needs no corpus). A broken gold file would score the predictions
    against wrong answers, or blame them for its own drift, so ScoringError names every problem
    and nothing is scored."""
    from pipeline.evaluation.scoring import ScoringError

    if not Path(gold_dir).is_dir():
        raise ScoringError(f"{gold_dir}: no such gold folder")
    if not Path(pred_dir).is_dir():
        raise ScoringError(f"{pred_dir}: no such predictions folder")
    problems = check_gold(gold_dir, corpus_dir, need_documents=False)
    if problems:
        count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
        raise ScoringError(f"{gold_dir}: the gold has {count}, nothing scored "
                           "(fix them; `python -m pipeline gold check` lists them too):\n"
                           + "\n".join(f"  {problem}" for problem in problems))

