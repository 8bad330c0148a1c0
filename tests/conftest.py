"""Shared fixtures: the real Stanza pipeline, loaded once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def tagger():
    from pipeline.tagging.tagger import Tagger

    return Tagger()


def load_table(name: str) -> list[dict]:
    """A table of test cases from tests/data/<name>.json (a list of objects)."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
