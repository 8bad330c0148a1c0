"""Places no gazetteer holds, known by their context: an unknown name (+ type word) +
bracketed country (`सवानाखेत प्रांत (लाओस)`, `अल्माटी (कज़ाखस्तान)`), a smaller unit
inside a known foreign place (`थाईलैंड के त्राट प्रांत`), and the same name wherever else
the document writes it."""

from __future__ import annotations

from pipeline.extraction.partners.context import (
    bracket, names_facility, plain_name_word, singular_type_after, unknown_name_start,
)
from pipeline.extraction.partners.lookup import resolve_name
from pipeline.extraction.partners.scan import OPEN, RANK, Scan
from pipeline.extraction.romanize import romanize


_LEARNED_FROM = ("partner.genitive_place", "partner.unknown_place", "partner.package_typed",
                 "partner.package_coordinated", "partner.city_of_province",
                 "partner.package_genitive")


def bracketed_places(scan: Scan) -> None:
    """Unknown name (+ type word) + bracketed country."""
    doc, gaz, types = scan.doc, scan.gaz, scan.types
    for i in range(len(doc)):
        if i in scan.taken or doc[i].text != OPEN:
            continue
        found = bracket(scan, i)
        if found is None or any(e.level == "organization" for e in found[1][-1:]):
            continue
        end, inside = found
        if names_facility(scan, end):
            continue  # `लोंगबांग (बाइसे) सीमा द्वार`: a border gate, named after its place
        typ = types.get(i - 1) if i > 0 else None
        name_end = typ.start if typ is not None and typ.label_.startswith("si:") else i
        name_start = unknown_name_start(scan, name_end)
        if name_start is None or any(k in scan.facilities for k in range(name_start, name_end)):
            continue
        if typ is not None and name_end == typ.start:
            level, score = typ.label_.split(":")[1], 0.8
        elif doc[name_end - 1].norm_ in gaz.troupe_heads:
            level, score = "organization", 0.6
        else:
            level, score = "city", 0.6
        country = inside[-1].country
        name = resolve_name(romanize(doc[name_start:name_end].text), country)
        scan.emit(name_start, end, {"name": name, "country": country, "level": level}, "partner.unknown_place", score)


def genitive_places(scan: Scan) -> None:
    """`<place> के <unknown name> <type word>`: `थाईलैंड के त्राट प्रांत`, `अत्तापेउ प्रांत
    (लाओस) के फुवोंग जिले`."""
    doc, types = scan.doc, scan.types
    for m, gen in scan.genitives(lambda m: m.norm["level"] in RANK and m.rule != "partner.genitive_place"):
        k = gen.i + 1
        while k < len(doc) and k - gen.i <= 3 and k not in types and plain_name_word(doc[k], scan.gaz) \
                and k not in scan.taken and k not in scan.names:
            k += 1
        typ = types.get(k)
        if typ is None or k == gen.i + 1 or not typ.label_.startswith("si:"):
            continue
        level = typ.label_.split(":")[1]
        if RANK[level] <= RANK[m.norm["level"]]:
            continue
        name = resolve_name(romanize(doc[gen.i + 1:k].text), m.norm["country"])
        scan.emit(gen.i + 1, typ.end, {"name": name, "country": m.norm["country"], "level": level},
                  "partner.genitive_place", 0.7)


def learned_names(scan: Scan) -> None:
    """A name learned above stands for the same place wherever else it is written."""
    doc, types = scan.doc, scan.types
    learned: dict[tuple[str, ...], dict] = {}
    for m in scan.found:
        if m.rule in _LEARNED_FROM and m.norm["level"] in RANK:
            span = scan.tokens(m)
            cut = next((t.i for t in span if not t.is_space and (t.i in types or t.text == OPEN)), span.end)
            key = tuple(t.norm_ for t in doc[span.start:cut] if not t.is_space)
            if key:
                learned.setdefault(key, m.norm)
    norms = scan.norms
    for key, norm in learned.items():
        for i in range(len(doc) - len(key) + 1):
            if norms[i] != key[0] or tuple(norms[i:i + len(key)]) != key or any(k in scan.taken for k in range(i, i + len(key))):
                continue
            end = i + len(key)
            typ = singular_type_after(scan, end)
            scan.emit(i, typ.end if typ is not None else end, dict(norm), "partner.learned_name", 0.6)
