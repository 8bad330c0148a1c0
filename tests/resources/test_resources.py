"""Language resources: every file has its schema and validates, every schema is a valid
draft 2020-12 schema, and a malformed file is rejected by name and entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import ROOT, load_table
from pipeline.extraction.mention import EVENT_TYPES
from pipeline.resources import SCHEMA_BASE, ResourceError, load, schema, validate

SHARED = "common"  # the schema of shared `$defs`, describing no file of its own


def resource_names() -> list[str]:
    folder = resources.files("pipeline") / "resources" / "hi"
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


def schema_names() -> list[str]:
    folder = resources.files("pipeline") / "resources" / "schemas"
    return sorted(p.name[: -len(".schema.json")] for p in folder.iterdir() if p.name.endswith(".schema.json"))


def test_every_resource_file_has_a_schema_and_every_schema_a_file():
    assert sorted(set(schema_names()) - {SHARED}) == resource_names()


@pytest.mark.parametrize("name", resource_names())
def test_every_resource_file_validates(name):
    assert load(name)


@pytest.mark.parametrize("name", schema_names())
def test_every_schema_is_a_described_draft_2020_12_schema(name):
    found = schema(name)
    Draft202012Validator.check_schema(found)
    assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert found["$id"] == f"{SCHEMA_BASE}{name}.schema.json"
    assert found["title"] and found["description"]


def _refs(node) -> list[str]:
    """Every `$ref` in a schema, at any depth."""
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    if not isinstance(node, dict):
        return []
    own = [node["$ref"]] if "$ref" in node else []
    return own + [ref for value in node.values() for ref in _refs(value)]


@pytest.mark.parametrize("name", schema_names())
def test_every_ref_points_into_a_shipped_schema(name):
    registry = Registry().with_resources((schema(n)["$id"], Resource.from_contents(schema(n))) for n in schema_names())
    resolver = registry.resolver(base_uri=schema(name)["$id"])
    for ref in _refs(schema(name)):
        assert isinstance(resolver.lookup(ref).contents, dict), ref


def test_the_shared_event_types_are_the_contracts():
    assert schema(SHARED)["$defs"]["event_type"]["enum"] == list(EVENT_TYPES)


def test_load_needs_no_other_module_in_a_fresh_process():
    code = ("import json, sys; from pipeline.resources import load; "
            "assert load('places')['places'] and load('events')['types']; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('pipeline'))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert json.loads(result.stdout) == ["pipeline", "pipeline.resources"]


@pytest.mark.parametrize("case", load_table("resource_errors"), ids=lambda c: c["name"])
def test_malformed_resource_is_rejected_with_file_and_entry(case):
    with pytest.raises(ResourceError) as err:
        validate(case["name"], case["data"])
    assert str(err.value) == case["message"]


def test_file_without_schema_is_rejected():
    with pytest.raises(ResourceError, match=r"^resources/hi/nothing\.json: no schema declared for this file$"):
        validate("nothing", {})
