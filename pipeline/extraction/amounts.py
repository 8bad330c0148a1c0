"""AMOUNT mentions: money, counts and percentages, with numeric values.

A spaCy Matcher finds number runs (`1,500`, `150-250`, `18 हजार करोड़`,
`चार`); what follows decides the kind: a currency phrase (PhraseMatcher) makes
money, a percent word a percentage, a counted noun a count. Durations,
measures, ordinals, years and dates (a number before a month name) are never amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.extraction.gazetteer import gazetteer
from pipeline.extraction.matching import longest_matches, next_token, phrase_matcher, phrase_tokens
from pipeline.extraction.mention import Mention
from pipeline.resources import STRS, load, register_schema
from pipeline.tagging.tagger import blank_nlp
from pipeline.tagging.textnorm import fold
from pipeline.extraction.date_atoms import month_names

register_schema("numbers", {
    "type": "object",
    "required": ["words", "not_counts", "scales", "percent", "approx", "range_join", "approx_after"],
    "properties": {
        "words": {"type": "object", "additionalProperties": {"type": ["integer", "null"], "minimum": 2}},
        "not_counts": STRS,
        "scales": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 10}},
        "percent": STRS, "approx": STRS, "range_join": STRS, "approx_after": STRS, "light_verbs": STRS,
    },
})
register_schema("currencies", {
    "type": "object",
    "required": ["currencies"],
    "properties": {"currencies": {
        "type": "object",
        "patternProperties": {"^[A-Z]{3}$": STRS},
        "additionalProperties": False,
    }},
})
register_schema("units", {
    "type": "object", "required": ["durations", "measures"],
    "properties": {"durations": STRS, "measures": STRS},
})

NUMBER = r"^(\d{1,3}(,\d{2,3})+|\d+)(\.\d+)?$"
# A number the tagger split after its thousands comma (`₹३६,` `२३८`) and the upper
# end of a range it split off with its dash (`25` `-40`).
NUMBER_HEAD = r"^\d{1,3}(,\d{2,3})*,$"
NUMBER_TAIL = r"^\d{2,3}(,\d{2,3})*(\.\d+)?$"
DECIMAL_TAIL = r"^\.\d+$"
DASH_NUMBER = r"^-(\d{1,3}(,\d{2,3})+|\d+)(\.\d+)?$"
NUMBER_RANGE = r"^(\d{1,3}(,\d{2,3})+|\d+)(\.\d+)?-(\d{1,3}(,\d{2,3})+|\d+)(\.\d+)?$"
# Parts of speech a counted noun phrase may run through before its noun.
_MODIFIERS = {"ADJ", "DET", "NUM", "PROPN", "X"}


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, int]
    scales: dict[str, int]
    percent: frozenset[str]
    joins: frozenset[str]
    not_counted: frozenset[str]
    approx_after: tuple[tuple[str, ...], ...]
    light_verbs: frozenset[str]  # lemmas and forms: `काम करते`, `हिस्सा ले` end the counted noun before them


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    numbers = load("numbers")
    units = load("units")
    months = month_names()  # dateparser's and the hand list's: `15 जून` counts nothing
    return Lexicon(
        words={fold(w): v for w, v in numbers["words"].items() if v is not None},
        scales={fold(w): v for w, v in numbers["scales"].items()},
        percent=frozenset(map(fold, numbers["percent"])),
        joins=frozenset(map(fold, numbers["range_join"])),
        not_counted=frozenset(map(fold, units["durations"] + units["measures"] + months)),
        approx_after=tuple(tuple(phrase_tokens(p)) for p in numbers["approx_after"]),
        light_verbs=frozenset(map(fold, numbers.get("light_verbs", []))),
    )


@lru_cache(maxsize=1)
def number_matcher() -> Matcher:
    lex = lexicon()
    num = {"NORM": {"REGEX": NUMBER}}
    scale = {"NORM": {"IN": sorted(lex.scales)}, "OP": "*"}
    join = {"NORM": {"IN": sorted(lex.joins)}}
    m = Matcher(blank_nlp().vocab)
    split = [{"NORM": {"REGEX": NUMBER_HEAD}, "SPACY": False}, {"NORM": {"REGEX": NUMBER_TAIL}}]
    m.add("number", [[num, scale], [num, scale, join, num, scale], [{"NORM": {"REGEX": NUMBER_RANGE}}, scale],
                     split + [scale], [num, {"NORM": {"REGEX": DASH_NUMBER}}, scale],
                     [{"NORM": {"REGEX": NUMBER}, "SPACY": False}, {"NORM": {"REGEX": DECIMAL_TAIL}}, scale]])
    m.add("word", [[{"NORM": {"IN": sorted(lex.words)}}]])
    return m


@lru_cache(maxsize=1)
def currency_matcher() -> PhraseMatcher:
    return phrase_matcher(blank_nlp().vocab, load("currencies")["currencies"])


def parse_number(text: str) -> Decimal | None:
    """`1,00,000` -> 100000, `43.5` -> 43.5 (Indian and Western grouping alike)."""
    folded = fold(text).replace(",", "")
    try:
        return Decimal(folded)
    except InvalidOperation:
        return None


def run_values(span: Span) -> tuple[Decimal, Decimal | None] | None:
    """Value (or min and max) of a number run; a scale after the second number applies to both."""
    lex = lexicon()
    groups: list[list[str]] = [[]]
    glued = ""
    for k, tok in enumerate(span):
        nxt = span[k + 1].norm_ if k + 1 < len(span) else ""
        if not tok.whitespace_ and (re.match(NUMBER_HEAD, tok.norm_) or re.match(DECIMAL_TAIL, nxt)):
            glued = tok.norm_  # `३६,` + `२३८`, `26` + `.33`
            continue
        if re.match(DASH_NUMBER, tok.norm_) and groups[-1]:
            groups.append([tok.norm_[1:]])
            continue
        if glued:
            groups[-1].append(glued + tok.norm_)
            glued = ""
        elif tok.norm_ in lex.joins and groups[-1]:
            groups.append([])
        elif re.match(NUMBER_RANGE, tok.norm_):
            low, high = tok.norm_.split("-")
            groups[-1].append(low)
            groups.append([high])
        else:
            groups[-1].append(tok.norm_)
    values = []
    for group in groups:
        number = lex.words.get(group[0])
        base = Decimal(number) if number is not None else parse_number(group[0])
        if base is None:
            return None
        factor = Decimal(1)
        for scale in group[1:]:
            factor *= lex.scales[scale]
        values.append((base, factor))
    if len(values) == 1:
        return values[0][0] * values[0][1], None
    (low, low_f), (high, high_f) = values
    if low_f == 1:
        low_f = high_f
    return low * low_f, high * high_f


def as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def value_norm(kind: str, values: tuple[Decimal, Decimal | None], currency: str | None = None) -> dict | None:
    """The contract's norm: `value`, or `min`/`max` for a range (None if min > max)."""
    low, high = values
    norm: dict = {"kind": kind}
    if high is None:
        norm["value"] = as_number(low)
    elif low > high:
        return None
    else:
        norm["min"], norm["max"] = as_number(low), as_number(high)
    if currency:
        norm["currency"] = currency
    return norm


_PLURAL_END = ("ों", "ें", "एँ", "एं", "ाँ", "ां")
_RUN_POS = {"ADJ", "DET", "X", "PROPN", "NOUN"}


def _skip_approx(doc: Doc, i: int) -> int:
    """Index after an approximation like `से अधिक` right after the number (else i)."""
    for phrase in lexicon().approx_after:
        toks, j = [], i
        for _ in phrase:
            tok = next_token(doc, j)
            if tok is None:
                break
            toks.append(tok.norm_)
            j = tok.i + 1
        if tuple(toks) == phrase:
            return j
    return i


def _before_light_verb(doc: Doc, tok: Token) -> bool:
    """`tok` is the nominal part of a conjunct verb or a predicate (`काम करते`, `शामिल हैं`)."""
    after = next_token(doc, tok.i + 1)
    verbs = lexicon().light_verbs  # the small lemmatizer misses some (`हैं` -> `हैना`): forms too
    return after is not None and (after.lemma_ in verbs or after.norm_ in verbs or after.pos_ == "AUX")


def _counted_noun(doc: Doc, i: int, names: frozenset[int] = frozenset(),
                  places: frozenset[int] = frozenset()) -> Token | None:
    """The noun a number counts: the head of the noun phrase after it.

    Modifiers are passed through to the first noun, which extends over a noun
    compound (`38 उत्पादन क्षेत्र कोडों`, `12 विषय-वस्तुएँ`) until a plural ending,
    also over one adjective right before that plural head (`6 कृषि सहकारी समितियों`);
    with no noun tag, the last word before a function word is taken
    (`३८५ श्रमिक गए`), the small tagger often mis-tagging plural nouns. A compound
    never runs into a name (`३८५ श्रमिक चेक गणराज्य`): `names` are their first tokens.
    A place or country name is never counted at all, nor passed through
    (`१,००,००० पर्यटक भारत आए`): `places` are the first tokens of gazetteer names.
    """
    lex = lexicon()
    j, last, noun = i, None, None
    for _ in range(6):
        tok = next_token(doc, j)
        if tok is None or tok.norm_ in lex.not_counted or tok.norm_ in lex.scales or tok.like_num or tok.i in places:
            break
        if noun is not None:
            if tok.norm_ == "-" and tok.i + 1 < len(doc) and not doc[tok.i + 1].is_space:
                noun = doc[tok.i + 1]
                j = noun.i + 1
                if noun.norm_.endswith(_PLURAL_END):
                    break
                continue
            if _before_light_verb(doc, tok):
                break  # `2,000 कर्मचारी काम करते हैं`: the noun of a conjunct verb
            if tok.pos_ == "NOUN" and not noun.norm_.endswith(_PLURAL_END) and tok.i not in names:
                noun, j = tok, tok.i + 1
                continue
            head = next_token(doc, tok.i + 1) if tok.pos_ == "ADJ" else None
            if head is not None and head.pos_ == "NOUN" and head.norm_.endswith(_PLURAL_END) \
                    and not noun.norm_.endswith(_PLURAL_END) and head.i not in names and head.i not in places:
                noun = head  # an adjective inside the compound before its plural head (`6 कृषि सहकारी समितियों`)
            break
        if tok.pos_ == "NOUN" or (tok.pos_ == "VERB" and tok.norm_.endswith(_PLURAL_END)):
            noun, j = tok, tok.i + 1
            if tok.norm_.endswith(_PLURAL_END):
                break
            continue
        if tok.pos_ in _RUN_POS or tok.norm_ == "-":
            if last is not None and _before_light_verb(doc, tok):
                break  # `135 सौदे शामिल हैं`, `१४ संयुक्त गश्त आयोजित कीं`: the predicate
            last, j = tok, tok.i + 1
            continue
        break
    if noun is None and last is not None and last.norm_ != "-" and last.pos_ != "DET":
        return last
    return noun


def find_amounts(doc: Doc, ctx) -> list[Mention]:
    lex = lexicon()
    currencies = {m.start: m for m in longest_matches(doc, currency_matcher())}
    gaz = gazetteer()
    places = frozenset(s.start for s in longest_matches(doc, gaz.names))
    names = places | frozenset(s.start for s in longest_matches(doc, gaz.adjectives))
    currency_ends = {m.end: m for m in currencies.values()}
    mentions: list[Mention] = []
    for run in longest_matches(doc, number_matcher()):
        if any(m.start <= doc[run.start].idx < m.end for m in mentions):
            continue
        values = run_values(run)
        if values is None:
            continue
        scaled = any(t.norm_ in lex.scales for t in run)
        after = next_token(doc, run.end)
        before = currency_ends.get(run.start)
        norm, start, end, rule = None, run.start, run.end, ""
        if after is not None and after.i in currencies and run.label_ == "number":
            cur = currencies[after.i]
            norm, end, rule = value_norm("money", values, cur.label_), cur.end, "amount.money"
        elif before is not None and run.label_ == "number":
            norm, start, rule = value_norm("money", values, before.label_), before.start, "amount.money_prefix"
        elif after is not None and after.norm_ in lex.percent:
            norm, end, rule = value_norm("percent", values), after.i + 1, "amount.percent"
        else:
            unit = next_token(doc, _skip_approx(doc, run.end))
            if unit is not None and unit.norm_ in lex.not_counted:
                continue  # `150-200 मिलियन टन`: a measure, neither money nor a count
            noun = _counted_noun(doc, _skip_approx(doc, run.end), names, places)
            if noun is not None and scaled and noun.pos_ != "NOUN" and ctx.currency and run.label_ == "number":
                noun = None  # `230 करोड़ खर्च किए`: a scaled sum with no counted noun is money
            if noun is not None and noun.norm_ not in lex.scales:
                if run.label_ == "word" or values[0] != 0:
                    norm, end, rule = value_norm("count", values), noun.i + 1, f"amount.count_{run.label_}"
            elif scaled and ctx.currency and run.label_ == "number":
                norm, rule = value_norm("money", values, ctx.currency), "amount.money_implicit"
        if norm is None:
            continue
        span = doc[start:end]
        score = 0.7 if rule == "amount.money_implicit" else 0.9 if rule.startswith("amount.count") else 1.0
        mentions.append(Mention("AMOUNT", span.start_char, span.end_char, span.text, norm, score=score, rule=rule))
    return mentions
