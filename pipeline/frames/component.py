"""`coop_frames`: the event frames of the resolved mentions, as `doc._.events`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extraction.components import SPANS_KEY, mentions


class Frames:
    """One frame per EVENT mention of `doc.spans[spans_key]` (see `pipeline.frames.build`)."""

    def __init__(self, name: str, spans_key: str = SPANS_KEY) -> None:
        self.name, self.spans_key = name, spans_key

    def __call__(self, doc: Doc) -> Doc:
        from pipeline.frames import build

        doc._.events = build.build_frames(doc, mentions(doc, self.spans_key), doc._.subject, doc._.published,
                                          head=not doc._.window_start)
        return doc


@Language.factory("coop_frames", assigns=["doc._.events"], requires=["doc.spans", "doc._.subject", "doc._.published"],
                  default_config={"spans_key": SPANS_KEY})
def make_frames(nlp: Language, name: str, spans_key: str) -> Frames:
    return Frames(name, spans_key)
