"""Bodies of a country: a country (adjective or name) + head (`चीनी पक्ष`, `कोरियाई
दूतावास`, `चीनी कृषि मंत्रालय`), `<place> के <topics> <ministry head>` and `<country>
के <name ...> <troupe head>`."""

from __future__ import annotations

from pipeline.extraction.matching import next_token
from pipeline.extraction.partners.context import (
    acronym_bracket, body_head, known_organization, topic_may_go_on,
)
from pipeline.extraction.partners.scan import GENITIVE, Scan, place_norm
from pipeline.extraction.romanize import romanize

_TOPIC_POS = {"NOUN", "ADJ", "PROPN", "X"}
_TOPIC_JOINS = {"और", "एवं", "तथा", ",", "-"}
# A named body's words never run through a postposition or auxiliary (`जापान के
# अनुदान से बना ... केंद्र` is no body).
_CLAUSE_POS = {"ADP", "AUX", "SCONJ", "PART"}


def _body_name(scan: Scan, spec: dict, code: str, topic: str) -> str:
    country = scan.gaz.country_names.get(code, code)
    name = spec["template"].format(demonym=scan.gaz.demonyms.get(code, country), country=country, topic=topic)
    return " ".join(name.replace("of  (", "(").split())


def _topic(scan: Scan, start: int, end: int) -> str:
    words = " ".join(t.norm_ for t in scan.doc[start:end])
    return scan.gaz.ministry_topics.get(words, romanize(scan.doc[start:end].text) if end > start else "")


def _named_acronym(scan: Scan, start: int, end: int, code: str) -> None:
    """`मलेशियाई निवेश विकास प्राधिकरण (मिडा)`: a country adjective, a name and its
    bracketed acronym name that country's body (without the acronym: a description)."""
    doc = scan.doc
    head = body_head(scan, end)
    acronym = acronym_bracket(doc, head + 1) if head is not None and head > end else None
    if acronym is not None and acronym - head == 4 and (head + 2) not in scan.names and not doc[head + 2].like_num:
        scan.emit(start, acronym, {"name": romanize(doc[start:head + 1].text), "country": code,
                                   "level": "organization"}, "partner.named_acronym", 0.7)


def country_bodies(scan: Scan) -> None:
    """A country (adjective or name) + head: its side, government or a body of it;
    `चेक गणराज्य के दूतावास` is one body over both."""
    doc, gaz = scan.doc, scan.gaz
    for start, (end, code) in sorted(scan.countries.items()):
        if start in scan.taken:
            continue
        j = end
        while (j < len(doc) and j not in scan.heads and j - end < 3 and not doc[j].is_punct
               and j not in scan.names and j not in scan.countries and topic_may_go_on(scan, end, j)):
            j += 1
        genitive = j == end and j + 1 < len(doc) and doc[j].norm_ in GENITIVE and (j + 1) in scan.heads
        head = scan.heads.get(j + 1 if genitive else j)
        if head is None:
            _named_acronym(scan, start, end, code)
            continue
        spec = gaz.head_specs[head.label_]
        if spec["level"] == "country":
            if j == end and not genitive:
                scan.emit(start, head.end, {"name": gaz.country_names.get(code, code), "country": code,
                                            "level": "country"}, "partner.country_side", 0.9)
            continue
        norm = {"name": _body_name(scan, spec, code, _topic(scan, end, j)), "country": code, "level": "organization"}
        end = head.end
        bracket_end = acronym_bracket(doc, end)
        if bracket_end is not None:
            known = known_organization(scan, end, bracket_end)
            if known is not None:
                norm = place_norm(known)  # `... एजेंसी (जीआईज़ेड)` is GIZ
            end = bracket_end
        scan.emit(start, end, norm, "partner.country_body", 0.8 if genitive else 0.9)


def genitive_bodies(scan: Scan) -> None:
    """`<place> के <topic ...> <ministry head>`: `सिंगापुर के व्यापार और उद्योग मंत्रालय`,
    `दुबई अमीरात के अर्थव्यवस्था और पर्यटन विभाग` (a list of topics, joined by `और` or commas)."""
    doc, gaz = scan.doc, scan.gaz
    for m, gen in scan.genitives(lambda m: m.norm["level"] != "organization"):
        if (gen.i + 1) in scan.taken:
            continue
        j = gen.i + 1
        while (j < len(doc) and j - gen.i <= 8 and j not in scan.heads and j not in scan.taken
               and (doc[j].pos_ in _TOPIC_POS or doc[j].norm_ in _TOPIC_JOINS) and not doc[j].like_num):
            j += 1
        head = scan.heads.get(j)
        if head is None or j - gen.i < 3 or gaz.head_specs[head.label_]["level"] != "organization":
            continue  # one topic word right after `के` is the country-body rule's
        spec = gaz.head_specs[head.label_]
        words = " ".join(t.norm_ for t in doc[gen.i + 1:j])
        topic = gaz.ministry_topics.get(words, romanize(doc[gen.i + 1:j].text))
        name = _body_name(scan, spec, m.norm["country"], topic)
        scan.emit(gen.i + 1, head.end, {"name": name, "country": m.norm["country"], "level": "organization"},
                  "partner.genitive_body", 0.8)


def named_bodies(scan: Scan) -> None:
    """`<country> के <name ...> <head>`: a named body of that country."""
    doc, gaz = scan.doc, scan.gaz
    for m, gen in scan.genitives(lambda m: m.norm["level"] == "country"):
        j = gen.i + 1
        while (j < len(doc) and j - gen.i <= 8 and not doc[j].is_punct and doc[j].norm_ not in gaz.troupe_heads
               and doc[j].pos_ not in _CLAUSE_POS):
            j += 1
        first = doc[gen.i + 1] if gen.i + 1 < len(doc) else None
        after = next_token(doc, j + 1)
        apposition = after is not None and after.i in scan.names  # `जर्मनी के विकास बैंक केएफडब्ल्यू`
        if (j < len(doc) and doc[j].norm_ in gaz.troupe_heads and j - gen.i > 1 and (gen.i + 1) not in scan.taken
                and first.pos_ not in ("DET", "NUM", "PRON") and not apposition):
            scan.emit(gen.i + 1, j + 1, {"name": romanize(doc[gen.i + 1:j].text), "country": m.norm["country"],
                                         "level": "organization"}, "partner.named_body", 0.7)
