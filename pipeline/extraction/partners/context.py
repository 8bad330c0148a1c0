"""What the words around a name say: brackets, type words, facility nouns, organization
heads. Shared by the partner rules; each reads the scan and never writes it."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.extraction.gazetteer import Entry, Gazetteer
from pipeline.extraction.matching import next_token
from pipeline.extraction.partners.scan import CLOSE, GENITIVE, OPEN, Scan

_NAME_POS = {"PROPN", "NOUN", "ADJ", "X", "VERB", "PRON"}  # the tagger often calls an unknown name PRON
_BODY_POS = {"PROPN", "NOUN", "ADJ", "X", "VERB", "PRON"}
# Adjectives of an administrative level between a place and a body's name (`प्रांतीय रेड क्रॉस`).
_LEVEL_ADJECTIVES = {"प्रांतीय", "राष्ट्रीय", "राज्य", "जिला", "शहर", "नगर", "स्थानीय"}


def bracket(scan: Scan, i: int) -> tuple[int, list[Entry]] | None:
    """`( ... )` starting at token i: its end and the entries named inside."""
    doc = scan.doc
    tok = next_token(doc, i)
    if tok is None or tok.text != OPEN:
        return None
    inside: list[Entry] = []
    j = tok.i + 1
    while j < len(doc) and j - tok.i <= 8:
        if doc[j].text == CLOSE:
            return (j + 1, inside) if inside else None
        if j in scan.names:
            inside.append(scan.entry(scan.names[j]))
            j = scan.names[j].end
        else:
            j += 1
    return None


def type_after(scan: Scan, i: int) -> Span | None:
    tok = next_token(scan.doc, i)
    return scan.types.get(tok.i) if tok is not None else None


def singular_type_after(scan: Scan, i: int) -> Span | None:
    """A singular place type word right after token i (`प्रांत`, `शहर`)."""
    typ = type_after(scan, i)
    return typ if typ is not None and typ.label_.startswith("si:") else None


def names_facility(scan: Scan, i: int) -> bool:
    """A place name within two words of a facility noun is part of the facility's name."""
    first = next_token(scan.doc, i)
    if first is None:
        return False
    second = next_token(scan.doc, first.i + 1)
    return first.i in scan.facilities or (second is not None and second.i in scan.facilities
                                          and not first.is_punct)


def joins_word(doc: Doc, k: int) -> bool:
    """A hyphen written without spaces inside one word (`व्यापार-निवेश`, `सेंटर-वाल`)."""
    return (doc[k].text == "-" and 0 < k < len(doc) - 1 and not doc[k - 1].whitespace_
            and not doc[k].whitespace_)


def plain_name_word(tok: Token, gaz: Gazetteer) -> bool:
    """A word that may be part of an unknown place name: no function word, number,
    punctuation, pronoun or descriptive adjective (`सीमावर्ती`, `औद्योगिक`)."""
    if tok.is_space or tok.is_punct or tok.like_num or tok.pos_ not in _NAME_POS or tok.norm_ in gaz.not_name_words:
        return False
    return not (tok.pos_ == "ADJ" and tok.norm_.endswith(("ीय", "िक")))


def unknown_name_start(scan: Scan, type_start: int) -> int | None:
    """Start of the (up to 3-token) name before a type word, if it looks like a name."""
    doc, start = scan.doc, type_start
    for k in range(type_start - 1, max(-1, type_start - 4), -1):
        tok = doc[k]
        if tok.is_space or tok.pos_ not in _NAME_POS or tok.is_punct or k in scan.taken or tok.like_num:
            if joins_word(doc, k) and k - 1 >= 0 and k - 1 not in scan.taken:
                continue  # `सेंटर-वाल डी लॉयर`: a hyphen inside a word joins its parts
            break
        if not plain_name_word(tok, scan.gaz):
            break  # `215 श्रमिक उइसोंग जिला`: a descriptive word ends the name
        start = k
    return start if start < type_start else None


def body_head(scan: Scan, end: int) -> int | None:
    """Index of an organization head word closing `<name> <words ...> <head>` right after a
    known name (`ओसाका गैस कंपनी`, `जापान विदेश व्यापार संगठन`), or None."""
    doc, gaz = scan.doc, scan.gaz
    j = end
    while j < len(doc) and j - end <= 5:
        tok = doc[j]
        if tok.norm_ in gaz.name_heads:
            return j
        if tok.norm_ in gaz.not_in_names:
            return None
        if joins_word(doc, j):
            j += 1
            continue
        if tok.is_space or tok.is_punct or tok.pos_ not in _BODY_POS or tok.like_num or j in scan.names:
            return None
        j += 1
    return None


def national_branch(scan: Scan, start: int) -> str | None:
    """Country of an international body's national branch: `भारतीय रेड क्रॉस`, `वियतनाम
    रेड क्रॉस`, `आन जियांग प्रांतीय रेड क्रॉस` (a place, then an adjective of level)."""
    doc = scan.doc
    k = start - 1
    if k >= 0 and doc[k].norm_ in _LEVEL_ADJECTIVES:
        k -= 1
    if k < 0 or doc[k].is_punct:
        return None
    for first, (last, code) in scan.countries.items():
        if last == k + 1:
            return code
    for first, span in scan.names.items():
        if span.end == k + 1 and scan.entry(span).level != "organization":
            return scan.entry(span).country
    return None


def topic_may_go_on(scan: Scan, start: int, j: int) -> bool:
    """Words between a country and a head name the body's topic; a postposition ends
    them unless a known topic goes on through it (`विदेश मामलों के मंत्रालय`)."""
    doc = scan.doc
    if doc[j].pos_ != "ADP" and doc[j].norm_ not in GENITIVE:
        return True
    words = " ".join(t.norm_ for t in doc[start:j + 1])
    return j > start and any(topic.startswith(words) for topic in scan.gaz.ministry_topics)


def acronym_bracket(doc: Doc, i: int) -> int | None:
    """End of a short bracket right after an organization (`(एडीबी)`, `(सीआईपी)`)."""
    tok = next_token(doc, i)
    if tok is None or tok.text != OPEN:
        return None
    for j in range(tok.i + 2, min(tok.i + 5, len(doc))):
        if doc[j].text == CLOSE:
            return j + 1
        if doc[j].is_punct:
            return None
    return None


def known_organization(scan: Scan, start: int, end: int) -> Entry | None:
    """A listed organization named inside tokens [start, end) (the acronym of a bracket)."""
    span = next((scan.names[k] for k in range(start, end) if k in scan.names), None)
    return scan.entry(span) if span is not None and scan.entry(span).level == "organization" else None
