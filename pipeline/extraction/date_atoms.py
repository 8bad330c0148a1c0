"""Finding date atoms: the words of a date and the Matcher patterns over them.

An atom is the smallest written date (`15 जून, 2024`, `Mar 3, 2022`, `9, 10 और 11
दिसंबर`, `2024-25`, `2023-04-23`); `dates.py` joins atoms into ranges. Month names
come from dateparser's language data (CLDR, Hindi and English); `months.json` keeps
only the news spellings it lacks. Reading an atom gives the parts as written;
`date_norm` turns them into calendar dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Span

from pipeline.extraction.matching import phrase_tokens
from pipeline.resources import load
from pipeline.tagging.tagger import blank_nlp
from pipeline.tagging.textnorm import fold

DATEPARSER_LANGUAGES = ("hi", "en")
DAY = r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?$"  # `12th October 2024` in English datelines
YEAR = r"^(1[89]\d\d|20\d\d)$"
YEAR_TAIL = r"^\d\d$"  # `2023-24`: a financial year or season, the second year by its last two digits
DAY_RANGE = r"^(0?[1-9]|[12]\d|3[01])-(0?[1-9]|[12]\d|3[01])$"
MONTH_NUMBER = r"^(0?[1-9]|1[0-2])$"
NUMERIC_DMY = r"^(0?[1-9]|[12]\d|3[01])([./])(0?[1-9]|1[0-2])\2(1[89]\d\d|20\d\d)$"  # `15/10/2024`
# the tokenizer sometimes cuts a numeric date without a space: `08` + `/11/2023`, `08/11` + `/2023`
NUMERIC_CUTS = ((DAY, r"^[./](0?[1-9]|1[0-2])[./](1[89]\d\d|20\d\d)$"),
                (r"^(0?[1-9]|[12]\d|3[01])[./](0?[1-9]|1[0-2])$", r"^[./](1[89]\d\d|20\d\d)$"))
MAX_LISTED_DAYS = 5  # `9, 10 और 11 दिसंबर`: days listed before one month


@dataclass(frozen=True)
class Point:
    """One end of a date as written: any part may be missing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class Lexicon:
    month_of: dict[str, int]          # folded month name -> month number
    alone: frozenset[str]             # month names that are a date on their own (not Latin `may`)
    day_words: dict[str, int]         # `पांच` -> 5
    range_from: frozenset[str]
    range_to: frozenset[str]
    dash: frozenset[str]
    list_join: frozenset[str]
    habitual_before: tuple[tuple[str, ...], ...]
    generic_after: tuple[tuple[str, ...], ...]


def dateparser_month_names() -> dict[str, int]:
    """Month names and single-word abbreviations in dateparser's data for our languages."""
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    for lang in DATEPARSER_LANGUAGES:
        info = default_loader.get_locale(lang).info
        for number, month in enumerate(calendar.month_name[1:], 1):
            for name in info[month.lower()]:
                if not re.search(r"[\s.॰]", name):  # `जन॰` would leave the common word `जन`
                    names[fold(name)] = number
                    if name.isascii() and len(name) <= 4:  # `Oct. 15, 2024`
                        names[fold(name) + "."] = number
    return names


def month_names() -> list[str]:
    """Every month spelling a date may use (for other extractors: a month is no noun)."""
    return sorted(lexicon().month_of)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load("months")
    month_of = dateparser_month_names()
    month_of.update({fold(name): int(num) for num, names in data["months"].items() for name in names})
    words = load("numbers")["words"]
    day_words = {fold(w): v for w, v in words.items() if isinstance(v, int) and 1 <= v <= 31}
    folded = lambda key: frozenset(map(fold, data.get(key, [])))  # noqa: E731
    return Lexicon(month_of, frozenset(n for n in month_of if not n.isascii()), day_words,
                   folded("range_from"), folded("range_to"), folded("range_dash"), folded("list_join"),
                   tuple(tuple(phrase_tokens(p)) for p in data.get("habitual_before", [])),
                   tuple(tuple(phrase_tokens(p)) for p in data.get("generic_after", [])))


def _spelled(regex: str, numbers: range) -> list[str]:
    """Every spelling of `numbers` (with and without a leading zero, English ordinals) that
    `regex` accepts: a Matcher tests set membership much faster than a regex per token."""
    forms = {f for n in numbers for f in (str(n), f"{n:02d}") for f in (f, *(f + x for x in ("st", "nd", "rd", "th")))}
    return sorted(f for f in forms if re.match(regex, f))


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    lex = lexicon()
    day = {"NORM": {"IN": _spelled(DAY, range(1, 32))}}
    day_or_word = {"NORM": {"IN": sorted(lex.day_words)}}
    month = {"NORM": {"IN": sorted(lex.month_of)}}
    year = {"NORM": {"IN": _spelled(YEAR, range(1800, 2100))}}
    comma = {"NORM": ",", "OP": "?"}
    dash = {"NORM": {"IN": sorted(lex.dash)}}
    frm = {"NORM": {"IN": sorted(lex.range_from)}}
    join = {"NORM": {"IN": sorted(lex.list_join)}}
    m = Matcher(blank_nlp().vocab)
    dot = {"NORM": ".", "OP": "?"}  # `Sept` + `.`: the tokenizer cuts some abbreviations
    m.add("full", [[day, month, comma, year], [month, dot, day, comma, year]])
    m.add("day_month", [[day, month], [day_or_word, month]])
    m.add("month_day", [[month, dot, day]])  # a dateline in English order (`लखनऊ, सितम्बर 16 --`)
    m.add("month_year", [[month, comma, year]])
    m.add("year", [[year]])
    month_number = {"NORM": {"IN": _spelled(MONTH_NUMBER, range(1, 13))}}
    m.add("iso", [[year, dash, month_number, dash, day]])
    cut = [[{"NORM": {"REGEX": a}, "SPACY": False}, {"NORM": {"REGEX": b}}] for a, b in NUMERIC_CUTS]
    m.add("numeric", [[{"NORM": {"REGEX": NUMERIC_DMY}}], [day, dash, month_number, dash, year], *cut])
    m.add("split_year", [[year, dash, {"NORM": {"REGEX": YEAR_TAIL}}]])
    m.add("month", [[{"NORM": {"IN": sorted(lex.alone)}}]])
    days = [[day, dash, day], [{"NORM": {"REGEX": DAY_RANGE}}], [day, frm, day]]
    listed = [[day] + [{"NORM": ","}, day] * k for k in range(MAX_LISTED_DAYS)]
    days += [d + [join, day] for d in listed[:-1]] + listed[1:]
    m.add("day_range", [d + [month] for d in days] + [d + [month, comma, year] for d in days])
    m.add("month_range", [[month, j, month, comma, year] for j in (dash, frm)])
    return m


def parse_atom(span: Span) -> tuple[Point, Point]:
    """Start and end of an atom as written (equal unless it is `24-25 फरवरी` or a day list)."""
    if span.label_ == "split_year":
        first_year = int(span[0].norm_)
        second = first_year - first_year % 100 + int(span[-1].norm_)
        return Point(first_year), Point(second + 100 if second <= first_year else second)
    if span.label_ in ("iso", "numeric"):
        numbers = [int(_day_digits(p)) for p in re.split(r"[-./]+", "".join(t.norm_ for t in span))]
        year, month, day = numbers if span.label_ == "iso" else numbers[::-1]
        return Point(year, month, day), Point(year, month, day)
    lex = lexicon()
    days: list[int] = []
    months: list[int] = []
    year = None
    for tok in span:
        norm = tok.norm_
        if norm in lex.month_of:
            months.append(lex.month_of[norm])
        elif norm in lex.day_words:
            days.append(lex.day_words[norm])
        elif "-" in norm and norm[0].isdigit():
            days.extend(int(x) for x in norm.split("-"))
        elif _day_digits(norm).isdigit():
            if len(norm) == 4 and norm.isdigit():
                year = int(norm)
            else:
                days.append(int(_day_digits(norm)))
    first = Point(year, months[0] if months else None, days[0] if days else None)
    last = Point(year, months[-1] if months else None, days[-1] if days else None)
    return first, last


def _day_digits(norm: str) -> str:
    """`12th` -> `12`; anything else unchanged."""
    return re.sub(r"(st|nd|rd|th)$", "", norm)
