"""The document's subject (in progress)."""

from __future__ import annotations


def detect_subject(doc) -> dict | None:
    return None
