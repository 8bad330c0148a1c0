"""The word lists of frame building (`resources/hi/frames.json`) and the PLOVER map
(`resources/hi/plover.json`), validated on load, and matching their word sequences
against a sentence's token texts."""

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


def starts_with(words: list[str], i: int, seqs: list[tuple[str, ...]]) -> int:
    """Length of the first of `seqs` written at token `i` (0 when none is)."""
    word = words[i] if i < len(words) else None
    for seq in seqs:
        if seq[0] == word and tuple(words[i:i + len(seq)]) == seq:
            return len(seq)
    return 0


def contains(words: list[str], seqs: list[tuple[str, ...]]) -> bool:
    firsts = {seq[0] for seq in seqs}
    return any(starts_with(words, i, seqs) for i, word in enumerate(words) if word in firsts)


def after(words: list[str], i: int, seqs: list[tuple[str, ...]]) -> bool:
    """Whether one of `seqs` follows token `i` (spaces skipped)."""
    longest = max(map(len, seqs), default=0)
    rest: list[str] = []
    j = i + 1
    while j < len(words) and len(rest) < longest:   # only as far as the longest sequence needs
        if words[j].strip():
            rest.append(words[j])
        j += 1
    return starts_with(rest, 0, seqs) > 0

