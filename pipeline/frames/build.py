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
clauses share date and partners (`चीन का दौरा किया और बैठक की`), except into a
clause of another time (`अब तक`, `आने वाले समय में`). A percentage in a clause
of its own (`जो 2022 की तुलना में 18% अधिक है`) sizes no event, nor does an
amount in a statement of its own without a trigger (`... 16 मामलों को संभाला`,
`कहा कि ... 32 औद्योगिक पार्क हैं`); a relative clause gives its amounts and
dates to the clause it follows. A partner merely named (`X से सटे`, `X के
अलावा`) and a period something is planned for (`2024 के लिए`, except for aid in
its phrase) are no arguments; a place where something else happens (`X में`)
gives nothing from a clause without triggers, and a venue is not shared with a
coordinated clause. A participle before its noun (`ऋण से वित्तपोषित पहला संयंत्र`)
takes no date written after it.

A trigger that opens its sentence followed by an occasion postposition
(`बैठक में,`, `उत्सव के दौरान,`) is a setting: it names an activity described
before and takes that activity's date and partners (the latest earlier event
with the same word, else of its type); the rest of the sentence belongs to the
other triggers, which take the setting's date.

Otherwise a date carries over only into a sentence that points back (`इस अवसर
पर`, `उसी दिन`, `दोनों पक्षों`): the narrowest date of the latest sentence with
dated events (`INHERIT_SENTENCES` at most). Partners carry over into such a
sentence, or within the paragraph into one with no date of its own; nothing
carries into a sentence of another time (`हर साल`, `इससे पहले`), and no date
into an aim agreed on (`व्यापार बढ़ाने पर सहमत`). Carried-over
arguments are marked `"inherited": true`. The words are in `resources/hi/frames.json`.

Every frame also carries the document's subject and a PLOVER category
(`resources/hi/plover.json`), so event-data users can join it with other sources.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from spacy.tokens import Doc, Span

from pipeline.extraction.mention import EVENT_TYPES, Mention
from pipeline.resources import STRS, load, register_schema

ROLES = ("partners", "date", "amounts")
ARG_TYPES = {"PARTNER": "partners", "DATE": "date", "AMOUNT": "amounts"}
YEAR_DAYS = 365                # a date this wide or wider is no occasion's date
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


_SEQS = {"type": "array", "items": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
         "minItems": 1}
register_schema("frames", {
    "type": "object",
    "required": ["occasion_after", "back_references", "both", "new_occasion", "not_participant_after",
                 "period_after", "period_types", "place_after", "aim", "plural_endings"],
    "properties": {
        "_doc": {"type": "string"},
        "occasion_after": _SEQS, "back_references": _SEQS, "new_occasion": _SEQS,
        "not_participant_after": _SEQS, "period_after": _SEQS, "place_after": _SEQS,
        "aim": {"type": "object", "required": ["skip", "verb_endings"], "additionalProperties": False,
                "properties": {"skip": STRS, "verb_endings": STRS}},
        "both": STRS, "plural_endings": STRS,
        "period_types": {"type": "array", "items": {"enum": list(EVENT_TYPES)}},
    },
    "additionalProperties": False,
})


@lru_cache(maxsize=1)
def _words() -> dict:
    """frames.json with its word sequences as tuples (for matching token texts)."""
    data = load("frames")
    words = ("both", "plural_endings", "period_types")
    out: dict = {k: tuple(v) if k in words else [tuple(x) for x in v]
                 for k, v in data.items() if k not in ("_doc", "aim")}
    out["aim"] = {k: tuple(v) for k, v in data["aim"].items()}
    return out


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


@dataclass
class _Units:
    """Clause and phrase number of every token of a sentence, and what kind each clause is."""

    words: list[str]        # token texts, for matching the word sequences of frames.json
    clauses: list[int]
    phrases: list[int]
    finite: set[int]        # clauses closed by their own finite verb
    relative: dict[int, int]  # clauses opened by a relative pronoun -> the clause written before
    subordinate: int        # first token of the first subordinate clause (len(sentence) if none)
    located: set[int] = field(default_factory=set)  # tokens followed by a place postposition (`X में`)
    modifier: set[int] = field(default_factory=set)  # participles before the noun they describe
    aim: set[int] = field(default_factory=set)       # tokens followed by an infinitive (`X बढ़ाने`)


def _units(sent: Span) -> _Units:
    """Clause and phrase number of every token of `sent` (indices relative to the sentence)."""
    toks = list(sent)
    clauses, phrases = [], []
    finite: set[int] = set()
    relative: dict[int, int] = {}
    clause = phrase = 0
    last = -1       # clause of the latest word (not punctuation)
    subordinate = len(toks)
    for i, tok in enumerate(toks):
        if tok.pos_ in ("SCONJ", "CCONJ") or _relative(tok):
            phrase += 1
            if tok.pos_ != "CCONJ":
                clause += 1
                subordinate = min(subordinate, i)
                if _relative(tok):
                    relative[clause] = last
        clauses.append(clause)
        if tok.pos_ != "PUNCT" and not tok.is_space:
            last = clause
        phrases.append(phrase)
        if tok.text in CLAUSE_PUNCT:
            clause += 1
        if tok.text in PHRASE_PUNCT:
            phrase += 1
        if tok.pos_ in ("VERB", "AUX"):
            nxt = next((t for t in toks[i + 1:] if not t.is_space), None)
            if nxt is None or nxt.text in CLAUSE_END or nxt.pos_ in ("CCONJ", "SCONJ"):
                finite.add(clause)
                clause += 1
                phrase += 1
    words = [t.text for t in toks]
    content = [i for i, t in enumerate(toks) if not t.is_space]
    nxt = {i: j for i, j in zip(content, content[1:])}
    content_words = [words[i] for i in content]
    located = {i for k, i in enumerate(content) if _starts_with(content_words, k + 1, _words()["place_after"])}
    modifier = {i for i in content if toks[i].pos_ in ("VERB", "ADJ") and i in nxt
                and toks[nxt[i]].pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM")}
    aim = set()
    for i in content:
        j = nxt.get(i)
        while j is not None and words[j] in _words()["aim"]["skip"]:
            j = nxt.get(j)
        if j is not None and toks[j].pos_ == "VERB" and words[j].endswith(_words()["aim"]["verb_endings"]):
            aim.add(i)
    return _Units(words, clauses, phrases, finite, relative, subordinate, located, modifier, aim)


def _relative(tok) -> bool:
    return tok.pos_ in ("PRON", "DET", "ADV") and tok.text.startswith(RELATIVE)


def _places(doc: Doc, mentions: list[Mention]) -> tuple[list[Span], list[_Units], dict[str, _Place]]:
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
        u = units[s_i]
        # the mention's head token: the last one (head-final noun phrases), inside its sentence
        t = min(max(last, sent.start), sent.end - 1) - sent.start
        f = min(max(first, sent.start), sent.end - 1) - sent.start
        places[m.id] = _Place(s_i, u.clauses[t], u.phrases[f], t, f)
    return sents, units, places


def _starts_with(words: list[str], i: int, seqs: list[tuple[str, ...]]) -> int:
    """Length of the first of `seqs` written at token `i` (0 when none is)."""
    for seq in seqs:
        if tuple(words[i:i + len(seq)]) == seq:
            return len(seq)
    return 0


def _contains(words: list[str], seqs: list[tuple[str, ...]]) -> bool:
    return any(_starts_with(words, i, seqs) for i in range(len(words)))


def _after(words: list[str], i: int, seqs: list[tuple[str, ...]]) -> bool:
    """Whether one of `seqs` follows token `i` (spaces skipped)."""
    rest = [w for w in words[i + 1:] if w.strip()]
    return _starts_with(rest, 0, seqs) > 0


# --- attaching arguments -----------------------------------------------------------------------

@dataclass
class _Frame:
    trigger: Mention
    place: _Place
    partners: list[tuple[Mention, bool]] = field(default_factory=list)
    dates: list[tuple[Mention, bool]] = field(default_factory=list)
    amounts: list[tuple[Mention, bool]] = field(default_factory=list)
    group: int = 0
    lemma: str = ""         # the trigger's head lemma
    setting_end: int = -1   # a setting (`बैठक में,`): the token after its postposition; -1 otherwise

    @property
    def setting(self) -> bool:
        return self.setting_end >= 0

    def role(self, name: str) -> list[tuple[Mention, bool]]:
        return {"partners": self.partners, "date": self.dates, "amounts": self.amounts}[name]


def _setting_end(sent: Span, words: list[str], frame: _Frame, args: list[tuple[Mention, _Place]]) -> int:
    """A trigger that opens its sentence (nothing verbal or another trigger before it) and is
    followed by an occasion postposition and a comma (`बैठक में,`, `उत्सव के दौरान,`, `वर्षगांठ
    (1973-2023) के अवसर पर,`) or is its first word (`समारोह में ...`) sets the scene: it names an activity already described. Returns the token after
    its postposition, or -1."""
    toks = list(sent)
    if any(t.pos_ in ("VERB", "AUX", "SCONJ") for t in toks[:frame.place.first]):
        return -1
    i = frame.place.token + 1
    # a bracket written right after the trigger (`वर्षगांठ (1973-2023) के अवसर पर`) belongs to it
    bracket = [p for m, p in args if m.text.startswith("(") and p.first == i]
    if bracket:
        i = bracket[0].token + 1
    while i < len(words) and not words[i].strip():
        i += 1
    n = _starts_with(words, i, _words()["occasion_after"])
    # set off by a comma, unless the trigger is the sentence's first word (`बैठक में दोनों पक्षों ने`);
    # `व्यवसायों ने ... सम्मेलन में भाग लिया` is no setting
    first = not any(t.text.strip() for t in toks[:frame.place.first])
    comma = next((w for w in words[i + n:] if w.strip()), "") == ","
    return i + n if n and (first or comma) else -1


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


def _is_argument(words: list[str], mention: Mention, place: _Place) -> bool:
    """A partner merely named (`X से सटे`, `X के अलावा`) is no argument."""
    if mention.type == "PARTNER":
        return not _after(words, place.token, _words()["not_participant_after"])
    return True


def _dates(frame: _Frame, words: list[str], units: _Units, frames: list[_Frame], mention: Mention,
           place: _Place) -> bool:
    """Whether a date of the trigger's clause dates it. A period something is planned for
    (`2024 के लिए`, `2023-2026 की अवधि के लिए`) dates only an activity of its phrase that runs
    over a period (aid); a bracketed period names its project's span. A participle before its
    noun (`एडीबी के ऋण से वित्तपोषित पहला संयंत्र 2025 में चालू होगा`) takes no date written
    after it: that one dates the clause's own verb."""
    group_end = max(f.place.token for f in frames if f.group == frame.group)
    if group_end in units.modifier and place.token > group_end:
        return False
    if mention.text.startswith("(") or not _after(words, place.token, _words()["period_after"]):
        return True
    return frame.trigger.norm.get("event_type") in _words()["period_types"] and frame.place.phrase == place.phrase


def _targets(mention: Mention, place: _Place, frames: list[_Frame], units: _Units,
             other_time: set[int]) -> list[_Frame]:
    """The triggers an argument of the sentence belongs to, by clause, phrase and position."""
    role = ARG_TYPES[mention.type]
    same_clause = [f for f in frames if f.place.clause == place.clause]
    if role == "date":
        # a date goes to the triggers of its clause; from a clause without any, to those of later
        # clauses that name no time of their own; from a relative clause, to the clause it follows
        if same_clause:
            return same_clause
        if place.clause in units.relative:
            return [f for f in frames if f.place.clause == units.relative[place.clause]]
        return [f for f in frames if f.place.clause > place.clause and f.place.clause not in other_time]
    if same_clause:
        same_phrase = [f for f in same_clause if f.place.phrase == place.phrase]
        return _nearest(place, same_phrase or same_clause, frames)
    if mention.type == "PARTNER" and place.token in units.located:
        return []  # where something else happens (`मेंगज़ी शहर में ... केंद्र खोलने`)
    if mention.type == "AMOUNT":
        if mention.norm.get("kind") == "percent":
            return []  # a rate in a clause of its own (`जो 2022 की तुलना में 18% अधिक है`) sizes no event
        if place.clause in units.relative:
            # a relative clause sizes what it follows: the activity when the clause before names one
            before = [f for f in frames if f.place.clause == units.relative[place.clause]]
            return _nearest(place, before, frames) if before else []
        if place.clause in units.finite:
            return []  # a statement of its own (`... 16 मामलों को संभाला`, `कहा कि ... 32 पार्क हैं`)
    # no trigger in the argument's clause: the nearest clause that has one, later ones first
    clause = min({f.place.clause for f in frames}, key=lambda c: (abs(c - place.clause), c < place.clause))
    return _nearest(place, [f for f in frames if f.place.clause == clause], frames)


def _attach_sentence(doc: Doc, sent: Span, units: _Units, frames: list[_Frame],
                     args: list[tuple[Mention, _Place]]) -> None:
    """Each argument of the sentence to its trigger(s), by clause, phrase and position.

    A setting (`उत्सव के दौरान, ...`) keeps the arguments written inside it; the rest of the
    sentence belongs to the other triggers, or, when it has none, gives the setting its partners
    and the amounts of its own clause (never a date: the setting's date is the earlier one's).
    """
    _groups(doc, sent, frames)
    words = units.words
    for f in frames[:1]:
        f.setting_end = _setting_end(sent, words, f, args)
    setting = [f for f in frames if f.setting]
    others = [f for f in frames if not f.setting]
    other_time = {units.clauses[i] for i in range(len(words)) if _starts_with(words, i, _words()["new_occasion"])}
    for mention, place in args:
        if not _is_argument(words, mention, place):
            continue
        role = ARG_TYPES[mention.type]
        if setting and place.token < setting[0].setting_end:
            targets = setting
        elif setting and role != "date" and place.clause == setting[0].place.clause \
                and not any(f.place.clause == place.clause for f in others):
            targets = setting   # the setting's own clause (`फोरम में, प्रांत ने 8 परियोजनाओं का परिचय दिया`)
        elif others:
            targets = _targets(mention, place, others, units, other_time)
        elif role == "partners":
            targets = setting
        elif role == "amounts":
            targets = _targets(mention, place, setting, units, other_time)
        else:
            targets = []
        for f in targets:
            if role != "date" or _dates(f, words, units, frames, mention, place):
                f.role(role).append((mention, False))
    where = {m.id: p for m, p in args}
    # a trigger left without partners, date or amounts shares those of the other triggers of its clause
    for f in others:
        mates = [g for g in others if g is not f and g.place.clause == f.place.clause]
        for role in ROLES:
            if not f.role(role):
                f.role(role).extend(item for g in mates for item in g.role(role))
    # coordinated clauses share date and partners: a trigger still without them takes those of
    # the nearest trigger before it in the sentence; after a setting the date is the setting's,
    # and a clause of another time (`अब तक`, `आने वाले समय में`) takes none
    for k, f in enumerate(others):
        for role in ("date", "partners"):
            if f.role(role) or (role == "date" and (setting or f.place.clause in other_time
                                                    or f.place.token in units.aim)):
                continue
            before = next((g for g in reversed(others[:k]) if g.role(role)), None)
            if before is not None:
                # a venue (`मेलबर्न शहर में आयोजित सम्मेलन`) stays with its own activity
                f.role(role).extend(item for item in before.role(role)
                                    if role == "date" or where[item[0].id].token not in units.located)
    # one date per event: in its own clause before other clauses, then the narrowest, then before it
    for f in frames:
        if len(f.dates) > 1:
            def key(item, f=f):
                p = where[item[0].id]
                return (p.clause != f.place.clause, _width(item[0].norm), p.token > f.place.token,
                        abs(p.token - f.place.token))
            f.dates = [min(f.dates, key=key)]


@dataclass
class _Sentence:
    """What a sentence says about its link to the ones before it."""

    back: bool          # points back at the earlier occasion (`इस अवसर पर`, `दोनों पक्षों`)
    new_occasion: bool  # names another, vague or habitual time (`हर साल`, `इससे पहले`)
    paragraph: bool     # starts a paragraph


def _sentence_links(text: str, sents: list[Span], units: list[_Units]) -> list[_Sentence]:
    """Per sentence: whether it points back, names another time, starts a paragraph."""
    words = _words()
    out = []
    for i, sent in enumerate(sents):
        toks = list(sent)
        w = units[i].words
        both = any(t.text in words["both"] and nxt.pos_ in ("NOUN", "PROPN")
                   for t, nxt in zip(toks, toks[1:]))
        paragraph = i == 0 or "\n" in text[_sentence_json(sents[i - 1])["end"]: _sentence_json(sent)["start"]]
        out.append(_Sentence(both or _contains(w, words["back_references"]), _contains(w, words["new_occasion"]),
                             paragraph))
    return out


def _earlier(s: int, links: list[_Sentence], cross: bool) -> list[int]:
    """The sentences a date or partner may carry over from, nearest first: at most
    `INHERIT_SENTENCES` back, within the paragraph unless the sentence points back."""
    back = []
    for b in range(s - 1, max(-1, s - 1 - INHERIT_SENTENCES), -1):
        if links[b + 1].paragraph and not cross:
            break
        back.append(b)
    return back


def _antecedent(f: _Frame, frames: list[_Frame]) -> _Frame | None:
    """The activity a setting names: the latest earlier event written with the same word, else
    of the same type (`मुलाकात की ... बैठक में,`), in the singular (`14 बैठकें` are several)."""
    plural = _words()["plural_endings"]
    single = [g for g in frames if g.place.sent < f.place.sent and not g.trigger.text.endswith(plural)
              and g.trigger.norm.get("event_type") == f.trigger.norm.get("event_type")]
    same = [g for g in single if g.lemma == f.lemma]
    return (same or single or [None])[-1]


def _occasion_date(f: _Frame, done: list[_Frame]) -> Mention | None:
    """The date of the occasion a sentence points back at: the narrowest date of the latest
    sentence with dated events, or of the one before when that gives only a year or more
    (`इस अवसर पर` after a visit on `24-25 फरवरी` and plans `2024 में`)."""
    found = None
    for s in sorted({g.place.sent for g in done if g.place.sent < f.place.sent and g.dates},
                    reverse=True)[:INHERIT_SENTENCES]:
        best = min((g.dates[0][0] for g in done if g.place.sent == s and g.dates), key=lambda m: _width(m.norm))
        if found is None or _width(best.norm) < _width(found.norm):
            found = best
        if _width(found.norm) <= YEAR_DAYS:
            break
    return found


def _inherit(text: str, sents: list[Span], units: list[_Units], frames: list[_Frame],
             by_sent: dict[int, list[tuple[Mention, _Place]]]) -> None:
    """Dates and partners the sentence does not state, from the activity it continues.

    A setting takes those of the activity it names (`_antecedent`), else those of the sentences
    before it. Another event takes the date of its sentence's setting
    when that date came from earlier (the main clause's activities happen at that occasion; a
    trigger describing a noun, `... द्वारा वित्तपोषित परियोजनाओं`, or reported after `कि` does not).
    Otherwise a date carries over only into a sentence that points back (`इस अवसर पर`, `उसी दिन`,
    `दोनों पक्षों`): the narrowest date of the events just before; partners carry over into such
    a sentence, or within the paragraph into one that states no date of its own. Nothing carries
    into a sentence of another time (`हर साल`, `इससे पहले`).
    """
    links = _sentence_links(text, sents, units)
    done: list[_Frame] = []
    for f in frames:
        s = f.place.sent
        link = links[s]
        ante = _antecedent(f, done) if f.setting else None
        cross = link.back or f.setting
        if not f.dates and (f.setting or not link.new_occasion) and f.place.token not in units[s].aim:
            setting = next((g for g in done if g.place.sent == s and g.setting), None)
            main = f.place.token < units[s].subordinate and f.place.token not in units[s].modifier
            if ante is not None and ante.dates:
                f.dates.append((ante.dates[0][0], True))
            elif setting is not None and setting.dates and setting.dates[0][1] and main:
                f.dates.append(setting.dates[0])
            elif cross and setting is None:
                date_ = _occasion_date(f, done)
                if date_ is not None:
                    f.dates.append((date_, True))
        if not f.partners and (cross or not link.new_occasion):
            if ante is not None and ante.partners:
                f.partners.extend((m, True) for m, _ in ante.partners)
            elif cross or not f.dates:
                for b in _earlier(s, links, cross):
                    found = [m for m, _ in by_sent.get(b, []) if m.type == "PARTNER"]
                    if found:
                        f.partners.extend((m, True) for m in found)
                        break
        done.append(f)


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
    sents, units, places = _places(doc, mentions)
    frames_by_sent: dict[int, list[_Frame]] = {}
    args_by_sent: dict[int, list[tuple[Mention, _Place]]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        place = places.get(m.id)
        if place is None:
            continue
        if m.type == "EVENT":
            lemma = sents[place.sent][place.token].lemma_
            frames_by_sent.setdefault(place.sent, []).append(_Frame(m, place, lemma=lemma))
        elif m.type in ARG_TYPES:
            args_by_sent.setdefault(place.sent, []).append((m, place))
    for s_i, frames in frames_by_sent.items():
        _attach_sentence(doc, sents[s_i], units[s_i], frames, args_by_sent.get(s_i, []))
    all_frames = [f for s_i in sorted(frames_by_sent) for f in frames_by_sent[s_i]]
    _inherit(doc.text, sents, units, all_frames, args_by_sent)

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
