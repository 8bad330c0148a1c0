"""DATE mentions: days, months, years and ranges of them, normalized to ISO.

Atoms (`15 जून, 2024`, `अप्रैल 2024`, `2023`, `24-25 फरवरी`) come from a spaCy
Matcher; the range grammar (`A से B तक`, `A - B`) and the year resolution
(year-less dates from the DCT, else the latest explicit year) are ours.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extraction.mention import Mention
from pipeline.extraction.matching import next_token, phrase_tokens
from pipeline.resources import STRS, load, register_schema
from pipeline.tagging.tagger import blank_nlp
from pipeline.tagging.textnorm import fold

register_schema("months", {
    "type": "object",
    "required": ["months", "range_from", "range_to", "range_dash"],
    "properties": {
        "months": {
            "type": "object",
            "patternProperties": {"^([1-9]|1[0-2])$": STRS},
            "additionalProperties": False, "minProperties": 12,
        },
        "range_from": STRS, "range_to": STRS, "range_dash": STRS,
        "habitual_before": STRS, "generic_after": STRS,
    },
})

_COORD = {"और", "तथा", "व", "एवं", ","}
DAY = r"^(0?[1-9]|[12]\d|3[01])$"
YEAR = r"^(1[89]\d\d|20\d\d)$"
YEAR_TAIL = r"^\d\d$"  # `2023-24`: a financial year or season, the second year by its last two digits
DAY_RANGE = r"^(0?[1-9]|[12]\d|3[01])-(0?[1-9]|[12]\d|3[01])$"


@dataclass(frozen=True)
class Point:
    """One end of a date as written: any part may be missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class Lexicon:
    month_of: dict[str, int]
    range_from: frozenset[str]
    range_to: frozenset[str]
    dash: frozenset[str]
    habitual_before: tuple[tuple[str, ...], ...]
    generic_after: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load("months")
    month_of = {fold(name): int(num) for num, names in data["months"].items() for name in names}
    return Lexicon(month_of, frozenset(map(fold, data["range_from"])),
                   frozenset(map(fold, data["range_to"])), frozenset(map(fold, data["range_dash"])),
                   tuple(tuple(phrase_tokens(p)) for p in data.get("habitual_before", [])),
                   tuple(tuple(phrase_tokens(p)) for p in data.get("generic_after", [])))


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    lex = lexicon()
    day = {"NORM": {"REGEX": DAY}}
    month = {"NORM": {"IN": sorted(lex.month_of)}}
    year = {"NORM": {"REGEX": YEAR}}
    comma = {"NORM": ",", "OP": "?"}
    dash = {"NORM": {"IN": sorted(lex.dash)}}
    frm = {"NORM": {"IN": sorted(lex.range_from)}}
    m = Matcher(blank_nlp().vocab)
    m.add("full", [[day, month, comma, year]])
    m.add("day_month", [[day, month]])
    m.add("month_year", [[month, comma, year]])
    m.add("year", [[year]])
    m.add("split_year", [[year, dash, {"NORM": {"REGEX": YEAR_TAIL}}]])
    m.add("month", [[month]])
    days = [[day, dash, day], [{"NORM": {"REGEX": DAY_RANGE}}], [day, frm, day]]
    m.add("day_range", [d + [month] for d in days] + [d + [month, comma, year] for d in days])
    m.add("month_range", [[month, j, month, comma, year] for j in (dash, frm)])
    return m


def parse_atom(span: Span) -> tuple[Point, Point]:
    """Start and end of an atom as written (equal unless it is `24-25 फरवरी`)."""
    lex = lexicon()
    days: list[int] = []
    months: list[int] = []
    year = None
    if span.label_ == "split_year":
        first_year = int(span[0].norm_)
        second = first_year - first_year % 100 + int(span[-1].norm_)
        return Point(first_year), Point(second + 100 if second <= first_year else second)
    for tok in span:
        norm = tok.norm_
        if norm in lex.month_of:
            months.append(lex.month_of[norm])
        elif "-" in norm and norm[0].isdigit():
            days.extend(int(x) for x in norm.split("-"))
        elif norm.isdigit():
            if len(norm) == 4:
                year = int(norm)
            else:
                days.append(int(norm))
    first = Point(year, months[0] if months else None, days[0] if days else None)
    last = Point(year, months[-1] if months else None, days[-1] if days else None)
    return first, last


def resolve_year(point: Point, dct: tuple[int, int, int | None] | None, fallback: int | None) -> Point:
    """A year-less date takes the year of its nearest past occurrence before the DCT."""
    if point.year is not None or point.month is None:
        return point
    if dct is None:
        return Point(fallback, point.month, point.day) if fallback else point
    year, month, day = dct
    later = point.month > month or (point.month == month and day is not None and (point.day or 1) > day)
    return Point(year - 1 if later else year, point.month, point.day)


def iso(point: Point) -> str | None:
    """ISO string at the precision written; None when the date does not exist."""
    if point.year is None:
        return None
    if point.month is None:
        return f"{point.year:04d}"
    if point.day is None:
        return f"{point.year:04d}-{point.month:02d}"
    try:
        return dt.date(point.year, point.month, point.day).isoformat()
    except ValueError:
        return None


def normalize_range(start: Point, end: Point, dct: tuple[int, int, int | None] | None,
                    fallback: int | None) -> dict[str, str] | None:
    """`{"start", "end"}` for a date or range: the start borrows what only the end states."""
    if start.month is None and start.day is not None:
        start = Point(start.year, end.month, start.day)
    if start.year is None and end.year is not None and start.month is not None:
        # `11 से 15 जून, 2024`; a start month after the end month falls in the year before
        year = end.year - 1 if (end.month and start.month > end.month) else end.year
        start = Point(year, start.month, start.day)
    end = resolve_year(end, dct, fallback)
    if start.year is None and end.year is not None and start.month is not None:
        year = end.year - 1 if start.month > (end.month or 12) else end.year
        start = Point(year, start.month, start.day)
    start = resolve_year(start, dct, fallback)
    s, e = iso(start), iso(end)
    if s is None or e is None or s[: len(min(s, e, key=len))] > e[: len(min(s, e, key=len))]:
        return None
    return {"start": s, "end": e}


def parse_dct(published: str | None) -> tuple[int, int, int | None] | None:
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    return parts[0], parts[1], parts[2] if len(parts) > 2 else None


def find_dates(doc: Doc, ctx) -> list[Mention]:
    lex = lexicon()
    atoms = filter_spans([Span(doc, s, e, label=mid) for mid, s, e in matcher()(doc)])
    atoms = [a for a in atoms if not _glued_to_number(doc, a) and _split_year_ok(a)]
    explicit_years = [p.year for a in atoms for p in parse_atom(a) if p.year]
    fallback = max(explicit_years) if explicit_years else None
    dct = parse_dct(ctx.published)
    by_start = {a.start: a for a in atoms}
    mentions: list[Mention] = []
    used: set[int] = set()
    for atom in atoms:
        if atom.start in used:
            continue
        start_pt, end_pt = parse_atom(atom)
        first, last, rule = atom, atom, f"date.{atom.label_}"
        joiner = next_token(doc, atom.end)
        if joiner is not None and (joiner.norm_ in lex.range_from or joiner.norm_ in lex.dash):
            partner = next_token(doc, joiner.i + 1)
            if partner is not None and partner.i in by_start:
                last = by_start[partner.i]
                used.add(last.start)
                end_pt = parse_atom(last)[1]
                rule = "date.range"
        if atom.label_ == "month" and last.label_ == "month" and _generic_month(doc, atom.start, last.end):
            continue
        start_i, end_i = first.start, last.end
        used_from = (joiner is not None and joiner.norm_ in lex.range_from and last is not first) or any(
            t.norm_ in lex.range_from for t in atom)
        closing = next_token(doc, end_i)
        if closing is not None and closing.norm_ in lex.range_to and used_from:
            end_i = closing.i + 1
        start_i, end_i = _with_brackets(doc, start_i, end_i)
        if start_pt.year is None and end_pt.year is None and rule != "date.range":
            # `फरवरी और मार्च 2023`: a date coordinated with a dated one shares its year
            conj = next_token(doc, end_i)
            other = next_token(doc, conj.i + 1) if conj is not None and conj.norm_ in _COORD else None
            if other is not None and other.i in by_start:
                shared = parse_atom(by_start[other.i])[0]
                if shared.year is not None and start_pt.month is not None:
                    year = shared.year - 1 if shared.month and start_pt.month > shared.month else shared.year
                    start_pt = Point(year, start_pt.month, start_pt.day)
                    end_pt = Point(year, end_pt.month, end_pt.day)
        norm = normalize_range(start_pt, end_pt, dct, fallback)
        if norm is None:
            continue
        written_year = any(p.year for p in (start_pt, end_pt))
        span = doc[start_i:end_i]
        mentions.append(Mention("DATE", span.start_char, span.end_char, span.text, norm,
                                score=1.0 if written_year else 0.8, rule=rule))
    return mentions


def _with_brackets(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A date that fills a bracket on its own (`(2005-2025)`) takes the brackets along."""
    if start > 0 and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")":
        return start - 1, end + 1
    return start, end


def _generic_month(doc: Doc, start: int, end: int) -> bool:
    """A month written alone that recurs every year (`हर साल सितंबर से नवंबर तक`) or
    stands for its average (`पूरे जुलाई महीने के औसत`) is no calendar reference."""
    lex = lexicon()
    before = [t.norm_ for t in doc[max(0, start - 4):start] if not t.is_space]
    after = [t.norm_ for t in doc[end:end + 4] if not t.is_space]
    return (any(tuple(before[len(before) - len(p):]) == p for p in lex.habitual_before)
            or any(tuple(after[:len(p)]) == p for p in lex.generic_after))


def _split_year_ok(atom: Span) -> bool:
    """`2023-24` names two consecutive years; `2023-27` is no such span (a count range)."""
    if atom.label_ != "split_year":
        return True
    return (int(atom[0].norm_) + 1) % 100 == int(atom[-1].norm_)


def _glued_to_number(doc: Doc, atom: Span) -> bool:
    """A bare year joined by a dash to a number that is no year (`1,500-2,500`) is a count."""
    if atom.label_ != "year":
        return False
    dashes = lexicon().dash
    for side, other in ((atom.start - 1, atom.start - 2), (atom.end, atom.end + 1)):
        if 0 <= other < len(doc) and doc[side].norm_ in dashes:
            neighbour = doc[other].norm_.replace(",", "")
            if neighbour.isdigit() and not re.match(YEAR, neighbour):
                return True
    return False
