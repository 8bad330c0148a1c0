"""From a tagged `Doc` to the output record: runs every extractor, resolves overlaps."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import spacy
import stanza
from spacy.tokens import Doc

from pipeline import __version__
from pipeline.corpus import Document
from pipeline.frames import build_frames
from pipeline.mention import Mention
from pipeline.tagger import Tagger, sentence_offsets


@dataclass
class Context:
    """What an extractor may know about the document beyond its text."""

    published: str | None = None     # DCT, `YYYY-MM-DD` or `YYYY-MM`
    subject: dict | None = None      # the locality the article is about: name, country, level
    currency: str | None = None      # currency of bare money amounts (from the subject's country)


Extractor = Callable[[Doc, Context], list[Mention]]

# Where two mentions of different types overlap, the earlier type here wins.
PRIORITY = ("DATE", "AMOUNT", "PARTNER", "EVENT")


def extractors() -> list[Extractor]:
    """Every extractor, in one place."""
    from pipeline.amounts import find_amounts
    from pipeline.dates import find_dates
    from pipeline.events import find_events
    from pipeline.partners import find_partners

    return [find_dates, find_partners, find_amounts, find_events]


def make_context(doc: Doc, published: str | None) -> Context:
    from pipeline.subject import detect_subject

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
    for m in ordered:
        if not any(_conflict(m, k) for k in kept):
            kept.append(m)
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


def process(document: Document, tagger: Tagger) -> dict:
    """The output record of one document, as ANNOTATION.md defines it."""
    started = time.perf_counter()
    doc = tagger(document.text)
    return build_record(document, doc, tagger, started)


def build_record(document: Document, doc: Doc, tagger: Tagger, started: float) -> dict:
    ctx = make_context(doc, document.published)
    mentions = extract_mentions(doc, ctx)
    return {
        "doc_id": document.doc_id,
        "text_sha256": document.sha256,
        "sentences": sentence_offsets(doc),
        "mentions": [m.to_json() for m in mentions],
        "events": build_frames(doc, mentions, ctx.subject),
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
            "time_s": round(time.perf_counter() - started, 3),
        },
    }
