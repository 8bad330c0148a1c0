"""The mention shape shared by gold files and outputs (see ANNOTATION.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TYPES = ("PARTNER", "DATE", "AMOUNT", "EVENT")
EVENT_TYPES = (
    "MEETING", "CONFERENCE", "VISIT", "AGREEMENT", "CULTURAL_EXCHANGE",
    "AID", "TRADE_INVESTMENT", "CEREMONY", "SECURITY_COOPERATION",
)


@dataclass
class Mention:
    type: str
    start: int
    end: int
    text: str
    norm: dict[str, Any]
    score: float = 1.0
    rule: str = ""
    id: str = field(default="")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "start": self.start, "end": self.end,
            "text": self.text, "norm": self.norm, "score": round(self.score, 3), "rule": self.rule,
        }

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end
