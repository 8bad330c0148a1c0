"""Number runs and their values: `1,500`, `150-250`, `18 हजार करोड़`, `दो करोड़`,
`21 करोड़ 37 लाख 11 हजार`, `43 million`.

A spaCy Matcher finds the runs; `run_values` reads them. Indian compound
numbers write one amount as terms of falling scale (`5 करोड़ 50 लाख 46 हजार 800`)
and are summed; scale words in a row multiply (`18 हजार करोड़`). Which kind of
amount a run is (money, count, percent) is decided in `amounts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from spacy.tokens import Span

from pipeline.extraction.date_atoms import month_names
from pipeline.extraction.matching import RunMatcher, phrase_tokens
from pipeline.resources import load
from pipeline.tagging.tagger import blank_nlp
from pipeline.tagging.textnorm import fold

NUMBER = r"^(\d{1,3}(,\d{2,3})+|\d+)(\.\d+)?$"
# A number the tagger split after its thousands comma (`₹३६,` `२३८`) and the upper
# end of a range it split off with its dash (`25` `-40`).
NUMBER_HEAD = r"^\d{1,3}(,\d{2,3})*,$"
NUMBER_TAIL = r"^\d{2,3}(,\d{2,3})*(\.\d+)?$"
DECIMAL_TAIL = r"^\.\d+$"
DASH_NUMBER = r"^-(\d{1,3}(,\d{2,3})+|\d+)(\.\d+)?$"
NUMBER_RANGE = r"^(\d{1,3}(,\d{2,3})+|\d+)(\.\d+)?-(\d{1,3}(,\d{2,3})+|\d+)(\.\d+)?$"
# The last term of a compound may go without a scale word (`46 हजार 800`) only below a thousand.
_BARE_LAST_TERM = 1000


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, Decimal]  # number words; `before_scale` ones (`एक`, `ढाई`) only before a scale word
    counting_words: frozenset[str]  # number words that count on their own (`चार देशों`)
    scales: dict[str, int]
    percent: frozenset[str]
    joins: frozenset[str]
    not_counted: frozenset[str]  # durations, measures and month names
    approx_after: tuple[tuple[str, ...], ...]
    light_verbs: frozenset[str]  # lemmas and forms: `काम करते`, `हिस्सा ले` end the counted noun before them
    money_words: frozenset[str]  # a scaled number before one of these is a sum (`21.37 करोड़ मंजूर`)
    fractions: dict[str, Decimal]  # added to the number after them: `साढ़े तीन` 3.5, `पौने दो` 1.75
    street_words: frozenset[str]  # `मार्ग`, `रोड`: the end of a street's name
    address_after: frozenset[str]  # `स्थित`, `पर`: after a street word, the number before the name is a house number


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    numbers = load("numbers")
    units = load("units")
    counting = {fold(w): Decimal(v) for w, v in numbers["words"].items() if v is not None}
    return Lexicon(
        words=counting | {fold(w): Decimal(str(v)) for w, v in numbers.get("before_scale", {}).items()},
        counting_words=frozenset(counting),
        scales={fold(w): v for w, v in numbers["scales"].items()},
        percent=frozenset(map(fold, numbers["percent"])),
        joins=frozenset(map(fold, numbers["range_join"])),
        not_counted=frozenset(map(fold, units["durations"] + units["measures"] + month_names())),
        approx_after=tuple(tuple(phrase_tokens(p)) for p in numbers["approx_after"]),
        light_verbs=frozenset(map(fold, numbers.get("light_verbs", []))),
        money_words=frozenset(map(fold, numbers.get("money_words", []))),
        fractions={fold(w): Decimal(str(v)) for w, v in numbers.get("fractions", {}).items()},
        street_words=frozenset(map(fold, units.get("street_words", []))),
        address_after=frozenset(map(fold, units.get("address_after", []))),
    )


@lru_cache(maxsize=1)
def number_matcher() -> RunMatcher:
    """`number` runs (digits, or words before a scale, with scales, ranges and compounds);
    `word` runs: a number word alone (`चार`), which only counts."""
    lex = lexicon()
    num = {"NORM": {"REGEX": NUMBER}}
    word = {"NORM": {"IN": sorted(lex.words)}}
    scales = {"NORM": {"IN": sorted(lex.scales)}, "OP": "+"}
    scale = {"NORM": {"IN": sorted(lex.scales)}, "OP": "*"}
    join = {"NORM": {"IN": sorted(lex.joins)}}
    split = [{"NORM": {"REGEX": NUMBER_HEAD}, "SPACY": False}, {"NORM": {"REGEX": NUMBER_TAIL}}]
    decimal = [{"NORM": {"REGEX": NUMBER}, "SPACY": False}, {"NORM": {"REGEX": DECIMAL_TAIL}}]
    patterns = [[num, scale], [num, scale, join, num, scale], [{"NORM": {"REGEX": NUMBER_RANGE}}, scale],
                split + [scale], [num, {"NORM": {"REGEX": DASH_NUMBER}}, scale], decimal + [scale],
                [word, scales], [word, join, word, scales]]
    fraction = {"NORM": {"IN": sorted(lex.fractions)}}
    patterns += [[fraction, num, scale], [fraction, word, scales]]  # `साढ़े तीन करोड़`, `सवा 2 लाख`
    any_num = {"NORM": {"REGEX": NUMBER[:-1] + "|^(" + "|".join(sorted(map(re.escape, lex.words))) + ")$"}}
    hundred = {"NORM": {"IN": [w for w, v in lex.scales.items() if v == 100]}}
    whole = {"NORM": {"IN": sorted(w for w, v in lex.words.items() if v == v.to_integral_value())}}
    patterns.append([word, hundred, whole])  # `दो सौ तीस`; not `चार सौ सवा`: a fraction is no last term
    for first in (num, word):  # compounds of up to four terms: `5 करोड़ 50 लाख 46 हजार 800`, `एक हजार दो सौ तीस`
        for terms in range(2, 5):
            head = [first, scales] + [any_num, scales] * (terms - 2)
            patterns += [head + [num, scale], head + [word, scales], head + [word, hundred, whole]]
    m = RunMatcher(blank_nlp().vocab)
    m.add("number", patterns)
    m.add("word", [[{"NORM": {"IN": sorted(lex.counting_words)}}]])
    return m


def parse_number(text: str) -> Decimal | None:
    """`1,00,000` -> 100000, `43.5` -> 43.5 (Indian and Western grouping alike)."""
    folded = fold(text).replace(",", "")
    try:
        return Decimal(folded)
    except InvalidOperation:
        return None


def _sides(span: Span) -> list[list[list[str]]] | None:
    """The run as one or two sides (a range), each a list of terms `[number, scale...]`."""
    lex = lexicon()
    sides: list[list[list[str]]] = [[]]
    glued = ""
    for k, tok in enumerate(span):
        norm = tok.norm_
        nxt = span[k + 1].norm_ if k + 1 < len(span) else ""
        if not tok.whitespace_ and (re.match(NUMBER_HEAD, norm) or re.match(DECIMAL_TAIL, nxt)):
            glued = norm  # `३६,` + `२३८`, `26` + `.33`
            continue
        if glued:
            norm, glued = glued + norm, ""
        if re.match(DASH_NUMBER, norm) and sides[-1]:
            sides.append([[norm[1:]]])
        elif norm in lex.joins and sides[-1]:
            sides.append([])
        elif re.match(NUMBER_RANGE, norm):
            low, high = norm.split("-")
            sides[-1].append([low])
            sides.append([[high]])
        elif norm in lex.scales and sides[-1]:
            sides[-1][-1].append(norm)
        elif sides[-1] and sides[-1][-1][-1] in lex.fractions:
            sides[-1][-1].append(norm)  # the number after `साढ़े`: one term `[साढ़े, तीन, ...]`
        else:
            sides[-1].append([norm])
    return sides if len(sides) <= 2 and all(sides) else None


def _falling_sum(terms: list[list[str]]) -> tuple[Decimal, Decimal] | None:
    """Sum of a compound's terms and the scale factor of its first term; None unless
    the terms fall in scale (`21 करोड़ 37 लाख`, not `5 लाख 2 करोड़`)."""
    lex = lexicon()
    total, first_factor, previous = Decimal(0), None, None
    for term in terms:
        fraction = term[0] in lex.fractions and len(term) > 1 and term[1] not in lex.scales
        adjust = lex.fractions[term[0]] if fraction else Decimal(0)  # `साढ़े तीन` = 3.5; `सवा लाख` is a word
        number, *scales = term[1:] if fraction else term
        base = lex.words.get(number)
        if base is None:
            base = parse_number(number)
        if base is None:
            return None
        base += adjust
        factor = Decimal(1)
        for scale in scales:
            factor *= lex.scales[scale]
        if previous is not None and (base * factor >= previous or (factor == 1 and base >= _BARE_LAST_TERM)):
            return None
        first_factor = factor if first_factor is None else first_factor
        total, previous = total + base * factor, factor
    return total, first_factor


def _side_value(terms: list[list[str]]) -> tuple[Decimal, Decimal] | None:
    """A compound's value; a last scale word larger than every scale before it applies to the
    whole: `1 लाख 20 हजार करोड़` is 1,20,000 crore, `5 हजार 500 करोड़` 5,500 crore, but
    `2024 million 43 million` is no compound."""
    value = _falling_sum(terms)
    if value is not None or len(terms) < 2 or len(terms[-1]) < 2:
        return value
    inner = _falling_sum(terms[:-1] + [terms[-1][:-1]])
    shared = lexicon().scales[terms[-1][-1]]
    if inner is None or shared <= inner[1]:
        return None
    return inner[0] * shared, inner[1] * shared


def run_values(span: Span) -> tuple[Decimal, Decimal | None] | None:
    """Value (or min and max) of a number run; a scale after the second number applies to both."""
    sides = _sides(span)
    if sides is None:
        return None
    values = [_side_value(terms) for terms in sides]
    if any(v is None for v in values):
        return None
    if len(values) == 1:
        return values[0][0], None
    (low, low_f), (high, high_f) = values
    if low_f == 1 and len(sides[0]) == 1:
        low *= high_f
    return low, high
