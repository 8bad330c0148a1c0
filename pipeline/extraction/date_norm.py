"""Calendar arithmetic of DATE norms, done by dateparser.

Each end of a date as written (`Point`) is read by a `DateDataParser` (languages hi
and en, DMY order, `RETURN_TIME_AS_PERIOD`) whose `RELATIVE_BASE` is the publication
date (DCT): it checks that the day exists, gives a year-less date its year in the
direction the text points (`PREFER_DATES_FROM` past or future) and tells the
precision written (its period: day, month or year), which is the contract's ISO
precision. One parser per base and direction is built and reused for every date of
a document. dateparser never sees raw text (`search_dates` finds dates in plain
numbers): only the parts the date grammar matched.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

from pipeline.extraction.date_atoms import DATEPARSER_LANGUAGES, Point

PRECISION = {"year": 1, "month": 2, "day": 3}  # dateparser period -> ISO parts kept
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Anchor:
    """What a year-less date is resolved against: the DCT as a period (a day, a month
    or a year, as published) and whether the text points after it."""

    first: dt.date
    last: dt.date
    upcoming: bool = False

    def base(self, point: Point) -> tuple[dt.datetime, str]:
        """dateparser's RELATIVE_BASE and PREFER_DATES_FROM for `point`: on or before the
        DCT's last day, or on or after its first. dateparser's `future` is strictly after,
        so its base is the day before; a month alone is compared from a first of the month
        (with a base on the 31st dateparser's `future` puts `February` years ahead)."""
        if point.day is None:
            if not self.upcoming:
                return _midnight(self.last.replace(day=1)), "past"
            return _midnight((self.first.replace(day=1) - ONE_DAY).replace(day=1)), "future"
        if not self.upcoming:
            return _midnight(self.last), "past"
        return _midnight(self.first - ONE_DAY), "future"

    def pointing(self, upcoming: bool) -> Anchor:
        return Anchor(self.first, self.last, upcoming)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def anchor_for(published: str | None, fallback_year: int | None) -> Anchor | None:
    """The DCT (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as an anchor; with no DCT, the end of
    the latest year the document writes (a year-less date takes that year)."""
    if not published:
        if fallback_year is None:
            return None
        return Anchor(dt.date(fallback_year, 1, 1), dt.date(fallback_year, 12, 31))
    parts = [int(p) for p in published.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return Anchor(day, day)
    if len(parts) == 2:
        year, month = parts
        return Anchor(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))
    return Anchor(dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31))


@lru_cache(maxsize=32)
def parser(base: dt.datetime, prefer: str) -> DateDataParser:
    """One parser per base date and direction, reused for every date resolved against it.
    It only ever reads `as_written` (an absolute date), so its other parsers (timestamps,
    relative dates, custom formats) are left out: a read takes two thirds of the time."""
    return DateDataParser(languages=list(DATEPARSER_LANGUAGES), settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True,
        "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "PARSERS": ["absolute-time"],
    })


def as_written(point: Point) -> str:
    """The parts of `point` in the form dateparser reads (`15 June 2024`, `June`, `2024`)."""
    parts = [str(point.day)] if point.day is not None else []
    if point.month is not None:
        parts.append(calendar.month_name[point.month])
    if point.year is not None:
        parts.append(str(point.year))
    return " ".join(parts)


def resolve(point: Point, anchor: Anchor | None) -> Point | None:
    """`point` as a calendar date at the precision written; None when it does not exist,
    names a day without a month, or lacks a year with nothing to take one from. A written
    year makes the base irrelevant: such a date is read once per process, whatever the DCT."""
    if point.month is None and point.day is not None:
        return None
    if point.year is not None:
        return _read(point, dt.datetime(point.year, 1, 1), "past")
    if anchor is None:
        return None
    return _read(point, *anchor.base(point))


_READS: dict[tuple[Point, dt.datetime, str], Point | None] = {}  # dates repeat within and across documents
_MAX_READS = 1 << 12


def _read(point: Point, base: dt.datetime, prefer: str) -> Point | None:
    """dateparser's reading of `point`, once per point, base and direction. A year-less date
    read as a calendar date is what that date written with its year reads as: remembered
    too, since a range or a date's other end asks for it next."""
    key = (point, base, prefer)
    if key not in _READS:
        if len(_READS) >= _MAX_READS:
            _READS.clear()
        _READS[key] = got = _parse(point, base, prefer)
        if point.year is None and got is not None:
            _READS[(got, dt.datetime(got.year, 1, 1), "past")] = got
    return _READS[key]


def _parse(point: Point, base: dt.datetime, prefer: str) -> Point | None:
    data = parser(base, prefer).get_date_data(as_written(point))
    if data.date_obj is None or data.period not in PRECISION:
        return None
    kept = PRECISION[data.period]
    date = data.date_obj
    return Point(date.year, date.month if kept > 1 else None, date.day if kept > 2 else None)


def iso(point: Point) -> str:
    """ISO string at the precision of `point`."""
    if point.month is None:
        return f"{point.year:04d}"
    if point.day is None:
        return f"{point.year:04d}-{point.month:02d}"
    return f"{point.year:04d}-{point.month:02d}-{point.day:02d}"


def _year_after_start(start: Point, end: Point, anchor: Anchor) -> Point:
    """A year-less range read as past: its start is what lies on or before the DCT (a range
    running on or across the DCT is this year's), the end takes the start's year, or the
    next one when its month comes earlier (`28 दिसंबर से 3 जनवरी`)."""
    began = resolve(start, anchor)
    if began is None or end.month is None:
        return end
    return Point(began.year + (end.month < start.month), end.month, end.day)


def normalize_range(start: Point, end: Point, anchor: Anchor | None) -> dict[str, str] | None:
    """`{"start", "end"}` for a date or range: the start borrows what only the end states
    (`11 से 15 जून, 2024`; a start month after the end month falls in the year before)."""
    if start.month is None and start.day is not None:
        start = Point(start.year, end.month, start.day)
    if anchor is not None and not anchor.upcoming and start.month is not None \
            and start.year is None and end.year is None:
        end = _year_after_start(start, end, anchor)  # `22 से 24 मई तक` published 22 May began on the DCT
    resolved_end = resolve(end, anchor)
    if resolved_end is None:
        return None
    if start.year is None and start.month is not None:
        year = resolved_end.year - 1 if start.month > (resolved_end.month or 12) else resolved_end.year
        start = Point(year, start.month, start.day)
    resolved_start = resolve(start, anchor)
    if resolved_start is None:
        return None
    s, e = iso(resolved_start), iso(resolved_end)
    n = min(len(s), len(e))
    return None if s[:n] > e[:n] else {"start": s, "end": e}
