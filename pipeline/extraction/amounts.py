"""AMOUNT mentions: money, counts and percentages, with numeric values.

Number runs come from `numbers`; what follows decides the kind: a currency
phrase (PhraseMatcher) makes money, a percent word a percentage, a counted noun
a count. Durations, measures, ordinals, years, dates (a number before a month
name) and clock times are never amounts, and no mention runs over a line break.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_symbol
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.extraction.gazetteer import gazetteer
from pipeline.extraction.matching import longest_matches, next_token, phrase_matcher
from pipeline.extraction.mention import Mention
from pipeline.extraction.numbers import lexicon, number_matcher, run_values
from pipeline.resources import load
from pipeline.tagging.tagger import blank_nlp


def _cldr_names(code: str) -> list[str]:
    """CLDR's Hindi and English names of a currency (`यूएस डॉलर`, `US dollars`) and its symbol."""
    names = [Locale(lang).currencies.get(code) for lang in ("hi", "en")]
    plurals = Locale("en")._data["currency_names_plural"].get(code, {})
    return [n for n in names + list(plurals.values()) + [get_currency_symbol(code, "en")] if n]


@lru_cache(maxsize=1)
def currency_matcher() -> PhraseMatcher:
    """Hand spellings of news text first, then CLDR's names; a phrase keeps its first currency."""
    hand = load("currencies")["currencies"]
    seen = {p for phrases in hand.values() for p in phrases}
    lexicon = {}
    for code, phrases in hand.items():
        extra = [n for n in _cldr_names(code) if n not in seen]
        seen.update(extra)
        lexicon[code] = phrases + extra
    return phrase_matcher(blank_nlp().vocab, lexicon)


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


_HINDI = re.compile("[\u0900-\u0963\u0970-\u097f]")  # Devanagari letters and signs, not its digits or danda
_LATIN = re.compile("[A-Za-z]")
_PLURAL_END = ("ों", "ें", "एँ", "एं", "ाँ", "ां")
_MAX_STREET_NAME = 3  # words of a street's name between a house number and its street word
_NOT_NAME = {"ADP", "AUX", "VERB", "CCONJ", "SCONJ", "PUNCT", "NUM", "SYM"}
_RUN_POS = {"ADJ", "DET", "X", "PROPN", "NOUN"}


def _skip_approx(doc: Doc, i: int) -> int:
    """Index after an approximation like `से अधिक` right after the number (else i)."""
    first = next_token(doc, i, line=True)
    for phrase in lexicon().approx_after:
        if first is None or phrase[0] != first.norm_:
            continue
        toks, j = [], i
        for _ in phrase:
            tok = next_token(doc, j, line=True)
            if tok is None:
                break
            toks.append(tok.norm_)
            j = tok.i + 1
        if tuple(toks) == phrase:
            return j
    return i


def _before_light_verb(doc: Doc, tok: Token) -> bool:
    """`tok` is the nominal part of a conjunct verb or a predicate (`काम करते`, `शामिल हैं`)."""
    after = next_token(doc, tok.i + 1, line=True)
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
        tok = next_token(doc, j, line=True)
        if tok is None or tok.norm_ in lex.not_counted or tok.norm_ in lex.scales or tok.norm_ in lex.words \
                or tok.like_num or tok.i in places or not (_HINDI.search(tok.text) or tok.norm_ == "-"):
            break  # a Latin word (`12 Feb`, `43 companies`) is never counted: read right or not at all
        if noun is not None:
            if tok.norm_ == "-" and tok.i + 1 < len(doc) and _HINDI.search(doc[tok.i + 1].text):
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
            head = next_token(doc, tok.i + 1, line=True) if tok.pos_ == "ADJ" else None
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


def _article_currency(ctx, currencies: list[Span]) -> str | None:
    """The currency of bare sums: the home country's, else the one the article writes most."""
    if ctx.currency:
        return ctx.currency
    counts = Counter(span.label_ for span in currencies)
    return counts.most_common(1)[0][0] if counts else None


def _not_an_amount(doc: Doc, run: Span) -> bool:
    """A clock time's numbers (`10:30`, glued to a colon), a number in a hyphenated
    modifier (`दो-लेन`, `तीन-दिवसीय`) or an address's house number."""
    if _house_number(doc, run):
        return True
    before = doc[run.start - 1] if run.start > 0 else None
    after = doc[run.end] if run.end < len(doc) else None
    if before is not None and before.norm_ == ":" and not before.whitespace_:
        return True
    if after is None or doc[run.end - 1].whitespace_:
        return False
    return after.norm_ == ":" or (after.norm_ == "-" and not after.whitespace_ and run.end + 1 < len(doc)
                                  and not doc[run.end + 1].like_num)


def _house_number(doc: Doc, run: Span) -> bool:
    """A number in digits before one to three words of a name, a street word and a
    postposition or `स्थित` (`7 लोक कल्याण मार्ग पर`, `12 तुगलक रोड स्थित`): an address, no
    count (ANNOTATION.md). Counted routes before a postposition are plural (`4 मार्गों पर`),
    so a street word in its direct form there is one street. Names are read by their
    words, not their tags: the small tagger calls unknown names PRON or ADJ."""
    lex = lexicon()
    if len(run) != 1 or not run[0].like_num:
        return False
    j = run.end
    for names in range(_MAX_STREET_NAME + 1):
        tok = next_token(doc, j, line=True)
        if tok is None or not _HINDI.search(tok.text) or tok.norm_.endswith(_PLURAL_END) or tok.pos_ in _NOT_NAME:
            return False
        if tok.norm_ in lex.street_words:
            after = next_token(doc, tok.i + 1, line=True)
            return names > 0 and after is not None and after.norm_ in lex.address_after
        j = tok.i + 1
    return False


def _amount(doc: Doc, run: Span, ctx: _Scan) -> tuple[dict | None, int, int, str]:
    """Norm, token start and end and rule of the amount a number run begins (norm None: none)."""
    lex = lexicon()
    values = run_values(run)
    if values is None or _not_an_amount(doc, run):
        return None, 0, 0, ""
    scaled = any(t.norm_ in lex.scales for t in run)
    is_number = run.label_ == "number"
    after = next_token(doc, run.end, line=True)
    before = ctx.currency_ends.get(run.start)
    if after is not None and after.i in ctx.currencies and is_number:
        cur = ctx.currencies[after.i]
        return value_norm("money", values, cur.label_), run.start, cur.end, "amount.money"
    if after is not None and not scaled and _LATIN.search(after.text) and not after.whitespace_ \
            and after.i + 1 < len(doc) and doc[after.i + 1].is_alpha:
        return None, 0, 0, ""  # an English word the Hindi tagger cut up (`500 cror e`): read right or not at all
    if before is not None and is_number:
        return value_norm("money", values, before.label_), before.start, run.end, "amount.money_prefix"
    if after is not None and after.norm_ in lex.percent:
        return value_norm("percent", values), run.start, after.i + 1, "amount.percent"
    unit = next_token(doc, _skip_approx(doc, run.end), line=True)
    if unit is not None and unit.norm_ in lex.not_counted:
        return None, 0, 0, ""  # `150-200 मिलियन टन`: a measure, neither money nor a count
    noun = _counted_noun(doc, _skip_approx(doc, run.end), ctx.names, ctx.places)
    bare_sum = scaled and is_number and ctx.currency is not None
    if noun is not None and bare_sum and (noun.pos_ != "NOUN" or noun.norm_ in lex.money_words):
        noun = None  # `230 करोड़ खर्च किए`, `21.37 करोड़ मंजूर`: a scaled sum with no counted noun is money
    if noun is not None:
        if run.label_ == "word" or values[0] != 0:
            return value_norm("count", values), run.start, noun.i + 1, f"amount.count_{run.label_}"
    elif bare_sum:
        return value_norm("money", values, ctx.currency), run.start, run.end, "amount.money_implicit"
    return None, 0, 0, ""


class _Scan:
    """What `_amount` looks up around every run of one document."""

    def __init__(self, doc: Doc, ctx) -> None:
        found = longest_matches(doc, currency_matcher())
        self.currencies = {m.start: m for m in found}
        self.currency_ends = {m.end: m for m in found}
        self.currency = _article_currency(ctx, found)
        gaz = gazetteer()
        self.places = frozenset(s.start for s in longest_matches(doc, gaz.names))
        self.names = self.places | frozenset(s.start for s in longest_matches(doc, gaz.adjectives))


def find_amounts(doc: Doc, ctx) -> list[Mention]:
    scan = _Scan(doc, ctx)
    mentions: list[Mention] = []
    for run in longest_matches(doc, number_matcher()):
        if any(m.start <= doc[run.start].idx < m.end for m in mentions):
            continue
        norm, start, end, rule = _amount(doc, run, scan)
        if norm is None:
            continue
        span = doc[start:end]
        score = 0.7 if rule == "amount.money_implicit" else 0.9 if rule.startswith("amount.count") else 1.0
        mentions.append(Mention("AMOUNT", span.start_char, span.end_char, span.text, norm, score=score, rule=rule))
    return mentions
