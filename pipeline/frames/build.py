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

Modules: `units` (clauses and phrases of a sentence, where each mention sits), `attach`
(arguments of the trigger's own sentence), `inherit` (what carries over from earlier
sentences), `lexicon` (the word lists and PLOVER map), and this one (the frame records).
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extraction.mention import EVENT_TYPES, Mention
from pipeline.frames.attach import ARG_TYPES, Frame, attach_sentence
from pipeline.frames.dateline import date_from_dateline, find_dateline
from pipeline.frames.inherit import inherit
from pipeline.frames.lexicon import plover
from pipeline.frames.units import Place, locate, sentence_json
from pipeline.tagging.tagger import doc_text


def _arg_json(mention: Mention, inherited: bool, source: str | None = None) -> dict:
    """An argument by its mention; a date from the dateline says so (`source`), and one from the
    sidecar's publication date has no mention to point at (no id or offsets)."""
    if source == "published":
        return {"text": mention.text, "norm": mention.norm, "inherited": inherited, "source": source}
    out = {"id": mention.id, "text": mention.text, "start": mention.start, "end": mention.end,
           "norm": mention.norm, "inherited": inherited}
    if source:
        out["source"] = source
    return out


def _unique(items: list[tuple[Mention, bool]]) -> list[tuple[Mention, bool]]:
    seen: dict[str, tuple[Mention, bool]] = {}
    for m, inherited in items:
        if m.id not in seen or (seen[m.id][1] and not inherited):
            seen[m.id] = (m, inherited)
    return sorted(seen.values(), key=lambda x: x[0].start)


def build_frames(doc: Doc, mentions: list[Mention], subject: dict | None,
                 published: str | None = None, head: bool = True) -> list[dict]:
    """One frame per EVENT mention (in text order), with ids `e1`, `e2`...

    `mentions` are the resolved mentions with their ids (`m1`...), as written
    to the output; the frames refer to them by id and repeat their norms.
    `published` is the sidecar's date of publication, `head` whether `doc` is the
    article's beginning (where its dateline is); together they date `आज`.
    """
    events = [m for m in mentions if m.type == "EVENT"]
    if not events:
        return []
    sents, units, places = locate(doc, mentions)
    frames_by_sent: dict[int, list[Frame]] = {}
    args_by_sent: dict[int, list[tuple[Mention, Place]]] = {}
    ordered = sorted(mentions, key=lambda m: m.start)
    text = doc_text(doc)
    dateline = find_dateline(text, ordered, published) if head else None
    for m in ordered:
        place = places.get(m.id)
        if place is None or (dateline is not None and m is dateline.date):
            continue    # the dateline is when the article was filed, no activity's own date
        if m.type == "EVENT":
            lemma = sents[place.sent][place.token].lemma_
            frames_by_sent.setdefault(place.sent, []).append(Frame(m, place, lemma=lemma))
        elif m.type in ARG_TYPES:
            args_by_sent.setdefault(place.sent, []).append((m, place))
    for s_i, frames in frames_by_sent.items():
        attach_sentence(doc, sents[s_i], units[s_i], frames, args_by_sent.get(s_i, []))
    all_frames = [f for s_i in sorted(frames_by_sent) for f in frames_by_sent[s_i]]
    if dateline is not None:
        date_from_dateline(all_frames, sents, units, dateline)
    inherit(text, sents, units, all_frames, args_by_sent)

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
            "date": _arg_json(*date[0], dateline.source if dateline and date[0][0] is dateline.date
                              else None) if date else None,
            "amounts": [_arg_json(m, inh) for m, inh in _unique(f.amounts)],
            "subject": subject,
            "sentence": sentence_json(sent, f.trigger.start),
            "score": round(f.trigger.score, 3),
        })
    return out
