"""`load()`: the whole extraction as one spaCy pipeline (also `pipeline.load`).

    nlp = pipeline.load()
    doc, _ = next(nlp.pipe([(text, {"published": "2024-03-12"})], as_tuples=True))
    doc.spans["coop"], doc.ents, doc._.subject, doc._.events

The tokenizer is Stanza (`hindi_coop_ie.StanzaTokenizer.v1`), then the components of
`pipeline.extraction.components` and `pipeline.frames.component` in `PIPE_NAMES` order.
The publication date comes from the pipe context (`{"published": ...}`) or from
`doc._.published` set on `nlp.make_doc(text)` before `nlp(doc)`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.extraction.components import PIPE_NAMES as EXTRACTION_PIPES
from pipeline.frames.component import make_frames  # noqa: F401  (registers coop_frames)
from pipeline.tagging.models import LANG
from pipeline.tagging.tagger import Tagger, blank_nlp
from pipeline.tagging.tokenizer import TOKENIZER

PIPE_NAMES = (*EXTRACTION_PIPES, "coop_frames")


def load(path: str | Path | None = None, *, stanza_dir: str | Path | None = None) -> Language:
    """The pipeline: built from the registered components, or read from `path` (written by
    `nlp.to_disk`). `stanza_dir`: a Stanza resources folder (default: where `models check` looks)."""
    tokenizer = {"@tokenizers": TOKENIZER, "stanza_dir": str(stanza_dir) if stanza_dir else None}
    if path is not None:
        overrides = {"nlp.tokenizer.stanza_dir": tokenizer["stanza_dir"]} if stanza_dir else {}
        return spacy.load(path, config=overrides)
    return build({"nlp": {"tokenizer": tokenizer}})


@lru_cache(maxsize=4)
def nlp_for(tagger: Tagger) -> Language:
    """The same pipeline over an already loaded `Tagger`: what `process(document, tagger)` and
    the batch workers, which hold a tagger, run."""
    nlp = build()
    nlp.tokenizer = tagger
    return nlp


def as_nlp(nlp_or_tagger: Language | Tagger) -> Language:
    return nlp_or_tagger if isinstance(nlp_or_tagger, Language) else nlp_for(nlp_or_tagger)


def build(config: dict | None = None) -> Language:
    """A blank Hindi pipeline on the matchers' vocab with every component of `PIPE_NAMES`.
    Without a tokenizer in `config` it loads no Stanza: its components run on Docs made
    elsewhere (`for _, proc in nlp.pipeline: doc = proc(doc)`), by a `Tagger` or by hand."""
    nlp = spacy.blank(LANG, vocab=blank_nlp().vocab, config=config or {})
    for name in PIPE_NAMES:
        nlp.add_pipe(name)
    return nlp
