"""The article's own date: its dateline, which `आज` (today) and an agency-dated first sentence refer to.

News pages print the date the article was filed before its body: on a short line
of its own under the headline (`12 Feb 2025 | 43`, `Nov 30, 2024`, `Published: ...`)
or opening the first paragraph as a news-agency dateline (`पटना, 24 मार्च (भाषा)`).
A text without one takes the publication date of its sidecar (`published`), when it
names a day. An activity in a sentence that says `आज` (and states no date of its own)
takes the dateline's date, inherited; every activity of the sentence an agency dateline
opens takes it too (not inherited: it is written in that sentence). A headline (what comes before the dateline, or a first line without a
sentence mark) takes none. The frame says where the date came from (`source`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.extraction.mention import Mention
from pipeline.frames.attach import Frame
from pipeline.frames.lexicon import word_lists
from pipeline.frames.units import Units

HEAD_CHARS = 600        # a dateline stands within the article's first characters ...
HEAD_LINE_CHARS = 80    # ... on a short line of its own
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# `पटना, 24 मार्च (भाषा)`: one to three words and a comma before the date, the agency in brackets after
AGENCY_BEFORE = re.compile(r"(?:^|\n)[ \t]*[^\s,।()]+(?:[ \t]+[^\s,।()]+){0,2},[ \t]*$")
AGENCY_AFTER = re.compile(r"^[ \t]*\([^()\n]{1,30}\)")
SENTENCE_MARK = re.compile(r"[।?!]")


@dataclass
class Dateline:
    date: Mention       # a DATE mention of the text, or one made from the sidecar (start -1)
    source: str         # "dateline" (in the text) or "published" (the sidecar)
    agency: bool        # opens the first paragraph (`पटना, 24 मार्च (भाषा)`): dates its sentence
    body: int           # where the article's body begins: what comes before is the headline


def _day(mention: Mention) -> bool:
    norm = mention.norm
    return bool(DAY.fullmatch(str(norm.get("start", "")))) and norm.get("start") == norm.get("end")


def find_dateline(text: str, mentions: list[Mention], published: str | None) -> Dateline | None:
    """The dateline of `text` (its start), else the sidecar's day of publication, else None."""
    found = None
    for m in mentions:
        if m.start >= HEAD_CHARS:
            break
        if m.type != "DATE" or not _day(m):
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        line_end = text.find("\n", m.end)
        line_end = len(text) if line_end < 0 else line_end
        if AGENCY_BEFORE.search(text, 0, m.start) and AGENCY_AFTER.match(text[m.end:line_end]):
            return Dateline(m, "dateline", True, line_start)   # the body's own opening wins
        line = text[line_start:line_end]
        if found is None and len(line.strip()) <= HEAD_LINE_CHARS and not SENTENCE_MARK.search(line):
            found = Dateline(m, "dateline", False, line_end)
    if found is not None:
        return found
    if published and DAY.fullmatch(published):
        first_line = text.lstrip().split("\n", 1)[0]
        body = 0 if SENTENCE_MARK.search(first_line) else text.find(first_line) + len(first_line)
        sidecar = Mention("DATE", -1, -1, published, {"start": published, "end": published})
        return Dateline(sidecar, "published", False, body)
    return None


def date_from_dateline(frames: list[Frame], sents: list[Span], units: list[Units], dateline: Dateline) -> None:
    """Frames still without a date in a sentence that says `आज` take the dateline's date
    (inherited), those of the sentence an agency dateline opens too; headlines take none."""
    today = word_lists()["today"]
    agency_sent = next((i for i, s in enumerate(sents) if s.end_char > dateline.date.start), -1) \
        if dateline.agency else -1
    for f in frames:
        s = f.place.sent
        if f.dates or sents[s].start_char < dateline.body and s != agency_sent:
            continue
        if s == agency_sent:
            f.dates.append((dateline.date, False))   # the date stands in the sentence itself
        elif any(w in today for w in units[s].words):
            f.dates.append((dateline.date, True))
