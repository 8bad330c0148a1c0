"""The word lists of frame building (`resources/hi/frames.json`) and the PLOVER map
(`resources/hi/plover.json`), validated on load, and matching their word sequences
against a sentence's token texts."""

from __future__ import annotations

from functools import lru_cache

from pipeline.extraction.mention import EVENT_TYPES
from pipeline.resources import STRS, load, register_schema

_PLOVER_CATEGORIES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                      "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST",
                      "CRIME", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"]

register_schema("plover", {
    "type": "object",
    "required": ["source", "quad", "map"],
    "properties": {
        "_doc": {"type": "string"},
        "source": {"type": "string", "minLength": 1},
        "quad": {"type": "object", "propertyNames": {"enum": _PLOVER_CATEGORIES},
                 "additionalProperties": {"enum": ["verbal cooperation", "material cooperation",
                                                   "verbal conflict", "material conflict"]}},
        "map": {"type": "object", "required": list(EVENT_TYPES),
                "propertyNames": {"enum": list(EVENT_TYPES)},
                "additionalProperties": {"enum": _PLOVER_CATEGORIES}},
    },
    "additionalProperties": False,
})


_SEQS = {"type": "array", "items": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
         "minItems": 1}
register_schema("frames", {
    "type": "object",
    "required": ["occasion_after", "back_references", "both", "new_occasion", "not_participant_after",
                 "period_after", "period_types", "place_after", "aim", "plural_endings", "demonstratives", "today", "clause_after_infinitive",
                 "participle_after", "agent_before"],
    "properties": {
        "_doc": {"type": "string"},
        "occasion_after": _SEQS, "back_references": _SEQS, "new_occasion": _SEQS,
        "not_participant_after": _SEQS, "period_after": _SEQS, "place_after": _SEQS,
        "aim": {"type": "object", "required": ["skip", "verb_endings"], "additionalProperties": False,
                "properties": {"skip": STRS, "verb_endings": STRS}},
        "both": STRS, "plural_endings": STRS, "demonstratives": STRS, "today": STRS, "participle_after": STRS, "agent_before": STRS,
        "clause_after_infinitive": _SEQS,
        "period_types": {"type": "array", "items": {"enum": list(EVENT_TYPES)}},
    },
    "additionalProperties": False,
})


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
    for seq in seqs:
        if tuple(words[i:i + len(seq)]) == seq:
            return len(seq)
    return 0


def contains(words: list[str], seqs: list[tuple[str, ...]]) -> bool:
    return any(starts_with(words, i, seqs) for i in range(len(words)))


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

