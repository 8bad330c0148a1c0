"""What the rules share: the `Context` they read, the overlap resolution, the windows.

The spaCy components (`pipeline.extraction.components`) run the rules; this module
holds the decisions between them, as plain functions over mentions.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.extraction.mention import Mention
from pipeline.tagging.tagger import cut_point


@dataclass
class Context:
    """What an extractor may know about the document beyond its text."""

    published: str | None = None     # DCT, `YYYY-MM-DD` or `YYYY-MM`
    subject: dict | None = None      # the locality the article is about: name, country, level
    currency: str | None = None      # currency of bare money amounts (from the subject's country)


Extractor = Callable[[Doc, Context], list[Mention]]

# Where two mentions of different types overlap, the earlier type here wins.
PRIORITY = ("DATE", "AMOUNT", "PARTNER", "EVENT")
CELL = 64  # characters per cell of the overlap index in `resolve`
# Longer articles are tagged and analysed window by window (whole paragraphs, at most this
# many characters each), so memory stays bounded whatever the file size.
WINDOW_CHARS = 50_000


# Every rule family, in the order they run: (name, module, function). Imported when used.
RULES = (
    ("dates", "pipeline.extraction.dates", "find_dates"),
    ("partners", "pipeline.extraction.partners", "find_partners"),
    ("amounts", "pipeline.extraction.amounts", "find_amounts"),
    ("events", "pipeline.extraction.events", "find_events"),
)


def rule(module: str, function: str) -> Extractor:
    return getattr(importlib.import_module(module), function)


# Bare money amounts of an article about a locality of these countries are in their currency.
CURRENCY_OF_HOME = {"VN": "VND", "IN": "INR"}


def context_for(published: str | None, subject: dict | None) -> Context:
    currency = CURRENCY_OF_HOME.get(subject["country"]) if subject else None
    return Context(published=published, subject=subject, currency=currency)


def _conflict(a: Mention, b: Mention) -> bool:
    """An event trigger may sit inside a count (`14 बैठकें`); other overlaps exclude."""
    if {a.type, b.type} == {"EVENT", "AMOUNT"}:
        return False
    return a.overlaps(b)


def resolve(mentions: list[Mention]) -> list[Mention]:
    """Drop a mention that overlaps one of a higher-priority type; same type keeps the longer."""
    rank = {t: i for i, t in enumerate(PRIORITY)}
    ordered = sorted(mentions, key=lambda m: (rank[m.type], -(m.end - m.start), m.start))
    kept: list[Mention] = []
    # kept mentions by the text cells they touch: the overlap test stays linear on long texts
    cells: dict[int, list[Mention]] = {}

    def touched(m: Mention) -> range:
        return range(m.start // CELL, (max(m.start, m.end - 1)) // CELL + 1)

    for m in ordered:
        if not any(_conflict(m, k) for c in touched(m) for k in cells.get(c, ())):
            kept.append(m)
            for c in touched(m):
                cells.setdefault(c, []).append(m)
    kept.sort(key=lambda m: (m.start, m.end, m.type))
    for i, m in enumerate(kept, 1):
        m.id = f"m{i}"
    return kept


def without_partnerless_events(found: list[Mention]) -> list[Mention]:
    """No foreign counterpart anywhere: a sponsored race or a prize ceremony is no cooperation."""
    if any(m.type == "PARTNER" for m in found):
        return found
    return [m for m in found if m.type != "EVENT"]


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces tiling `text`, each of at most `size` characters, cut after a line
    break (which ends a sentence anyway), else after a sentence end: a window boundary never
    changes the sentences or tokens."""
    spans, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size) + 1
        if cut <= start:
            cut = cut_point(text, start, start + size)
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans
