"""The word lists of frame building (`resources/hi/frames.json`) and the PLOVER map
(`resources/hi/plover.json`), validated on load (their word sequences are matched against
a sentence's token texts by `pipeline.extraction.matching.starts_with`)."""

from __future__ import annotations

from functools import lru_cache

from pipeline.resources import load


@lru_cache(maxsize=1)
def word_lists() -> dict:
    """frames.json with its word sequences as tuples (for matching token texts)."""
    data = load("frames")
    words = ("both", "plural_endings", "period_types", "demonstratives", "today", "participle_after",
             "agent_before")
    out: dict = {k: tuple(v) if k in words else [tuple(x) for x in v]
                 for k, v in data.items() if k not in ("_doc", "aim")}
    out["aim"] = {k: tuple(v) for k, v in data["aim"].items()}
    return out


@lru_cache(maxsize=1)
def plover_map() -> dict[str, str]:
    """event_type -> PLOVER category, from the validated data file."""
    return dict(load("plover")["map"])


def plover(event_type: str) -> str:
    return plover_map()[event_type]


