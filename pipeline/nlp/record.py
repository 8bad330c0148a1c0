"""The output record (ANNOTATION.md) of a document, built from the processed Doc.

`doc_parts` is the one place that reads a Doc into the output's sentences, mentions and
event frames; `build_record` (a document tagged whole) and `process` (any document,
window by window when long) put them into the record.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import spacy
import stanza
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import __version__
from pipeline.extraction.components import mentions
from pipeline.extraction.extract import WINDOW_CHARS, windows
from pipeline.nlp.language import as_nlp
from pipeline.processing.corpus import Document
from pipeline.tagging.tagger import Tagger, sentence_offsets, word_count

SUBJECT_PIPE = "coop_subject"


def doc_parts(doc: Doc) -> tuple[list[dict], list[dict], list[dict]]:
    """Sentences, mentions and event frames of a processed Doc, as the output writes them."""
    return sentence_offsets(doc), [m.to_json() for m in mentions(doc)], list(doc._.events or [])


def run(nlp: Language, doc: Doc, published: str | None, subject: dict | None = None,
        decide_subject: bool = True, window_start: int = 0) -> Doc:
    """The pipeline over a tokenized Doc; without `decide_subject` the given subject is kept
    (the later windows of a long article take the first window's, which starts at 0)."""
    doc._.published = published
    doc._.window_start = window_start
    if decide_subject:
        return nlp(doc)
    doc._.subject = subject
    for name, proc in nlp.pipeline:
        if name != SUBJECT_PIPE:
            doc = proc(doc)
    return doc


def process(document: Document, nlp: Language | Tagger, window: int = WINDOW_CHARS,
            progress: Callable[[float], None] | None = None) -> dict:
    """The output record of one document. A text longer than `window` goes window by window
    (`progress(share done)` after each); the subject is decided on the first (title and lead)."""
    started = time.perf_counter()
    nlp = as_nlp(nlp)
    spans = windows(document.text, window)
    if len(spans) == 1:
        return build_record(document, nlp.tokenizer(document.text), nlp, started)
    subject, first = None, True
    sentences: list[dict] = []
    found: list[dict] = []  # as JSON: a long article's Docs are not kept
    events: list[dict] = []
    tokens = 0
    for n, (base, end) in enumerate(spans, 1):
        doc = run(nlp, nlp.tokenizer(document.text[base:end]), document.published, subject, first, base)
        subject, first = doc._.subject, False
        tokens += word_count(doc)
        w_sents, w_mentions, w_events = doc_parts(doc)
        ids = {}
        for m in w_mentions:
            m["start"], m["end"] = m["start"] + base, m["end"] + base
            ids[m["id"]] = m["id"] = f"m{len(found) + 1}"
            found.append(m)
        sentences.extend({"start": s["start"] + base, "end": s["end"] + base} for s in w_sents)
        for frame in w_events:
            frame["id"] = f"e{len(events) + 1}"
            for part in (frame["trigger"], frame["sentence"], frame["date"], *frame["partners"], *frame["amounts"]):
                if part and "start" in part:   # a sidecar date has no offsets
                    part["start"] += base
                    part["end"] += base
                    if "id" in part:
                        part["id"] = ids[part["id"]]
            events.append(frame)
        if progress:
            progress(n / len(spans))
    return _record(document, nlp, subject, sentences, found, events, started,
                   {"tokens": tokens, "windows": len(spans)})


def build_record(document: Document, doc: Doc, nlp: Language | Tagger, started: float) -> dict:
    """The output record of a document tagged whole (`doc`: its entire text, tokenized)."""
    nlp = as_nlp(nlp)
    doc = run(nlp, doc, document.published)
    sentences, found, events = doc_parts(doc)
    return _record(document, nlp, doc._.subject, sentences, found, events, started,
                   {"tokens": word_count(doc), "windows": 1})


def _record(document: Document, nlp: Language, subject: dict | None, sentences: list[dict],
            found: list[dict], events: list[dict], started: float, size: dict) -> dict:
    return {
        "doc_id": document.doc_id,
        "text_sha256": document.sha256,
        "sentences": sentences,
        "mentions": found,
        "events": events,
        "meta": {
            "pipeline_version": __version__,
            "stanza_version": stanza.__version__,
            "spacy_version": spacy.__version__,
            "tagger": "stanza",
            "models": nlp.tokenizer.models.as_meta(),
            "published": document.published,
            "source": document.meta.get("source"),
            "subject": subject,
            "warnings": document.warnings,
            **size,
            "time_s": round(time.perf_counter() - started, 3),
        },
    }
