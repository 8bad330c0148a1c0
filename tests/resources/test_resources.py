"""Language resources: every file validates, and a malformed one is rejected by name and entry."""

from __future__ import annotations

from importlib import resources

import pytest

import pipeline.frames.build  # noqa: F401  (declares the schemas of frames.json and plover.json)
from pipeline.extraction.extract import RULES, rule
from pipeline.resources import ResourceError, load, validate


def resource_names() -> list[str]:
    folder = resources.files("pipeline") / "resources" / "hi"
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


def declare_schemas() -> None:
    """Importing the rule modules declares every file's schema."""
    for _, module, function in RULES:
        rule(module, function)


@pytest.mark.parametrize("name", resource_names())
def test_every_resource_file_validates(name):
    declare_schemas()
    assert load(name)


@pytest.mark.parametrize("name,data,message", [
    ("months", {"months": {"13": ["x"]}, "range_from": ["से"], "range_to": ["तक"], "range_dash": ["-"]},
     "resources/hi/months.json: entry ['months']: '13' does not match any of the regexes: '^([1-9]|1[0-2])$'"),
    ("currencies", {"currencies": {"USD": ["डॉलर", ""]}},
     "resources/hi/currencies.json: entry ['currencies']['USD'][1]: '' should be non-empty"),
    ("numbers", {"words": {"दो": 2}, "not_counts": ["एक"], "scales": {"हजार": "1000"}, "percent": ["%"], "approx": ["लगभग"], "range_join": ["-"], "approx_after": ["से अधिक"]},
     "resources/hi/numbers.json: entry ['scales']['हजार']: '1000' is not of type 'integer'"),
    ("events", {"types": {"PARTY": {"triggers": ["x"], "forms": []}}, "not_before": {}, "not_after": {}},
     "resources/hi/events.json: entry ['types']: 'PARTY' is not one of ['MEETING', 'CONFERENCE', 'VISIT', 'AGREEMENT', 'CULTURAL_EXCHANGE', 'AID', 'TRADE_INVESTMENT', 'CEREMONY', 'SECURITY_COOPERATION']"),
    ("places", {"places": [{"name": "Yunnan", "country": "cn", "level": "province", "hi": ["युन्नान"]}]},
     "resources/hi/places.json: entry ['places'][0]['country']: 'cn' does not match '^([A-Z]{2})$'"),
    ("frames", {"occasion_after": [["में"]], "back_references": [[]], "both": ["दोनों"], "new_occasion": [["हर", "साल"]],
                "not_participant_after": [["के", "अलावा"]], "period_after": [["के", "लिए"]], "period_types": ["AID"],
                "place_after": [["में"]], "aim": {"skip": ["को"], "verb_endings": ["ने"]}, "plural_endings": ["ों"],
                "demonstratives": ["इस"], "today": ["आज"], "clause_after_infinitive": [["के", "बाद"]],
                "participle_after": ["वाले"], "agent_before": ["द्वारा"]},
     "resources/hi/frames.json: entry ['back_references'][0]: [] should be non-empty"),
])
def test_malformed_resource_is_rejected_with_file_and_entry(name, data, message):
    declare_schemas()
    with pytest.raises(ResourceError) as err:
        validate(name, data)
    assert str(err.value) == message


def test_file_without_schema_is_rejected():
    with pytest.raises(ResourceError, match=r"^resources/hi/nothing\.json: no schema declared for this file$"):
        validate("nothing", {})
