"""Each argument of a sentence to its trigger(s), by clause, phrase and position (see `frames.build`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.tokens import Doc, Span

from pipeline.extraction.mention import Mention
from pipeline.extraction.matching import after, starts_with
from pipeline.frames.lexicon import word_lists
from pipeline.frames.units import PHRASE_PUNCT, Place, Units

ROLES = ("partners", "date", "amounts")
YEAR_DAYS = 365             # a date this wide or wider is a year (or more), no occasion's day
PARTICIPLE_REACH = 3        # a date at most this many tokens before `वाले` is inside the participle's clause
NOUN_PHRASE_REACH = 8       # the noun a participle describes starts within this many tokens
VENUE_REACH = 3             # the place of `X पहुंचे जहां` stands at most this many tokens before `जहां`
ARG_TYPES = {"PARTNER": "partners", "DATE": "date", "AMOUNT": "amounts"}


@dataclass
class Frame:
    trigger: Mention
    place: Place
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


def _setting_end(sent: Span, words: list[str], frame: Frame, args: list[tuple[Mention, Place]]) -> int:
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
    n = starts_with(words, i, word_lists()["occasion_after"])
    # set off by a comma, unless the trigger is the sentence's first word (`बैठक में दोनों पक्षों ने`);
    # `व्यवसायों ने ... सम्मेलन में भाग लिया` is no setting
    first = not any(t.text.strip() for t in toks[:frame.place.first])
    comma = next((w for w in words[i + n:] if w.strip()), "") == ","
    return i + n if n and (first or comma) else -1


def _groups(doc: Doc, sent: Span, frames: list[Frame]) -> None:
    """Triggers written back to back (at most two tokens apart, no verb, punctuation or
    subordinator between; `और`, a hyphen or a bracket may join them: `समझौते (एमओयू)`) form one group
    sharing its arguments."""
    group = 0
    for prev, cur in zip(frames, frames[1:]):
        gap = doc[sent.start + prev.place.token + 1: sent.start + cur.place.first]
        words = [t for t in gap if not t.is_space]
        if len(words) > 2 or any(t.pos_ in ("VERB", "AUX", "SCONJ") or (t.pos_ == "PUNCT" and t.text not in "-–()")
                                 for t in words):
            group += 1
        cur.group = group


def _nearest(arg: Place, frames: list[Frame], sentence: list[Frame]) -> list[Frame]:
    """The trigger after the argument (nearest first), else the one before, with its group."""
    after = [f for f in frames if f.place.token >= arg.token]
    best = min(after, key=lambda f: f.place.token) if after else max(frames, key=lambda f: f.place.token)
    return [f for f in sentence if f.group == best.group]


def width(norm: dict) -> int:
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


def _is_argument(words: list[str], mention: Mention, place: Place) -> bool:
    """A partner merely named (`X से सटे`, `X के अलावा`) is no argument."""
    if mention.type == "PARTNER":
        return not after(words, place.token, word_lists()["not_participant_after"])
    return True


def _dates(frame: Frame, words: list[str], units: Units, frames: list[Frame], mention: Mention,
           place: Place) -> bool:
    """Whether a date of the trigger's clause dates it. A period something is planned for
    (`2024 के लिए`, `2023-2026 की अवधि के लिए`) dates only an activity of its phrase that runs
    over a period (aid); a bracketed period names its project's span, and right after a trigger
    (`वर्षगांठ (1960-2025)`) that trigger's alone. A participle before its noun (`एडीबी के ऋण से
    वित्तपोषित पहला संयंत्र`, `WVI द्वारा वित्तपोषित कार्यक्रमों का सर्वेक्षण`) takes no date: the clause's
    dates are its own verb's. A date before `होने वाले` dates only the noun after the participle."""
    group_end = max(f.place.token for f in frames if f.group == frame.group)
    if group_end in units.modifier and (place.token > group_end or frame.place.token in units.participles):
        return False
    owner = _bracket_owner(mention, place, frames, units)
    if owner is not None:
        return owner.group == frame.group
    # the date inside a participle's clause (`9 दिसंबर को होने वाले`), right before its verb
    marks = [p for p in units.participle if place.token < p <= place.token + PARTICIPLE_REACH and p < frame.place.first]
    if marks and not _right_after(units, max(marks), frame.place.first):
        return False
    if mention.text.startswith("(") or not after(words, place.token, word_lists()["period_after"]):
        return True
    return frame.trigger.norm.get("event_type") in word_lists()["period_types"] and frame.place.phrase == place.phrase


def _bracket_owner(mention: Mention, place: Place, frames: list[Frame], units: Units) -> Frame | None:
    """The trigger a bracketed date or a year is written right after (`वर्षगांठ (1973-2023)`,
    `समिट 2024`), if any: it names that activity's span or edition."""
    before = place.first - 1
    if before >= 0 and units.words[before] == "(":
        before -= 1     # the bracket a token of its own
    elif not mention.text.startswith("(") and width(mention.norm) < YEAR_DAYS:
        return None
    return next((f for f in frames if f.place.token == before), None)


def _right_after(units: Units, mark: int, first: int) -> bool:
    """Whether token `first` is in the noun phrase right after token `mark` (no postposition,
    verb or punctuation between; a participle describes the noun it precedes)."""
    return first - mark <= NOUN_PHRASE_REACH and not any(
        units.clauses[k] != units.clauses[mark] or units.words[k] in PHRASE_PUNCT
        or units.pos[k] in ("ADP", "VERB", "AUX") for k in range(mark + 1, first))


def _targets(mention: Mention, place: Place, frames: list[Frame], units: Units,
             other_time: set[int]) -> list[Frame]:
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


def _venues(frames: list[Frame], args: list[tuple[Mention, Place]], units: Units) -> None:
    """The place named right before `जहां` (`... लंदन पहुंचे जहां उन्होंने ... बैठक की`) is where the
    activities of that relative clause are held: a partner of theirs."""
    for clause, word in units.venue.items():
        place = next((m for m, p in reversed(args) if m.type == "PARTNER" and word - VENUE_REACH <= p.token < word),
                     None)
        for f in frames:
            if place is not None and f.place.clause == clause and place not in (m for m, _ in f.partners):
                f.partners.append((place, False))


def attach_sentence(doc: Doc, sent: Span, units: Units, frames: list[Frame],
                     args: list[tuple[Mention, Place]]) -> None:
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
    other_time = {units.clauses[i] for i in range(len(words)) if starts_with(words, i, word_lists()["new_occasion"])}
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

    def dates(item: tuple[Mention, bool], f: Frame) -> bool:
        return _dates(f, words, units, frames, item[0], where[item[0].id])
    # a trigger left without partners, date or amounts shares those of the nearest trigger of its
    # clause that has them (one mate, not all: a clause of many triggers stays linear)
    own = {role: [f for f in others if f.role(role)] for role in ROLES}
    for f in others:
        for role in ROLES:
            if not f.role(role):
                mates = [g for g in own[role] if g.place.clause == f.place.clause]
                if mates:
                    mate = min(mates, key=lambda g: (abs(g.place.token - f.place.token), g.place.token))
                    f.role(role).extend(item for item in mate.role(role) if role != "date" or dates(item, f))
    # coordinated clauses share date and partners: a trigger still without them takes those of
    # the nearest trigger before it in the sentence; after a setting the date is the setting's,
    # and a clause of another time (`अब तक`, `आने वाले समय में`) takes none
    for k, f in enumerate(others):
        for role in ("date", "partners"):
            if f.role(role) or (role == "date" and (setting or f.place.clause in other_time
                                                    or f.place.token in units.aim or f.place.clause in units.relative)):
                continue
            before = next((g for g in reversed(others[:k]) if g.role(role)), None)
            if before is not None:
                # a venue (`मेलबर्न शहर में आयोजित सम्मेलन`) stays with its own activity
                f.role(role).extend(item for item in before.role(role) if (dates(item, f) if role == "date"
                                    else where[item[0].id].token not in units.located))
    _venues(others, args, units)
    # one date per event: in its own clause before other clauses, then the narrowest, then before it
    for f in frames:
        if len(f.dates) > 1:
            def key(item, f=f):
                p = where[item[0].id]
                return (p.clause != f.place.clause, width(item[0].norm), p.token > f.place.token,
                        abs(p.token - f.place.token))
            f.dates = [min(f.dates, key=key)]

