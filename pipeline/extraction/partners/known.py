"""Names a gazetteer holds, extended by what follows them: a singular type word or `पक्ष`,
an attached bracket (`युन्नान प्रांत (चीन)`, `हेकोउ (युन्नान - चीन)`), the place's own
country (`युन्नान, चीन`), an organization's head or acronym (`बॉश समूह`, `एशियाई विकास बैंक
(एडीबी)`), or an organization's name the place starts (`ओसाका गैस कंपनी`)."""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.extraction.gazetteer import PACKAGE_LABEL
from pipeline.extraction.matching import next_token
from pipeline.extraction.partners.context import (
    acronym_bracket, body_head, bracket, joins_word, known_organization, names_facility,
    national_branch, singular_type_after, type_after,
)
from pipeline.extraction.partners.institutions import institution_after
from pipeline.extraction.partners.scan import LINKS, Scan, place_norm
from pipeline.extraction.romanize import romanize



def _organization(scan: Scan, start: int, span: Span) -> None:
    entry = scan.entry(span)
    norm = place_norm(entry)
    branch = national_branch(scan, start) if entry.country == "ZZ" else None
    if branch is not None:
        norm["country"] = branch  # `भारतीय रेड क्रॉस सोसाइटी`: that country's own society
    end = span.end
    head = next_token(scan.doc, end)
    if head is not None and head.norm_ in scan.gaz.troupe_heads:
        end = head.i + 1  # `बॉश समूह`, `सेम्बकॉर्प कंपनी`
    end = acronym_bracket(scan.doc, end) or end
    country = _country_after(scan, end, set())
    if country is not None and scan.entry(country).country == norm["country"]:
        end = country.end  # `वर्ल्ड विजन (WVI) यूएसए`: the body's own country stays in its span
    scan.emit(start, end, norm, "partner.gazetteer", 0.95)


def _place_body(scan: Scan, start: int, head_i: int, country: str) -> None:
    """A place or country that starts an organization's name names the organization:
    `ओसाका गैस कंपनी`, `क्योटो विश्वविद्यालय`, `जापान विदेश व्यापार संगठन (जेट्रो)`."""
    end = head_i + 1
    composed = institution_after(scan.doc, scan.names[start].end)
    name = (" ".join([scan.entry(scan.names[start]).name, *composed[1]]) if composed and composed[0] == end
            else romanize(scan.doc[start:end].text))  # `X प्रांतीय परिषद` -> `X Provincial Council`
    norm = {"name": name, "country": country, "level": "organization"}
    bracket_end = acronym_bracket(scan.doc, end)
    country_bracket = bracket(scan, end)
    if bracket_end is not None:
        known = known_organization(scan, end, bracket_end)
        if known is not None:
            norm = place_norm(known)
        end = bracket_end
    elif country_bracket is not None:
        end = country_bracket[0]
    scan.emit(start, end, norm, "partner.place_body", 0.8)


def _place_end(scan: Scan, span: Span) -> tuple[int, str]:
    """End of a known place's mention and its rule: type word, `पक्ष`, bracket or country."""
    doc, entry = scan.doc, scan.entry(span)
    end, rule = span.end, "partner.gazetteer"
    typ = singular_type_after(scan, end)
    if typ is not None and entry.level != "country":
        end = typ.end
    side = next_token(doc, end)
    if side is not None and side.i in scan.heads and scan.gaz.head_specs[scan.heads[side.i].label_]["level"] == "country":
        end = scan.heads[side.i].end
    found = bracket(scan, end)
    if found is not None:
        return found[0], "partner.gazetteer_bracket"
    follow = _country_after(scan, end, LINKS)
    if follow is not None and entry.level != "country" and scan.entry(follow).country == entry.country:
        return follow.end, "partner.place_country"
    return end, rule


def _country_after(scan: Scan, end: int, links: set[str]) -> Span | None:
    """A country name right after token `end`, or after one of `links` (`युन्नान, चीन`,
    `सुदूर पश्चिम प्रांत नेपाल`): it stays in the span before it (the contract)."""
    link = next_token(scan.doc, end)
    after = next_token(scan.doc, link.i + 1) if link is not None and link.text in links else link
    follow = scan.names.get(after.i) if after is not None else None
    return follow if follow is not None and scan.entry(follow).level == "country" else None


def _package_place_stands(scan: Scan, span: Span) -> bool:
    """A package subdivision counts only with its type word or a bracket after it
    (`ग्योंगगी प्रांत`): pycountry's Hindi names also spell local places (`सांताक्रूज़`)."""
    if scan.entry(span).level == "city":
        return True
    tok = next_token(scan.doc, span.end)
    return tok is not None and (tok.i in scan.types or tok.text == "(")


def _glued(scan: Scan, start: int) -> bool:
    """A name written onto the end of another word is part of it (`#InvestMPinGermany`)."""
    before = scan.doc[start - 1] if start > 0 else None
    return before is not None and not before.whitespace_ and before.text[-1].isalnum()


def known_names(scan: Scan) -> None:
    doc, names = scan.doc, scan.names
    for start, span in sorted(names.items()):
        if start in scan.taken:
            continue
        if _glued(scan, start) or (span.label_.startswith(PACKAGE_LABEL) and not _package_place_stands(scan, span)):
            continue
        entry = scan.entry(span)
        if entry.level == "organization":
            _organization(scan, start, span)
            continue
        joint = start >= 2 and joins_word(doc, start - 1) is False and doc[start - 1].norm_ in LINKS \
            and (start - 2) in {s.end - 1 for s in names.values()}  # `वियतनाम - चीन संयुक्त ... समिति`
        head_i = None if joint or type_after(scan, span.end) is not None else body_head(scan, span.end)
        if head_i is not None:
            _place_body(scan, start, head_i, entry.country)
            continue
        if entry.level != "country" and names_facility(scan, span.end):
            continue
        end, rule = _place_end(scan, span)
        scan.emit(start, end, place_norm(entry), rule, 0.95)
