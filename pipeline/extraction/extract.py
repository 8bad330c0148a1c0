"""From a tagged `Doc` to the output record: runs every extractor, resolves overlaps."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import spacy
import stanza
from spacy.tokens import Doc

from pipeline import __version__
from pipeline.processing.corpus import Document
from pipeline.frames.build import build_frames
from pipeline.extraction.mention import Mention
from pipeline.tagging.tagger import Tagger, cut_point, sentence_offsets, word_count


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


def extractors() -> list[Extractor]:
    """Every extractor, in one place."""
    from pipeline.extraction.amounts import find_amounts
    from pipeline.extraction.dates import find_dates
    from pipeline.extraction.events import find_events
    from pipeline.extraction.partners import find_partners

    return [find_dates, find_partners, find_amounts, find_events]


def make_context(doc: Doc, published: str | None) -> Context:
    from pipeline.extraction.subject import detect_subject

    subject = detect_subject(doc)
    currency = {"VN": "VND", "IN": "INR"}.get(subject["country"]) if subject else None
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


def extract_mentions(doc: Doc, ctx: Context) -> list[Mention]:
    found: list[Mention] = []
    for extractor in extractors():
        found.extend(extractor(doc, ctx))
    if not any(m.type == "PARTNER" for m in found):
        # no foreign counterpart anywhere: a sponsored race or a prize ceremony is no cooperation
        found = [m for m in found if m.type != "EVENT"]
    return resolve(found)


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


def analyse(doc: Doc, ctx: Context) -> tuple[list[dict], list[Mention], list[dict]]:
    """Sentences, resolved mentions and event frames of one tagged text."""
    mentions = extract_mentions(doc, ctx)
    return sentence_offsets(doc), mentions, build_frames(doc, mentions, ctx.subject)


def process(document: Document, tagger: Tagger, window: int = WINDOW_CHARS,
            progress: Callable[[float], None] | None = None) -> dict:
    """The output record of one document, as ANNOTATION.md defines it. A text longer than
    `window` goes window by window (`progress(share done)` after each); the subject is decided
    on the first (title and lead)."""
    started = time.perf_counter()
    spans = windows(document.text, window)
    if len(spans) == 1:
        doc = tagger(document.text)
        return build_record(document, doc, tagger, started)
    ctx = None
    sentences: list[dict] = []
    mentions: list[dict] = []  # as JSON: a long article's mention objects are not kept
    events: list[dict] = []
    tokens = 0
    for n, (base, end) in enumerate(spans, 1):
        doc = tagger(document.text[base:end])
        tokens += word_count(doc)
        ctx = ctx or make_context(doc, document.published)
        w_sents, w_mentions, w_events = analyse(doc, ctx)
        ids = {}
        for m in w_mentions:
            m.start, m.end = m.start + base, m.end + base
            ids[m.id] = m.id = f"m{len(mentions) + 1}"
            mentions.append(m.to_json())
        sentences.extend({"start": s["start"] + base, "end": s["end"] + base} for s in w_sents)
        for frame in w_events:
            frame["id"] = f"e{len(events) + 1}"
            for part in (frame["trigger"], frame["sentence"], frame["date"], *frame["partners"], *frame["amounts"]):
                if part:
                    part["start"] += base
                    part["end"] += base
                    if "id" in part:
                        part["id"] = ids[part["id"]]
            events.append(frame)
        if progress:
            progress(n / len(spans))
    return _record(document, tagger, ctx, sentences, mentions, events, started,
                   {"tokens": tokens, "windows": len(spans)})


def build_record(document: Document, doc: Doc, tagger: Tagger, started: float) -> dict:
    """The output record of a document tagged whole (`doc` holds its entire text)."""
    ctx = make_context(doc, document.published)
    sentences, mentions, events = analyse(doc, ctx)
    return _record(document, tagger, ctx, sentences, [m.to_json() for m in mentions], events, started,
                   {"tokens": word_count(doc), "windows": 1})


def _record(document: Document, tagger: Tagger, ctx: Context, sentences: list[dict],
            mentions: list[dict], events: list[dict], started: float, size: dict) -> dict:
    return {
        "doc_id": document.doc_id,
        "text_sha256": document.sha256,
        "sentences": sentences,
        "mentions": mentions,
        "events": events,
        "meta": {
            "pipeline_version": __version__,
            "stanza_version": stanza.__version__,
            "spacy_version": spacy.__version__,
            "tagger": "stanza",
            "models": tagger.models.as_meta(),
            "published": document.published,
            "source": document.meta.get("source"),
            "subject": ctx.subject,
            "warnings": document.warnings,
            **size,
            "time_s": round(time.perf_counter() - started, 3),
        },
    }
