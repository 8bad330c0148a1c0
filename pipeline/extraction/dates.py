"""DATE mentions: days, months, years and ranges of them, normalized to ISO.

Atoms (`date_atoms`: `15 जून, 2024`, `Mar 3, 2022`, `2023`, `24-25 फरवरी`) come from
a spaCy Matcher; the range grammar (`A से B तक`, `A - B`) and the direction a
year-less date points (an upcoming event: on or after the DCT, `dates_tense.json`)
are ours; the calendar arithmetic is dateparser's (`date_norm`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extraction.date_atoms import YEAR, Point, lexicon, matcher, parse_atom
from pipeline.extraction.date_norm import anchor_for, normalize_range
from pipeline.extraction.matching import contains, next_token, phrase_tokens
from pipeline.extraction.mention import Mention
from pipeline.resources import load
from pipeline.tagging.textnorm import fold

_COORD = {"और", "तथा", "व", "एवं", ","}


@dataclass(frozen=True)
class TenseCues:
    window: int
    upcoming_before: tuple[tuple[str, ...], ...]
    upcoming_after: dict[str, tuple[tuple[str, ...], ...]]  # by first word
    upcoming_endings: tuple[str, ...]  # future-tense verb endings (`चलेगी`)
    stop_after: frozenset[str]   # past-tense forms, verbs of saying, `कि`: the clause is no plan


@lru_cache(maxsize=1)
def tense_cues() -> TenseCues:
    data = load("dates_tense")
    phrases = lambda key: tuple(tuple(phrase_tokens(p)) for p in data[key])  # noqa: E731
    after: dict[str, tuple[tuple[str, ...], ...]] = {}
    for phrase in phrases("upcoming_after"):
        after[phrase[0]] = after.get(phrase[0], ()) + (phrase,)
    endings = tuple(fold(e) for e in data["upcoming_endings"])
    return TenseCues(data["window"], phrases("upcoming_before"), after, endings,
                     frozenset(w for p in phrases("stop_after") for w in p))


def upcoming(doc: Doc, start: int, end: int) -> bool:
    """Does the text present the date at `doc[start:end]` as upcoming? An upcoming cue
    right before it, or after it in its clause before any past-tense word."""
    cues = tense_cues()
    before = [t.norm_ for t in doc[max(0, start - 3):start] if not t.is_space]
    if contains(before, cues.upcoming_before):
        return True
    sentence_end = doc[start].sent.end
    after = [t.norm_ for t in doc[end:sentence_end] if not (t.is_space or t.is_punct)][:cues.window]

    def cue_at(i: int) -> bool:
        if i >= len(after):
            return False
        word = after[i]
        if word not in cues.stop_after and any(
                word.endswith(e) and len(word) >= len(e) + 2 for e in cues.upcoming_endings):
            return True  # a future-tense verb (`चलेगी`)
        return any(tuple(after[i:i + len(p)]) == p for p in cues.upcoming_after.get(word, ()))

    for i, word in enumerate(after):
        if cue_at(i):
            return True
        if word in cues.stop_after and not cue_at(i + 1):  # `किया जाएगा` is no past
            return False
    return False


def find_dates(doc: Doc, ctx) -> list[Mention]:
    lex = lexicon()
    found = [Span(doc, s, e, label=mid) for mid, s, e in matcher()(doc)]
    atoms = filter_spans([a for a in found if a.label_ != "month_day" or _ends_at_punct(doc, a.end)])
    atoms = [a for a in atoms if not _glued_to_number(doc, a) and _split_year_ok(a)]
    points = {a.start: parse_atom(a) for a in atoms}   # each atom read once
    explicit_years = [p.year for pair in points.values() for p in pair if p.year]
    anchor = anchor_for(ctx.published, max(explicit_years) if explicit_years else None)
    by_start = {a.start: a for a in atoms}
    mentions: list[Mention] = []
    used: set[int] = set()
    for atom in atoms:
        if atom.start in used:
            continue
        start_pt, end_pt = points[atom.start]
        last, rule = atom, f"date.{atom.label_}"
        joiner = next_token(doc, atom.end)
        if joiner is not None and (joiner.norm_ in lex.range_from or joiner.norm_ in lex.dash):
            partner = next_token(doc, joiner.i + 1)
            if partner is not None and partner.i in by_start:
                last = by_start[partner.i]
                used.add(last.start)
                end_pt = points[last.start][1]
                rule = "date.range"
        if atom.label_ == "month" and last.label_ == "month" and _generic_month(doc, atom.start, last.end):
            continue
        end_i = last.end
        used_from = (joiner is not None and joiner.norm_ in lex.range_from and last is not atom) or any(
            t.norm_ in lex.range_from for t in atom)
        closing = next_token(doc, end_i)
        if closing is not None and closing.norm_ in lex.range_to and used_from:
            end_i = closing.i + 1
        start_i, end_i = _with_brackets(doc, atom.start, end_i)
        if start_pt.year is None and end_pt.year is None and rule != "date.range":
            start_pt, end_pt = _coordinated_year(doc, end_i, by_start, start_pt, end_pt)
        pointed = anchor.pointing(upcoming(doc, start_i, end_i)) if anchor else None
        norm = normalize_range(start_pt, end_pt, pointed)
        if norm is None:
            continue
        written_year = any(p.year for p in (start_pt, end_pt))
        span = doc[start_i:end_i]
        mentions.append(Mention("DATE", span.start_char, span.end_char, span.text, norm,
                                score=1.0 if written_year else 0.8, rule=rule))
    return mentions


def _ends_at_punct(doc: Doc, end: int) -> bool:
    """A month before a day (`सितम्बर 16`) is a date only where punctuation or the line ends
    after the day: before a word the number may count it (`मई 5 देशों ...`)."""
    nxt = next_token(doc, end, line=True)
    return nxt is None or nxt.is_punct


def _coordinated_year(doc: Doc, end: int, by_start: dict[int, Span], start_pt: Point,
                      end_pt: Point) -> tuple[Point, Point]:
    """`फरवरी और मार्च 2023`: a date coordinated with a dated one shares its year."""
    conj = next_token(doc, end)
    other = next_token(doc, conj.i + 1) if conj is not None and conj.norm_ in _COORD else None
    if other is None or other.i not in by_start:
        return start_pt, end_pt
    shared = parse_atom(by_start[other.i])[0]
    if shared.year is None or start_pt.month is None:
        return start_pt, end_pt
    year = shared.year - 1 if shared.month and start_pt.month > shared.month else shared.year
    return Point(year, start_pt.month, start_pt.day), Point(year, end_pt.month, end_pt.day)


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
