"""The state every partner rule reads and writes: the doc's phrase matches, the
mentions found so far and the tokens they took."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.attrs import NORM
from spacy.tokens import Doc, Span, Token

from pipeline.extraction.gazetteer import Entry, Gazetteer
from pipeline.extraction.matching import longest_matches, next_token, token_strings
from pipeline.extraction.mention import Mention
from pipeline.tagging.tagger import doc_text

OPEN, CLOSE = "(", ")"
GENITIVE = {"के", "की", "का"}
LINKS = {",", "-"}
QUOTES = frozenset("'‘’\"“”")
RANK = {"country": 0, "province": 1, "district": 2, "city": 3, "village": 4}


def place_norm(entry: Entry) -> dict:
    return {"name": entry.name, "country": entry.country, "level": entry.level}


@dataclass
class Scan:
    """One document under the partner rules. Later rules see what earlier ones found
    (`found`) and never take a token twice (`taken`)."""

    doc: Doc
    gaz: Gazetteer
    names: dict[int, Span] = field(default_factory=dict)
    types: dict[int, Span] = field(default_factory=dict)
    heads: dict[int, Span] = field(default_factory=dict)
    facilities: set[int] = field(default_factory=set)
    countries: dict[int, tuple[int, str]] = field(default_factory=dict)  # start -> (end, ISO code)
    found: list[Mention] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)
    text: str = field(init=False, default="")  # the Doc's text, read once
    norms: list[str] = field(init=False, default_factory=list)  # every token's NORM, without Token objects

    def __post_init__(self) -> None:
        self.text = doc_text(self.doc)
        self.norms = token_strings(self.doc, NORM)

    @classmethod
    def of(cls, doc: Doc, gaz: Gazetteer) -> "Scan":
        scan = cls(doc, gaz)
        scan.names = {s.start: s for s in longest_matches(doc, gaz.names)}
        scan.types = {s.start: s for s in longest_matches(doc, gaz.types)}
        scan.heads = {s.start: s for s in longest_matches(doc, gaz.heads)}
        scan.facilities = {s.start for s in longest_matches(doc, gaz.facilities)}
        scan.countries = {a.start: (a.end, a.label_) for a in longest_matches(doc, gaz.adjectives)}
        for span in scan.names.values():  # a full country name beats an adjective it starts with (`चेक गणराज्य`)
            entry = gaz.entries[span.label_]
            if entry.level == "country" and span.end >= scan.countries.get(span.start, (0, ""))[0]:
                scan.countries[span.start] = (span.end, entry.country)
        return scan

    def entry(self, span: Span) -> Entry:
        return self.gaz.entries[span.label_]

    def emit(self, start: int, end: int, norm: dict, rule: str, score: float) -> None:
        """Record a mention over tokens [start, end); a quote the tagger glued to a word
        (`‘मिनामी`) stays out of it."""
        span = self.doc[start:end]
        first, last = span.start_char, span.end_char
        while first < last and self.text[first] in QUOTES:
            first += 1
        while last > first and self.text[last - 1] in QUOTES:
            last -= 1
        self.found.append(Mention("PARTNER", first, last, self.text[first:last], norm, score=score, rule=rule))
        self.taken.update(range(start, end))

    def tokens(self, m: Mention) -> Span:
        """The tokens a mention covers (a trimmed quote included)."""
        return self.doc.char_span(m.start, m.end, alignment_mode="expand")

    def genitives(self, keep: Callable[[Mention], bool]) -> Iterator[tuple[Mention, Token]]:
        """(mention, its `के`) for each mention found so far that `keep` accepts and a genitive
        follows: the place or country that owns what the next words name."""
        for m in list(self.found):
            if keep(m):
                gen = next_token(self.doc, self.tokens(m).end)
                if gen is not None and gen.norm_ in GENITIVE:
                    yield m, gen
