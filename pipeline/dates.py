"""dates extractor (in progress)."""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.mention import Mention


def find_dates(doc: Doc, ctx) -> list[Mention]:
    return []
