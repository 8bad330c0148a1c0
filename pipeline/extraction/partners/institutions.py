"""Institutions of a foreign place no list holds, named in English from a glossary
(`resources/hi/institutions.json`): `चम्पासक प्रांतीय पीपुल्स काउंसिल` and `चम्पासक प्रांत
की पीपुल्स काउंसिल` are both one organization, `Champasak Provincial People's Council`
(the contract: a generic institution after `के/की` is one mention over both)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.extraction.mention import Mention
from pipeline.extraction.partners.scan import GENITIVE, RANK, Scan
from pipeline.resources import load
from pipeline.tagging.textnorm import fold

_MAX_WORDS = 5


@dataclass(frozen=True)
class Glossary:
    heads: dict[tuple[str, ...], str]   # folded words -> English
    words: dict[str, str]
    type_adjectives: dict[str, str]
    loanwords: dict[str, str]


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    data = load("institutions")
    return Glossary(
        heads={tuple(fold(k).split()): v for k, v in data["heads"].items()},
        words={fold(k): v for k, v in data["words"].items()},
        type_adjectives={fold(k): v for k, v in data["type_adjectives"].items()},
        loanwords={fold(k): v for k, v in data.get("loanwords", {}).items()},
    )


def institution_after(doc: Doc, i: int) -> tuple[int, list[str]] | None:
    """(end, English words) of `<glossary words ...> <head>` starting at token i, or None."""
    gl = glossary()
    english: list[str] = []
    j = i
    while j < len(doc) and j - i < _MAX_WORDS:
        for size in (2, 1):
            words = tuple(t.norm_ for t in doc[j:j + size])
            if len(words) == size and words in gl.heads:
                return j + size, english + [gl.heads[words]]
        if doc[j].norm_ not in gl.words:
            return None
        english.append(gl.words[doc[j].norm_])
        j += 1
    return None


def _replace(scan: Scan, old: Mention, start: int, end: int, name: str, country: str) -> None:
    scan.found.remove(old)
    scan.emit(start, end, {"name": name, "country": country, "level": "organization"}, "partner.institution", 0.8)


def place_institutions(scan: Scan) -> None:
    """A known foreign place followed by an institution, directly or after `के/की`."""
    doc, gl = scan.doc, glossary()
    for m in [m for m in scan.found if m.norm["level"] in RANK and m.norm["level"] != "country"]:
        span = scan.tokens(m)
        k = span.end
        adjective = []
        if k < len(doc) and doc[k].norm_ in GENITIVE:
            typ = doc[span.end - 1].norm_
            if typ not in gl.type_adjectives:
                continue
            adjective, k = [gl.type_adjectives[typ]], k + 1
        elif (span.end - 1) in scan.types or any(t.i in scan.types for t in span):
            continue  # `होंगहे प्रीफेक्चर पार्टी समिति`: a title's place stays the place (contract)
        found = institution_after(doc, k)
        if found is None or any(t in scan.taken for t in range(k, found[0])):
            continue
        name = " ".join([m.norm["name"], *adjective, *found[1]])
        _replace(scan, m, span.start, found[0], name, m.norm["country"])
