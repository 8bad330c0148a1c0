"""The document's subject: the locality the article reports on, decided per document.

Partners are what is foreign to it, so getting it right keeps domestic provinces
and ministries out of the partners without any hard-coded place.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from pipeline.extraction.gazetteer import gazetteer
from pipeline.extraction.matching import longest_matches
from pipeline.tagging.tagger import doc_text


def detect_subject(doc: Doc) -> dict | None:
    """Most mentioned locality of a home country (title counts more), else the most
    mentioned home country; None when neither is named (then every place is foreign)."""
    gaz = gazetteer()
    title_end = doc_text(doc).find("\n")
    places: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for span in longest_matches(doc, gaz.names):
        entry = gaz.entries[span.label_]
        weight = gaz.title_weight if span.start_char < title_end else 1
        if entry.level == "country":
            countries[entry.country] += weight
        elif entry.level != "organization":
            places[span.label_] += weight
    home_places = [k for k in places if gaz.entries[k].country in gaz.home_countries]
    if home_places:
        entry = gaz.entries[max(home_places, key=lambda k: places[k])]
        return {"name": entry.name, "country": entry.country, "level": entry.level}
    home_countries = [c for c in countries if c in gaz.home_countries]
    if home_countries:
        code = max(home_countries, key=lambda c: countries[c])
        return {"name": gaz.country_names.get(code, code), "country": code, "level": "country"}
    return None
