"""PARTNER mentions: named foreign countries, localities and organizations.

spaCy PhraseMatchers (names, country adjectives, organization heads, place
type words, facility nouns) feed a few span rules:
- a country adjective or name + head (`चीनी पक्ष`, `कोरियाई दूतावास`,
  `चीनी कृषि मंत्रालय`, `नीदरलैंड उद्यम एजेंसी`);
- a known name, extended by a singular type word or `पक्ष` and an attached
  bracket (`युन्नान प्रांत (चीन)`, `हेकोउ (युन्नान - चीन)`), an organization by
  its bracketed acronym (`एशियाई विकास बैंक (एडीबी)`);
- an unknown name (+ type word) + bracketed country (`सवानाखेत प्रांत (लाओस)`,
  `अल्माटी (कज़ाखस्तान)`);
- `<country> के <name ...> <troupe head>` for named foreign bodies;
- a place followed by its country (`युन्नान, चीन`) is one mention.
Whatever belongs to the document's subject country is not a partner.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from pipeline.extraction.gazetteer import Entry, Gazetteer, gazetteer
from pipeline.extraction.matching import longest_matches, next_token
from pipeline.extraction.mention import Mention
from pipeline.extraction.romanize import romanize

_NAME_POS = {"PROPN", "NOUN", "ADJ", "X", "VERB", "PRON"}  # the tagger often calls an unknown name PRON
_BODY_POS = {"PROPN", "NOUN", "ADJ", "X", "VERB", "PRON"}
_OPEN, _CLOSE = "(", ")"
_GENITIVE = {"के", "की", "का"}
_LINKS = {",", "-"}
# A named body's words never run through a postposition or auxiliary (`जापान के
# अनुदान से बना ... केंद्र` is no body).
_CLAUSE_POS = {"ADP", "AUX", "SCONJ", "PART"}
_RANK = {"country": 0, "province": 1, "district": 2, "city": 3, "village": 4}
_TOPIC_POS = {"NOUN", "ADJ", "PROPN", "X"}
_TOPIC_JOINS = {"और", "एवं", "तथा", ",", "-"}
# Adjectives of an administrative level between a place and a body's name (`प्रांतीय रेड क्रॉस`).
_LEVEL_ADJECTIVES = {"प्रांतीय", "राष्ट्रीय", "राज्य", "जिला", "शहर", "नगर", "स्थानीय"}


def _norm(entry: Entry) -> dict:
    return {"name": entry.name, "country": entry.country, "level": entry.level}


def _bracket(doc: Doc, i: int, names: dict[int, Span]) -> tuple[int, list[Entry]] | None:
    """`( ... )` starting at token i: its end and the entries named inside."""
    tok = next_token(doc, i)
    if tok is None or tok.text != _OPEN:
        return None
    inside: list[Entry] = []
    j = tok.i + 1
    while j < len(doc) and j - tok.i <= 8:
        if doc[j].text == _CLOSE:
            return (j + 1, inside) if inside else None
        if j in names:
            inside.append(gazetteer().entries[names[j].label_])
            j = names[j].end
        else:
            j += 1
    return None


def _type_after(doc: Doc, i: int, types: dict[int, Span]) -> Span | None:
    tok = next_token(doc, i)
    return types.get(tok.i) if tok is not None else None


def _names_facility(doc: Doc, i: int, facilities: set[int]) -> bool:
    """A place name within two words of a facility noun is part of the facility's name."""
    first = next_token(doc, i)
    if first is None:
        return False
    second = next_token(doc, first.i + 1)
    return first.i in facilities or (second is not None and second.i in facilities and not first.is_punct)


def _unknown_name_start(doc: Doc, type_start: int, taken: set[int]) -> int | None:
    """Start of the (up to 3-token) name before a type word, if it looks like a name."""
    start = type_start
    for k in range(type_start - 1, max(-1, type_start - 4), -1):
        tok = doc[k]
        if tok.is_space or tok.pos_ not in _NAME_POS or tok.is_punct or k in taken or tok.like_num:
            if _joins_word(doc, k) and k - 1 >= 0 and k - 1 not in taken:
                continue  # `सेंटर-वाल डी लॉयर`: a hyphen inside a word joins its parts
            break
        if not _plain_name_word(tok, gazetteer()):
            break  # `215 श्रमिक उइसोंग जिला`: a descriptive word ends the name
        start = k
    return start if start < type_start else None


def _joins_word(doc: Doc, k: int) -> bool:
    """A hyphen written without spaces inside one word (`व्यापार-निवेश`, `सेंटर-वाल`)."""
    return (doc[k].text == "-" and 0 < k < len(doc) - 1 and not doc[k - 1].whitespace_
            and not doc[k].whitespace_)


def _body_head(doc: Doc, end: int, gaz: Gazetteer, names: dict[int, Span]) -> int | None:
    """Index of an organization head word closing `<name> <words ...> <head>` right after a
    known name (`ओसाका गैस कंपनी`, `जापान विदेश व्यापार संगठन`), or None."""
    j = end
    while j < len(doc) and j - end <= 5:
        tok = doc[j]
        if tok.norm_ in gaz.name_heads:
            return j
        if tok.norm_ in gaz.not_in_names:
            return None
        if _joins_word(doc, j):
            j += 1
            continue
        if tok.is_space or tok.is_punct or tok.pos_ not in _BODY_POS or tok.like_num or j in names:
            return None
        j += 1
    return None


def _plain_name_word(tok, gaz: Gazetteer) -> bool:
    """A word that may be part of an unknown place name: no function word, number,
    punctuation, pronoun or descriptive adjective (`सीमावर्ती`, `औद्योगिक`)."""
    if tok.is_space or tok.is_punct or tok.like_num or tok.pos_ not in _NAME_POS or tok.norm_ in gaz.not_name_words:
        return False
    return not (tok.pos_ == "ADJ" and tok.norm_.endswith(("ीय", "िक")))


def _national_branch(doc: Doc, start: int, countries: dict[int, tuple[int, str]],
                     names: dict[int, Span], gaz: Gazetteer) -> str | None:
    """Country of an international body's national branch: `भारतीय रेड क्रॉस`, `वियतनाम
    रेड क्रॉस`, `आन जियांग प्रांतीय रेड क्रॉस` (a place, then an adjective of level)."""
    k = start - 1
    if k >= 0 and doc[k].norm_ in _LEVEL_ADJECTIVES:
        k -= 1
    if k < 0 or doc[k].is_punct:
        return None
    for first, (last, code) in countries.items():
        if last == k + 1:
            return code
    for first, span in names.items():
        if span.end == k + 1 and gaz.entries[span.label_].level != "organization":
            return gaz.entries[span.label_].country
    return None


def _topic_may_go_on(doc: Doc, start: int, j: int, gaz: Gazetteer) -> bool:
    """Words between a country and a head name the body's topic; a postposition ends
    them unless a known topic goes on through it (`विदेश मामलों के मंत्रालय`)."""
    if doc[j].pos_ != "ADP" and doc[j].norm_ not in _GENITIVE:
        return True
    words = " ".join(t.norm_ for t in doc[start:j + 1])
    return j > start and any(topic.startswith(words) for topic in gaz.ministry_topics)


def _acronym_bracket(doc: Doc, i: int) -> int | None:
    """End of a short bracket right after an organization (`(एडीबी)`, `(सीआईपी)`)."""
    tok = next_token(doc, i)
    if tok is None or tok.text != _OPEN:
        return None
    for j in range(tok.i + 2, min(tok.i + 5, len(doc))):
        if doc[j].text == _CLOSE:
            return j + 1
        if doc[j].is_punct:
            return None
    return None


def candidates(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    names = {s.start: s for s in longest_matches(doc, gaz.names)}
    types = {s.start: s for s in longest_matches(doc, gaz.types)}
    heads = {s.start: s for s in longest_matches(doc, gaz.heads)}
    facilities = {s.start for s in longest_matches(doc, gaz.facilities)}
    found: list[Mention] = []
    taken: set[int] = set()

    def emit(start: int, end: int, norm: dict, rule: str, score: float) -> None:
        span = doc[start:end]
        found.append(Mention("PARTNER", span.start_char, span.end_char, span.text, norm, score=score, rule=rule))
        taken.update(range(start, end))

    # A country (adjective or name) + head: its side, government or a body of it;
    # `चेक गणराज्य के दूतावास` gives the country (below) and the body alone.
    countries: dict[int, tuple[int, str]] = {a.start: (a.end, a.label_) for a in longest_matches(doc, gaz.adjectives)}
    for span in names.values():  # a full country name beats an adjective it starts with (`चेक गणराज्य`)
        entry = gaz.entries[span.label_]
        if entry.level == "country" and span.end >= countries.get(span.start, (0, ""))[0]:
            countries[span.start] = (span.end, entry.country)
    for start, (end, code) in sorted(countries.items()):
        if start in taken:
            continue
        j = end
        while (j < len(doc) and j not in heads and j - end < 3 and not doc[j].is_punct and j not in names
               and j not in countries and _topic_may_go_on(doc, end, j, gaz)):
            j += 1
        genitive = j == end and j + 1 < len(doc) and doc[j].norm_ in _GENITIVE and (j + 1) in heads
        head = heads.get(j + 1 if genitive else j)
        if head is None:
            # `मलेशियाई निवेश विकास प्राधिकरण (मिडा)`: a country adjective, a name and its
            # bracketed acronym name that country's body (without the acronym: a description)
            body_end = _body_head(doc, end, gaz, names)
            acronym = _acronym_bracket(doc, body_end + 1) if body_end is not None and body_end > end else None
            if acronym is not None and acronym - body_end == 4 and (body_end + 2) not in names \
                    and not doc[body_end + 2].like_num:
                emit(start, acronym, {"name": romanize(doc[start:body_end + 1].text), "country": code,
                                      "level": "organization"}, "partner.named_acronym", 0.7)
            continue
        spec = gaz.head_specs[head.label_]
        country = gaz.country_names.get(code, code)
        if spec["level"] == "country":
            if j == end and not genitive:
                emit(start, head.end, {"name": country, "country": code, "level": "country"}, "partner.country_side", 0.9)
            continue
        words = " ".join(t.norm_ for t in doc[end:j])
        topic = gaz.ministry_topics.get(words, romanize(doc[end:j].text) if j > end else "")
        name = spec["template"].format(demonym=gaz.demonyms.get(code, country), country=country, topic=topic)
        norm = {"name": " ".join(name.replace("of  (", "(").split()), "country": code, "level": "organization"}
        end = head.end
        bracket_end = _acronym_bracket(doc, end)
        if bracket_end is not None:
            known = next((names[k] for k in range(end, bracket_end) if k in names), None)
            if known is not None and gaz.entries[known.label_].level == "organization":
                norm = _norm(gaz.entries[known.label_])  # `... एजेंसी (जीआईज़ेड)` is GIZ
            end = bracket_end
        emit(head.start if genitive else start, end, norm, "partner.country_body", 0.8 if genitive else 0.9)

    # Known names, with type word or `पक्ष`, and an attached bracket.
    for start, span in sorted(names.items()):
        if start in taken:
            continue
        entry = gaz.entries[span.label_]
        end, rule = span.end, "partner.gazetteer"
        if entry.level == "organization":
            norm = _norm(entry)
            branch = _national_branch(doc, start, countries, names, gaz) if entry.country == "ZZ" else None
            if branch is not None:
                norm["country"] = branch  # `भारतीय रेड क्रॉस सोसाइटी`: that country's own society
            head = next_token(doc, end)
            if head is not None and head.norm_ in gaz.troupe_heads:
                end = head.i + 1  # `बॉश समूह`, `सेम्बकॉर्प कंपनी`
            end = _acronym_bracket(doc, end) or end
            emit(start, end, norm, rule, 0.95)
            continue
        joint = start >= 2 and _joins_word(doc, start - 1) is False and doc[start - 1].norm_ in _LINKS \
            and (start - 2) in {s.end - 1 for s in names.values()}  # `वियतनाम - चीन संयुक्त ... समिति`
        head_i = None if joint or _type_after(doc, end, types) is not None else _body_head(doc, end, gaz, names)
        if head_i is not None:
            # a place or country that starts an organization's name names the organization:
            # `ओसाका गैस कंपनी`, `क्योटो विश्वविद्यालय`, `जापान विदेश व्यापार संगठन (जेट्रो)`
            end = head_i + 1
            norm = {"name": romanize(doc[start:end].text), "country": entry.country, "level": "organization"}
            bracket_end = _acronym_bracket(doc, end)
            country_bracket = _bracket(doc, end, names)
            if bracket_end is not None:
                known = next((names[k] for k in range(end, bracket_end) if k in names), None)
                if known is not None and gaz.entries[known.label_].level == "organization":
                    norm = _norm(gaz.entries[known.label_])
                end = bracket_end
            elif country_bracket is not None:
                end = country_bracket[0]
            emit(start, end, norm, "partner.place_body", 0.8)
            continue
        if entry.level != "country" and _names_facility(doc, span.end, facilities):
            continue
        typ = _type_after(doc, end, types)
        if typ is not None and typ.label_.startswith("si:") and entry.level != "country":
            end = typ.end
        side = next_token(doc, end)
        if side is not None and side.i in heads and gaz.head_specs[heads[side.i].label_]["level"] == "country":
            end = heads[side.i].end
        bracket = _bracket(doc, end, names)
        if bracket is not None:
            end, rule = bracket[0], "partner.gazetteer_bracket"
        else:
            link = next_token(doc, end)
            after = next_token(doc, link.i + 1) if link is not None and link.text in _LINKS else None
            follow = names.get(after.i) if after is not None else None
            if follow is not None and entry.level != "country" and gaz.entries[follow.label_].level == "country" \
                    and gaz.entries[follow.label_].country == entry.country:
                end, rule = follow.end, "partner.place_country"
        emit(start, end, _norm(entry), rule, 0.95)

    # Unknown name (+ type word) + bracketed country: `सवानाखेत प्रांत (लाओस)`, `अल्माटी (कज़ाखस्तान)`.
    for i in range(len(doc)):
        if i in taken or doc[i].text != _OPEN:
            continue
        bracket = _bracket(doc, i, names)
        if bracket is None or any(e.level == "organization" for e in bracket[1][-1:]):
            continue
        end, inside = bracket
        if _names_facility(doc, end, facilities):
            continue  # `लोंगबांग (बाइसे) सीमा द्वार`: a border gate, named after its place
        typ = types.get(i - 1) if i > 0 else None
        name_end = typ.start if typ is not None and typ.label_.startswith("si:") else i
        name_start = _unknown_name_start(doc, name_end, taken)
        if name_start is None or any(k in facilities for k in range(name_start, name_end)):
            continue
        if typ is not None and name_end == typ.start:
            level, score = typ.label_.split(":")[1], 0.8
        elif doc[name_end - 1].norm_ in gaz.troupe_heads:
            level, score = "organization", 0.6
        else:
            level, score = "city", 0.6
        name = romanize(doc[name_start:name_end].text)
        emit(name_start, end, {"name": name, "country": inside[-1].country, "level": level},
             "partner.unknown_place", score)

    # `<place> के <unknown name> <type word>`: a smaller unit inside a known foreign place
    # (`थाईलैंड के त्राट प्रांत`, `अत्तापेउ प्रांत (लाओस) के फुवोंग जिले`).
    for m, gen in _genitives(doc, found, lambda m: m.norm["level"] in _RANK and m.rule != "partner.genitive_place"):
        k = gen.i + 1
        while k < len(doc) and k - gen.i <= 3 and k not in types and _plain_name_word(doc[k], gaz) \
                and k not in taken and k not in names:
            k += 1
        typ = types.get(k)
        if typ is None or k == gen.i + 1 or not typ.label_.startswith("si:"):
            continue
        level = typ.label_.split(":")[1]
        if _RANK[level] <= _RANK[m.norm["level"]]:
            continue
        emit(gen.i + 1, typ.end, {"name": romanize(doc[gen.i + 1:k].text), "country": m.norm["country"],
                                   "level": level}, "partner.genitive_place", 0.7)

    # A name learned above stands for the same place wherever else it is written.
    learned = {}
    for m in found:
        if m.rule in ("partner.genitive_place", "partner.unknown_place") and m.norm["level"] in _RANK:
            span = doc.char_span(m.start, m.end)
            words = [t for t in span if not t.is_space]
            cut = next((t.i for t in words if t.i in types or t.text == _OPEN), span.end)
            key = tuple(t.norm_ for t in doc[span.start:cut] if not t.is_space)
            if key:
                learned.setdefault(key, m.norm)
    for key, norm in learned.items():
        for i in range(len(doc) - len(key) + 1):
            if any(k in taken for k in range(i, i + len(key))) or tuple(t.norm_ for t in doc[i:i + len(key)]) != key:
                continue
            end = i + len(key)
            typ = _type_after(doc, end, types)
            if typ is not None and typ.label_.startswith("si:"):
                end = typ.end
            emit(i, end, dict(norm), "partner.learned_name", 0.6)

    # `<place> के <topic ...> <ministry head>`: `सिंगापुर के व्यापार और उद्योग मंत्रालय`,
    # `दुबई अमीरात के अर्थव्यवस्था और पर्यटन विभाग` (a list of topics, joined by `और` or commas).
    for m, gen in _genitives(doc, found, lambda m: m.norm["level"] != "organization"):
        if (gen.i + 1) in taken:
            continue
        j = gen.i + 1
        while (j < len(doc) and j - gen.i <= 8 and j not in heads and j not in taken
               and (doc[j].pos_ in _TOPIC_POS or doc[j].norm_ in _TOPIC_JOINS) and not doc[j].like_num):
            j += 1
        head = heads.get(j)
        if head is None or j - gen.i < 3 or gaz.head_specs[head.label_]["level"] != "organization":
            continue  # one topic word right after `के` is the country-body rule's
        spec = gaz.head_specs[head.label_]
        code = m.norm["country"]
        country = gaz.country_names.get(code, code)
        words = " ".join(t.norm_ for t in doc[gen.i + 1:j])
        topic = gaz.ministry_topics.get(words, romanize(doc[gen.i + 1:j].text))
        name = spec["template"].format(demonym=gaz.demonyms.get(code, country), country=country, topic=topic)
        emit(gen.i + 1, head.end, {"name": name, "country": code, "level": "organization"},
             "partner.genitive_body", 0.8)

    # `<country> के <name ...> <head>`: a named body of that country.
    for m, gen in _genitives(doc, found, lambda m: m.norm["level"] == "country"):
        j = gen.i + 1
        while (j < len(doc) and j - gen.i <= 8 and not doc[j].is_punct and doc[j].norm_ not in gaz.troupe_heads
               and doc[j].pos_ not in _CLAUSE_POS):
            j += 1
        first = doc[gen.i + 1] if gen.i + 1 < len(doc) else None
        after = next_token(doc, j + 1)
        apposition = after is not None and after.i in names  # `जर्मनी के विकास बैंक केएफडब्ल्यू`
        if (j < len(doc) and doc[j].norm_ in gaz.troupe_heads and j - gen.i > 1 and (gen.i + 1) not in taken
                and first.pos_ not in ("DET", "NUM", "PRON") and not apposition):
            emit(gen.i + 1, j + 1, {"name": romanize(doc[gen.i + 1:j].text), "country": m.norm["country"],
                                     "level": "organization"}, "partner.named_body", 0.7)
    return found


def _genitives(doc: Doc, found: list[Mention], keep) -> Iterator[tuple[Mention, Token]]:
    """(mention, its `के`) for each mention found so far that `keep` accepts and a genitive
    follows: the place or country that owns what the next words name."""
    for m in list(found):
        if keep(m):
            gen = next_token(doc, doc.char_span(m.start, m.end).end)
            if gen is not None and gen.norm_ in _GENITIVE:
                yield m, gen


def find_partners(doc: Doc, ctx) -> list[Mention]:
    gaz = gazetteer()
    home = ctx.subject["country"] if ctx.subject else None
    subject_name = ctx.subject["name"] if ctx.subject else None
    out = []
    for m in candidates(doc, gaz):
        if m.norm["country"] == home or m.norm["name"] == subject_name:
            continue
        out.append(m)
    return out
