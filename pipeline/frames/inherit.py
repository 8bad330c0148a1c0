"""Dates and partners a sentence does not state, from the activity it continues (see `frames.build`)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.extraction.mention import Mention
from pipeline.frames.attach import YEAR_DAYS, Frame, width
from pipeline.extraction.matching import contains
from pipeline.frames.lexicon import word_lists
from pipeline.frames.units import Place, Units, content_bounds

INHERIT_SENTENCES = 2          # how many sentences back a date or partner may carry over


@dataclass
class Sentence:
    """What a sentence says about its link to the ones before it."""

    back: bool          # points back at the earlier occasion (`इस अवसर पर`, `दोनों पक्षों`)
    new_occasion: bool  # names another, vague or habitual time (`हर साल`, `इससे पहले`)
    paragraph: bool     # starts a paragraph


def sentence_links(text: str, sents: list[Span], units: list[Units]) -> list[Sentence]:
    """Per sentence: whether it points back, names another time, starts a paragraph."""
    words = word_lists()
    bounds = [content_bounds(sent) for sent in sents]
    out = []
    for i, u in enumerate(units):
        both = any(w in words["both"] and pos in ("NOUN", "PROPN") for w, pos in zip(u.words, u.pos[1:]))
        paragraph = i == 0 or "\n" in text[bounds[i - 1][1]: bounds[i][0]]
        out.append(Sentence(both or contains(u.words, words["back_references"]),
                            contains(u.words, words["new_occasion"]), paragraph))
    return out


def _earlier(s: int, links: list[Sentence], cross: bool) -> list[int]:
    """The sentences a date or partner may carry over from, nearest first: at most
    `INHERIT_SENTENCES` back, within the paragraph unless the sentence points back."""
    back = []
    for b in range(s - 1, max(-1, s - 1 - INHERIT_SENTENCES), -1):
        if links[b + 1].paragraph and not cross:
            break
        back.append(b)
    return back


class _Earlier:
    """What the sentences before the current one hold, indexed so that each lookup is cheap
    (frame building stays linear in the mentions): the latest singular activity per type and
    per (type, lemma), and the narrowest date of each sentence with dated events."""

    def __init__(self) -> None:
        self.by_type: dict[str, Frame] = {}
        self.by_lemma: dict[tuple[str, str], Frame] = {}
        self.dated: list[Mention] = []      # per dated sentence, in text order

    def add(self, frames: list[Frame]) -> None:
        """The frames of one finished sentence."""
        plural = word_lists()["plural_endings"]
        for g in frames:
            if not g.trigger.text.endswith(plural):
                kind = g.trigger.norm.get("event_type")
                self.by_type[kind] = self.by_lemma[(kind, g.lemma)] = g
        dates = [g.dates[0][0] for g in frames if g.dates]
        if dates:
            self.dated.append(min(dates, key=lambda m: width(m.norm)))

    def antecedent(self, f: Frame) -> Frame | None:
        """The activity a setting names: the latest earlier event written with the same word, else
        of the same type (`मुलाकात की ... बैठक में,`), in the singular (`14 बैठकें` are several)."""
        kind = f.trigger.norm.get("event_type")
        return self.by_lemma.get((kind, f.lemma)) or self.by_type.get(kind)

    def occasion_date(self) -> Mention | None:
        """The date of the occasion a sentence points back at: the narrowest date of the latest
        sentence with dated events, or of the one before when that gives only a year or more
        (`इस अवसर पर` after a visit on `24-25 फरवरी` and plans `2024 में`)."""
        found = None
        for best in reversed(self.dated[-INHERIT_SENTENCES:]):
            if found is None or width(best.norm) < width(found.norm):
                found = best
            if width(found.norm) <= YEAR_DAYS:
                break
        return found


def inherit(text: str, sents: list[Span], units: list[Units], frames: list[Frame],
             by_sent: dict[int, list[tuple[Mention, Place]]]) -> None:
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
    links = sentence_links(text, sents, units)
    earlier = _Earlier()
    # a demonstrative before one trigger of a group re-mentions them all (`इस समझौते (एमओयू)`)
    pointed_groups = {(f.place.sent, f.group) for f in frames if f.place.first in units[f.place.sent].pointed}
    sentence: list[Frame] = []      # the frames of the current sentence done so far
    for f in frames:
        s = f.place.sent
        if sentence and sentence[0].place.sent != s:
            earlier.add(sentence)
            sentence = []
        link = links[s]
        pointed = (s, f.group) in pointed_groups
        ante = earlier.antecedent(f) if f.setting or pointed else None
        cross = link.back or f.setting
        if not f.dates and (f.setting or not link.new_occasion) and f.place.token not in units[s].aim \
                and not (pointed and not f.setting):
            setting = next((g for g in sentence if g.setting), None)
            main = f.place.token < units[s].subordinate and f.place.token not in units[s].modifier
            if ante is not None and ante.dates:
                f.dates.append((ante.dates[0][0], True))
            elif setting is not None and setting.dates and setting.dates[0][1] and main:
                f.dates.append(setting.dates[0])
            elif cross and setting is None:
                date_ = earlier.occasion_date()
                if date_ is not None:
                    f.dates.append((date_, True))
        if pointed and not f.setting and ante is not None:
            # a re-mention (`इस समझौते के अनुसार`) holds the partners of the activity it names
            own = {m.norm.get("name") for m, _ in f.partners}
            f.partners.extend((m, True) for m, _ in ante.partners if m.norm.get("name") not in own)
        elif not f.partners and (cross or not link.new_occasion):
            if ante is not None and ante.partners:
                f.partners.extend((m, True) for m, _ in ante.partners)
            elif cross or not f.dates:
                for b in _earlier(s, links, cross):
                    found = [m for m, _ in by_sent.get(b, []) if m.type == "PARTNER"]
                    if found:
                        f.partners.extend((m, True) for m in found)
                        break
        sentence.append(f)

