"""Event frames: each EVENT mention linked to the PARTNER, DATE and AMOUNT mentions that belong to it.

Arguments come from the trigger's own sentence first. Stanza gives no parse
here, only UPOS tags, so a sentence is cut into clauses by what the tags show:
a finite verb group (VERB/AUX followed by a comma, a sentence mark, a
conjunction or the sentence end), a subordinator (SCONJ), a relative pronoun
(`जो`, `जिसने`, `जहाँ` ...) and `;` or `:` end a clause. Inside a clause,
coordinated phrases (split at CCONJ and commas) keep their own arguments: in
`X के साथ सम्मेलन और Y के साथ बैठक` X goes to the conference and Y to the
meeting. Hindi puts modifiers before their head, so a partner or amount goes
to the nearest trigger *after* it in its phrase, else the nearest before; from
a clause without triggers, to the nearest clause that has one. A date is
clause-level: it goes to every trigger of its clause, and from a clause
without triggers to those of the later clauses; of several dates an event
keeps the one of its own clause, the narrowest (`2 अप्रैल` over `2024`), then
the one before it. Triggers written back to back or coordinated
(`समझौते पर हस्ताक्षर`, `आयात और निर्यात`) share their arguments; a trigger left
without partners, date or amounts shares those of its clause, and coordinated
clauses share date and partners (`चीन का दौरा किया और बैठक की`). A percentage in
a clause of its own (`जो 2022 की तुलना में 18% अधिक है`) sizes no event.

An event whose sentence states no date (or no partner) takes the one stated
in the nearest earlier sentence of the same paragraph (at most
`INHERIT_SENTENCES` back: the date of that sentence's latest event, the
partners named there), marked `"inherited": true`.

Every frame also carries the document's subject and a PLOVER category
(`resources/hi/plover.json`), so event-data users can join it with other sources.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span

from pipeline.mention import EVENT_TYPES, Mention
from pipeline.resources import load, register_schema

ROLES = ("partners", "date", "amounts")
ARG_TYPES = {"PARTNER": "partners", "DATE": "date", "AMOUNT": "amounts"}
INHERIT_SENTENCES = 2          # how many sentences back a date or partner may carry over
CLAUSE_PUNCT = frozenset(";:")
PHRASE_PUNCT = frozenset(",;:")
CLAUSE_END = frozenset(",;:।?!॥.")       # after a verb, these end its clause (quotes and brackets do not)
RELATIVE = ("जो", "जिस", "जिन", "जहाँ", "जहां")  # relative pronouns open a subordinate clause
_PLOVER_CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                      "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST",
                      "CRIME", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"]

register_schema("plover", {
    "type": "object",
    "required": ["source", "quad", "map"],
    "properties": {
        "_doc": {"type": "string"},
        "source": {"type": "string", "minLength": 1},
        "quad": {"type": "object", "propertyNames": {"enum": _PLOVER_CATEGORIES},
                 "additionalProperties": {"enum": ["verbal cooperation", "material cooperation",
                                                   "verbal conflict", "material conflict"]}},
        "map": {"type": "object", "required": list(EVENT_TYPES),
                "propertyNames": {"enum": list(EVENT_TYPES)},
                "additionalProperties": {"enum": _PLOVER_CATEGORIES}},
    },
    "additionalProperties": False,
})


@lru_cache(maxsize=1)
def plover_map() -> dict[str, str]:
    """event_type -> PLOVER category, from the validated data file."""
    return dict(load("plover")["map"])


def plover(event_type: str) -> str:
    return plover_map()[event_type]


# --- clauses and phrases from the UPOS tags ------------------------------------------------------

@dataclass
class _Place:
    """Where a mention sits: sentence, clause and phrase numbers, and its token index."""

    sent: int
    clause: int
    phrase: int
    token: int          # the head (last) token, relative to the sentence
    first: int = 0      # the first token, relative to the sentence


def _units(sent: Span) -> tuple[list[int], list[int]]:
    """Clause and phrase number of every token of `sent` (indices relative to the sentence)."""
    toks = list(sent)
    clauses, phrases = [], []
    clause = phrase = 0
    for i, tok in enumerate(toks):
        if tok.pos_ in ("SCONJ", "CCONJ") or _relative(tok):
            phrase += 1
            if tok.pos_ != "CCONJ":
                clause += 1
        clauses.append(clause)
        phrases.append(phrase)
        if tok.text in CLAUSE_PUNCT:
            clause += 1
        if tok.text in PHRASE_PUNCT:
            phrase += 1
        if tok.pos_ in ("VERB", "AUX"):
            nxt = next((t for t in toks[i + 1:] if not t.is_space), None)
            if nxt is None or nxt.text in CLAUSE_END or nxt.pos_ in ("CCONJ", "SCONJ"):
                clause += 1
                phrase += 1
    return clauses, phrases


def _relative(tok) -> bool:
    return tok.pos_ in ("PRON", "DET", "ADV") and tok.text.startswith(RELATIVE)


def _places(doc: Doc, mentions: list[Mention]) -> tuple[list[Span], dict[str, _Place]]:
    """Sentence, clause, phrase and head token of every mention (never fails: offsets that do
    not fall on token boundaries take the tokens they touch)."""
    sents = [s for s in doc.sents if any(not t.is_space for t in s)] or list(doc.sents)
    units = [_units(sent) for sent in sents]
    starts = [t.idx for t in doc]
    sent_starts = [sent.start for sent in sents]
    places: dict[str, _Place] = {}
    for m in mentions:
        first = max(0, bisect_right(starts, m.start) - 1)
        last = max(first, bisect_left(starts, m.end) - 1)
        s_i = max(0, bisect_right(sent_starts, first) - 1)
        sent = sents[s_i]
        clauses, phrases = units[s_i]
        # the mention's head token: the last one (head-final noun phrases), inside its sentence
        t = min(max(last, sent.start), sent.end - 1) - sent.start
        f = min(max(first, sent.start), sent.end - 1) - sent.start
        places[m.id] = _Place(s_i, clauses[t], phrases[f], t, f)
    return sents, places


# --- attaching arguments -----------------------------------------------------------------------

@dataclass
class _Frame:
    trigger: Mention
    place: _Place
    partners: list[tuple[Mention, bool]] = field(default_factory=list)
    dates: list[tuple[Mention, bool]] = field(default_factory=list)
    amounts: list[tuple[Mention, bool]] = field(default_factory=list)
    group: int = 0

    def role(self, name: str) -> list[tuple[Mention, bool]]:
        return {"partners": self.partners, "date": self.dates, "amounts": self.amounts}[name]


def _groups(doc: Doc, sent: Span, frames: list[_Frame]) -> None:
    """Triggers written back to back (at most two tokens apart, no verb, punctuation or
    subordinator between; `और` and a hyphen may join them) form one group sharing its arguments."""
    group = 0
    for prev, cur in zip(frames, frames[1:]):
        gap = doc[sent.start + prev.place.token + 1: sent.start + cur.place.first]
        words = [t for t in gap if not t.is_space]
        if len(words) > 2 or any(t.pos_ in ("VERB", "AUX", "SCONJ") or (t.pos_ == "PUNCT" and t.text not in "-–")
                                 for t in words):
            group += 1
        cur.group = group


def _nearest(arg: _Place, frames: list[_Frame], sentence: list[_Frame]) -> list[_Frame]:
    """The trigger after the argument (nearest first), else the one before, with its group."""
    after = [f for f in frames if f.place.token >= arg.token]
    best = min(after, key=lambda f: f.place.token) if after else max(frames, key=lambda f: f.place.token)
    return [f for f in sentence if f.group == best.group]


def _width(norm: dict) -> int:
    """Days a DATE norm covers (at its precision): the narrower date is the more specific one."""
    def bound(value: object, last: bool) -> date | None:
        if not isinstance(value, str):
            return None
        parts = [int(x) for x in value.split("-")]
        try:
            if len(parts) == 1:
                return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)
            if len(parts) == 2:
                if not last:
                    return date(parts[0], parts[1], 1)
                return date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1) - timedelta(days=1)
            return date(*parts[:3])
        except ValueError:
            return None
    start, end = bound(norm.get("start"), False), bound(norm.get("end"), True)
    return (end - start).days + 1 if start and end and end >= start else 10**6


def _attach_sentence(doc: Doc, sent: Span, frames: list[_Frame], args: list[tuple[Mention, _Place]]) -> None:
    """Each argument of the sentence to its trigger(s), by clause, phrase and position."""
    _groups(doc, sent, frames)
    for mention, place in args:
        role = ARG_TYPES[mention.type]
        same_clause = [f for f in frames if f.place.clause == place.clause]
        if role == "date":
            # a date goes to the triggers of its clause; from a clause without any, to those of later clauses
            targets = same_clause or [f for f in frames if f.place.clause > place.clause]
        elif mention.type == "AMOUNT" and mention.norm.get("kind") == "percent" and not same_clause:
            continue  # a rate in a clause of its own (`जो 2022 की तुलना में 18% अधिक है`) sizes no event
        elif same_clause:
            same_phrase = [f for f in same_clause if f.place.phrase == place.phrase]
            targets = _nearest(place, same_phrase or same_clause, frames)
        else:
            # no trigger in the argument's clause: the nearest clause that has one, later ones first
            clause = min({f.place.clause for f in frames},
                         key=lambda c: (abs(c - place.clause), c < place.clause))
            targets = _nearest(place, [f for f in frames if f.place.clause == clause], frames)
        for f in targets:
            f.role(role).append((mention, False))
    # a trigger left without partners, date or amounts shares those of the other triggers of its clause
    for f in frames:
        mates = [g for g in frames if g is not f and g.place.clause == f.place.clause]
        for role in ROLES:
            if not f.role(role):
                f.role(role).extend(item for g in mates for item in g.role(role))
    # coordinated clauses share date and partners: a trigger still without them takes those of
    # the nearest trigger before it in the sentence
    for k, f in enumerate(frames):
        for role in ("date", "partners"):
            if not f.role(role):
                before = next((g for g in reversed(frames[:k]) if g.role(role)), None)
                if before is not None:
                    f.role(role).extend(before.role(role))
    # one date per event: in its own clause before other clauses, then before it, then nearest
    where = {m.id: p for m, p in args}
    for f in frames:
        if len(f.dates) > 1:
            def key(item, f=f):
                p = where[item[0].id]
                return (p.clause != f.place.clause, _width(item[0].norm), p.token > f.place.token,
                        abs(p.token - f.place.token))
            f.dates = [min(f.dates, key=key)]


def _inherit(text: str, sents: list[Span], frames: list[_Frame],
             by_sent: dict[int, list[tuple[Mention, _Place]]]) -> None:
    """Dates and partners stated once for a run of sentences carry over within the paragraph."""
    for f in frames:
        for role, kind in (("date", "DATE"), ("partners", "PARTNER")):
            if f.role(role):
                continue
            s = f.place.sent
            for back in range(s - 1, max(-1, s - 1 - INHERIT_SENTENCES), -1):
                if "\n" in text[_sentence_json(sents[back])["end"]: _sentence_json(sents[s])["start"]]:
                    break  # another paragraph
                if role == "date":
                    # the date of the latest event of that sentence (not a year it only compares with)
                    dated = [g.dates[0][0] for g in frames if g.place.sent == back and g.dates]
                    found = dated[-1:]
                else:
                    found = [m for m, _ in by_sent.get(back, []) if m.type == kind]
                if found:
                    chosen = found[-1:] if role == "date" else found
                    f.role(role).extend((m, True) for m in chosen)
                    break


# --- output ------------------------------------------------------------------------------------

def _arg_json(mention: Mention, inherited: bool) -> dict:
    return {"id": mention.id, "text": mention.text, "start": mention.start, "end": mention.end,
            "norm": mention.norm, "inherited": inherited}


def _unique(items: list[tuple[Mention, bool]]) -> list[tuple[Mention, bool]]:
    seen: dict[str, tuple[Mention, bool]] = {}
    for m, inherited in items:
        if m.id not in seen or (seen[m.id][1] and not inherited):
            seen[m.id] = (m, inherited)
    return sorted(seen.values(), key=lambda x: x[0].start)


def _sentence_json(sent: Span) -> dict:
    """The sentence's offsets trimmed of surrounding whitespace (as in the output's `sentences`)."""
    toks = [t for t in sent if not t.is_space] or list(sent)
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    # the span's own text: `doc.text` would join every token of the document on each call
    return {"start": start, "end": end, "text": sent.doc[toks[0].i : toks[-1].i + 1].text}


def build_frames(doc: Doc, mentions: list[Mention], subject: dict | None) -> list[dict]:
    """One frame per EVENT mention (in text order), with ids `e1`, `e2`...

    `mentions` are the resolved mentions with their ids (`m1`...), as written
    to the output; the frames refer to them by id and repeat their norms.
    """
    events = [m for m in mentions if m.type == "EVENT"]
    if not events:
        return []
    sents, places = _places(doc, mentions)
    frames_by_sent: dict[int, list[_Frame]] = {}
    args_by_sent: dict[int, list[tuple[Mention, _Place]]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        place = places.get(m.id)
        if place is None:
            continue
        if m.type == "EVENT":
            frames_by_sent.setdefault(place.sent, []).append(_Frame(m, place))
        elif m.type in ARG_TYPES:
            args_by_sent.setdefault(place.sent, []).append((m, place))
    for s_i, frames in frames_by_sent.items():
        _attach_sentence(doc, sents[s_i], frames, args_by_sent.get(s_i, []))
    all_frames = [f for s_i in sorted(frames_by_sent) for f in frames_by_sent[s_i]]
    _inherit(doc.text, sents, all_frames, args_by_sent)

    out = []
    for i, f in enumerate(all_frames, 1):
        sent = sents[f.place.sent]
        event_type = f.trigger.norm.get("event_type")
        date = _unique(f.dates)
        out.append({
            "id": f"e{i}",
            "event_type": event_type,
            "plover": plover(event_type) if event_type in EVENT_TYPES else None,
            "trigger": {"id": f.trigger.id, "text": f.trigger.text,
                        "start": f.trigger.start, "end": f.trigger.end},
            "partners": [_arg_json(m, inh) for m, inh in _unique(f.partners)],
            "date": _arg_json(*date[0]) if date else None,
            "amounts": [_arg_json(m, inh) for m, inh in _unique(f.amounts)],
            "subject": subject,
            "sentence": _sentence_json(sent),
            "score": round(f.trigger.score, 3),
        })
    return out
