"""Organizations no list holds, known by the words around them:
- a company of a named country (`कोरिया की कंपनी ‘X’`, `जर्मन कंपनी X लिमिटेड`);
- an acronym a listed organization is given in brackets (`वर्ल्ड विजन (WVI)`), wherever
  else it is written, in Latin or spelled out in Devanagari letters (`डब्ल्यूवीआई`);
- the same company name wherever else the document writes it;
- the unknown items of an enumeration whose known items are one country's companies.
Names spelled out letter by letter in Devanagari become Latin acronyms (`एसीईडीएस` -> ACEDS).
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.extraction.matching import next_token
from pipeline.extraction.partners.context import plain_name_word
from pipeline.extraction.partners.institutions import glossary
from pipeline.extraction.partners.scan import CLOSE, GENITIVE, OPEN, QUOTES as _QUOTES, Scan
from pipeline.extraction.romanize import romanize
from pipeline.resources import load
from pipeline.tagging.textnorm import fold

_MAX_WORDS = 4
_LIST_JOINS = {",", "और", "तथा", "एवं", "व"}
_LIST_ENDS = {"आदि", "इत्यादि", "जैसी", "जैसे", "समेत", "सहित", ")", "।", "ने", "की", "के", "का"}
_LIST_NAME_POS = {"PROPN", "X"}


@lru_cache(maxsize=1)
def _letters() -> tuple[tuple[str, str], ...]:
    """(folded Devanagari letter name, Latin letter)."""
    names = load("organizations").get("letter_names", {})
    return tuple((fold(hi), latin) for latin, his in names.items() for hi in his)


@lru_cache(maxsize=4096)
def _spell(rest: str) -> str | None:
    """`rest` read as a sequence of letter names (any split that reads whole), or None."""
    if not rest:
        return ""
    for hi, latin in _letters():
        if rest.startswith(hi):
            tail = _spell(rest[len(hi):])
            if tail is not None:
                return latin + tail
    return None


def spelled_acronym(word: str) -> str | None:
    """`एसीईडीएस` -> `ACEDS` when the whole word reads as three or more letter names."""
    spelled = _spell(fold(word))
    return spelled if spelled is not None and len(spelled) >= 3 else None


def _unquoted(word: str) -> str:
    return word.strip("".join(_QUOTES))


def org_name(words: list[str]) -> str:
    """English name of an unlisted organization: English loanwords as English (`टेलीकॉम`
    Telecom), spelled acronyms as Latin, else romanized."""
    loanwords = glossary().loanwords
    return " ".join(loanwords.get(fold(w)) or spelled_acronym(w) or romanize(w) for w in map(_unquoted, words) if w)


def _company_heads() -> set[str]:
    return {fold(w) for w in load("organizations").get("company_nouns", [])}


def _name_run(scan: Scan, i: int) -> tuple[int, int] | None:
    """Tokens [start, end) of a company name from i: quoted, or up to four name words."""
    doc = scan.doc
    tok = next_token(doc, i)
    if tok is None:
        return None
    quoted = tok.text[0] in _QUOTES
    start = tok.i + 1 if tok.text in _QUOTES else tok.i  # the tagger may glue a quote to the name
    end = start
    while end < len(doc) and end - start < _MAX_WORDS and end not in scan.taken and not doc[end].is_punct \
            and (quoted or plain_name_word(doc[end], scan.gaz)) and not doc[end].is_space \
            and doc[end].norm_ not in scan.gaz.troupe_heads:
        end += 1
    if end == start or (quoted and (end >= len(doc) or doc[end].text not in _QUOTES)):
        return None
    return start, end


def country_companies(scan: Scan) -> None:
    """`<country> की कंपनी ‘X’`, `<demonym> कंपनी X [लिमिटेड]`: X is that country's company."""
    doc, heads, suffixes = scan.doc, _company_heads(), {fold(w) for w in scan.gaz.troupe_heads}
    for start, (end, code) in sorted(scan.countries.items()):
        k = end + 1 if end < len(doc) and doc[end].norm_ in GENITIVE else end
        if k >= len(doc) or doc[k].norm_ not in heads or k in scan.taken:
            continue
        run = _name_run(scan, k + 1)
        if run is None:
            continue
        name_start, name_end = run
        words = [t.text for t in doc[name_start:name_end]]
        end = name_end
        after = next_token(doc, end + 1 if end < len(doc) and doc[end].text in _QUOTES else end)
        if after is not None and after.norm_ in suffixes and after.i not in scan.taken:
            end = after.i + 1  # `लिमिटेड`, `कंपनी`: the company's own word stays in the span
        scan.emit(name_start, end, {"name": org_name(words), "country": code, "level": "organization"},
                  "partner.country_company", 0.7)


def learned_organizations(scan: Scan) -> None:
    """A company found by its context, or a listed body's bracketed acronym, stands for the
    same organization wherever else the document writes its name or acronym."""
    doc = scan.doc
    learned: dict[str, dict] = {}
    for m in list(scan.found):
        if m.norm["level"] != "organization":
            continue
        span = scan.tokens(m)
        if m.rule == "partner.country_company":
            name_end = next((t.i for t in span if t.norm_ in scan.gaz.troupe_heads), span.end)
            learned.setdefault(" ".join(_unquoted(t.norm_) for t in doc[span.start:name_end]), m.norm)
        for t in span:
            if t.text == OPEN and t.i + 2 < span.end and doc[t.i + 2].text == CLOSE:
                acronym = doc[t.i + 1].text
                learned.setdefault(fold(acronym), m.norm)
    if not learned:
        return
    sizes = {key: len(key.split()) for key in learned}
    single = 1 in sizes.values()
    for i, tok in enumerate(doc):
        if i in scan.taken:
            continue
        spelled = spelled_acronym(tok.text) if single else None
        for key, norm in learned.items():
            size = sizes[key]
            same = key.startswith(scan.norms[i]) and " ".join(scan.norms[i:i + size]) == key
            if same or (size == 1 and spelled is not None and fold(spelled) == key):
                if not any(k in scan.taken for k in range(i, i + size)):
                    end = i + size
                    after = next_token(doc, end)
                    if after is not None and after.norm_ in scan.gaz.name_heads:
                        end = after.i + 1  # `डब्ल्यूवीआई संगठन`
                    scan.emit(i, end, dict(norm), "partner.learned_organization", 0.6)
                break


def _list_items(scan: Scan, m_start: int, m_end: int) -> list[tuple[int, int]]:
    """Unknown items joined to the mention [m_start, m_end) in one enumeration
    (`A, B और C`): runs of up to three proper-noun words between list joints."""
    doc, items = scan.doc, []
    for step in (1, -1):
        edge = m_end if step == 1 else m_start - 1
        while 0 <= edge < len(doc) and doc[edge].norm_ in _LIST_JOINS:
            k = edge + step
            run = []
            while 0 <= k < len(doc) and len(run) < _MAX_WORDS and k not in scan.taken \
                    and doc[k].pos_ in _LIST_NAME_POS and plain_name_word(doc[k], scan.gaz):
                run.append(k)
                k += step
            if not run or not (0 <= k < len(doc)) or (doc[k].norm_ not in _LIST_JOINS | _LIST_ENDS):
                break
            items.append((min(run), max(run) + 1))
            edge = k
    return items


def listed_companies(scan: Scan) -> None:
    """In an enumeration whose known items are companies or bodies of one country, the
    unknown items are organizations of that country too (`सैमसंग, X और एलजी`)."""
    known = [m for m in scan.found if m.norm["level"] == "organization" and m.norm["country"] != "ZZ"]
    for m in known:
        span = scan.tokens(m)
        for start, end in _list_items(scan, span.start, span.end):
            if any(k in scan.taken for k in range(start, end)):
                continue
            scan.emit(start, end, {"name": org_name([t.text for t in scan.doc[start:end]]),
                                   "country": m.norm["country"], "level": "organization"},
                      "partner.listed_company", 0.6)
