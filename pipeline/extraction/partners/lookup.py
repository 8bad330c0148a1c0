"""Unseen place names found by their context and named by the data packages.

A name no list holds is romanized and looked up in the place index (GeoNames cities,
ISO 3166-2 subdivisions) only where the context says it is a place:
- right before a place type word (`हमामात्सु शहर`, `ग्योंगगी प्रांत`, `... शहरों`): the
  name must be a package place's English name as romanized (no country to restrict to);
- after the genitive of a foreign country (`जापान के हमामात्सु`, `जर्मनी के X और Y`) or
  joined to a known foreign place (`बुसान और X`): the name is matched by sound among that
  country's places only;
- before `, <province> (<country>)`: a city of that province.
An ordinary word that is also a place name never fires without such a context, and a
candidate the index does not hold is left alone (it may be a person or a company).
"""

from __future__ import annotations

from pipeline.extraction.partners.context import plain_name_word
from pipeline.extraction.partners.scan import RANK, Scan
from pipeline.extraction.place_index import Place, place_index
from pipeline.extraction.romanize import spellings

_JOINS = {"और", "एवं", "तथा", ","}
_MAX_WORDS = 3
_BRACKETED = ("partner.gazetteer_bracket", "partner.unknown_place")  # a place with its country in brackets


def place_norm_for(place: Place, level: str | None = None) -> dict:
    return {"name": place.name, "country": place.country, "level": level or place.level}


def _first(text: str, country: str | None, level: str | None = None) -> Place | None:
    """The package place a Hindi name denotes under any of its romanizations."""
    return next(filter(None, (place_index().lookup(s, country, level=level) for s in spellings(text))), None)


def resolve_name(romanized: str, country: str) -> str:
    """The package's English name for an unknown place of `country`, else the romanization."""
    place = place_index().lookup(romanized, country)
    return place.name if place is not None else romanized


def _name_before(scan: Scan, end: int) -> int | None:
    """Start of up to three plain name words ending at `end`, none taken."""
    start = end
    while start > 0 and end - start < _MAX_WORDS and (start - 1) not in scan.taken \
            and (start - 1) not in scan.names and plain_name_word(scan.doc[start - 1], scan.gaz):
        start -= 1
    return start if start < end else None


def typed_names(scan: Scan) -> None:
    """`<unknown name> <type word>` whose romanization is a package place's English name."""
    for k, typ in sorted(scan.types.items()):
        if k in scan.taken:
            continue
        start = _name_before(scan, k)
        if start is None:
            continue
        level = typ.label_.split(":")[1]
        place = _first(scan.doc[start:k].text, None, level)
        if place is None:
            continue
        end = typ.end if typ.label_.startswith("si:") else k  # a plural type word is the list's
        scan.emit(start, end, place_norm_for(place, level), "partner.package_typed", 0.7)


def _names_after(scan: Scan, i: int) -> list[tuple[int, int]]:
    """Name runs from token i on, joined by `और` or commas: [(start, end), ...]."""
    doc, runs = scan.doc, []
    while i < len(doc):
        end = i
        while end < len(doc) and end - i < _MAX_WORDS and end not in scan.taken and end not in scan.names \
                and end not in scan.types and plain_name_word(doc[end], scan.gaz):
            end += 1
        if end == i:
            break
        runs.append((i, end))
        if end < len(doc) and doc[end].norm_ in _JOINS:
            i = end + 1
        else:
            break
    return runs


def genitive_names(scan: Scan) -> None:
    """`<country> के <name> [और <name>]`: places of that country the index knows by sound."""
    for m, gen in scan.genitives(lambda m: m.norm["level"] == "country"):
        for start, end in _names_after(scan, gen.i + 1):
            # the longest words from the run's start that name a place (`हाइडलबर्ग पहुंचे`)
            found = next(((e, p) for e in range(end, start, -1)
                          if (p := _first(scan.doc[start:e].text, m.norm["country"])) is not None), None)
            if found is None or found[1].level not in RANK:
                break
            scan.emit(start, found[0], place_norm_for(found[1]), "partner.package_genitive", 0.7)
            if found[0] < end:
                break


def coordinated_names(scan: Scan) -> None:
    """`<foreign place> और/, <name>` and `<name>, <province> (<country>)`: a name joined to a
    known foreign place, or right before `, <province> (<country>)`, is a place of that
    country when the index knows it by sound there."""
    doc = scan.doc
    for m in [m for m in scan.found if m.norm["level"] in RANK and m.norm["level"] != "country"]:
        span = scan.tokens(m)
        if span.end < len(doc) and doc[span.end].norm_ in _JOINS:
            for start, end in _names_after(scan, span.end + 1)[:1]:
                place = _first(doc[start:end].text, m.norm["country"])
                if place is not None and place.level in RANK:
                    scan.emit(start, end, place_norm_for(place), "partner.package_coordinated", 0.6)
        if m.norm["level"] == "province" and m.rule in _BRACKETED and span.start > 1 \
                and doc[span.start - 1].text == ",":  # `X, युन्नान (चीन)`, not `X, तिब्बत, ...`
            start = _name_before(scan, span.start - 1)
            if start is None:
                continue
            place = _first(doc[start:span.start - 1].text, m.norm["country"])
            if place is not None:  # a word the index does not know is no city (`इसी सप्ताह, ...`)
                scan.emit(start, span.start - 1, place_norm_for(place, "city"), "partner.city_of_province", 0.6)
