"""The partner gazetteer: countries (CLDR via Babel, plus hand additions), localities,
organizations, country adjectives, organization heads and place type words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from spacy.matcher import PhraseMatcher

from pipeline.extraction.matching import phrase_matcher, phrase_tokens
from pipeline.extraction.place_index import PlaceIndex, place_index
from pipeline.resources import load
from pipeline.tagging.tagger import blank_nlp
from pipeline.tagging.textnorm import fold

PACKAGE_LABEL = "G:"  # match labels of places taken from the data packages

# CLDR's qualifiers after a territory's name (`Hong Kong SAR China`, `हाँग काँग (चीन ...)`).
_QUALIFIER = re.compile(r"\s*(\(.*\)|SAR China)$")
# CLDR territory codes that are not countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@dataclass(frozen=True)
class Entry:
    """One thing a name can denote."""

    name: str
    country: str
    level: str  # country|province|district|city|village|organization


@dataclass(frozen=True)
class Gazetteer:
    entries: dict[str, Entry]            # match label -> entry
    names: PhraseMatcher                 # labels: entry keys
    adjectives: PhraseMatcher            # labels: ISO codes
    heads: PhraseMatcher                 # labels: head words
    types: PhraseMatcher                 # labels: "si:<level>" / "pl:<level>"
    facilities: PhraseMatcher            # label: "facility"
    country_names: dict[str, str]        # ISO -> English name
    demonyms: dict[str, str]
    head_specs: dict[str, dict]
    ministry_topics: dict[str, str]      # folded Hindi -> English
    troupe_heads: frozenset[str]
    name_heads: frozenset[str]           # heads closing `<place> <words> <head>` (troupe heads too)
    not_in_names: frozenset[str]
    not_name_words: frozenset[str]       # pronouns and descriptors: never part of an unknown name
    home_countries: tuple[str, ...]
    title_weight: int


def cldr_countries() -> dict[str, tuple[str, str]]:
    """ISO code -> (Hindi name, English name) for every country CLDR knows."""
    hi, en = Locale("hi").territories, Locale("en").territories
    out = {}
    for code, name in hi.items():
        if re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES and code in en:
            out[code] = (_QUALIFIER.sub("", name), _QUALIFIER.sub("", en[code]))
    return out


def package_places(index: PlaceIndex, home: tuple[str, ...], taken: set[str]) -> dict[str, tuple[Entry, list[str]]]:
    """Places the data packages name in Devanagari, by match label: not the home
    countries' (their places are in the hand lists, which the subject decision reads),
    nothing a hand list already names, no common word and no small town (`not_places.json`). A name several places share goes to a city
    before a subdivision, and to the most populous city."""
    negatives = load("not_places")
    banned = taken | {" ".join(phrase_tokens(w)) for w in negatives["words"]}
    chosen: dict[str, tuple[int, Entry]] = {}
    for hi, row in index.hindi_names():
        place = index.place(row)
        words = phrase_tokens(hi)
        phrase = " ".join(words)
        if place.country in home or phrase in banned or not words \
                or (len(words) == 1 and len(phrase) < negatives["min_single_word"]) \
                or (place.level == "city" and place.population < negatives["min_population"]):
            continue
        rank = 0 if place.level == "city" else 1
        if phrase not in chosen or rank < chosen[phrase][0]:
            chosen[phrase] = (rank, Entry(place.name, place.country, place.level))
    return {f"{PACKAGE_LABEL}{phrase}": (entry, [phrase]) for phrase, (_rank, entry) in chosen.items()}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    countries = load("countries")
    orgs = load("organizations")
    types = load("place_types")
    subject = load("subject")
    vocab = blank_nlp().vocab
    ambiguous = set(map(fold, countries["ambiguous"] + countries.get("ambiguous_en", [])))
    cldr = cldr_countries()
    country_names = {code: en for code, (_, en) in cldr.items()}

    entries: dict[str, Entry] = {}
    lexicon: dict[str, list[str]] = {}

    def add(key: str, entry: Entry, names: list[str], english: bool = True) -> None:
        """An entry under its Hindi names and, for Latin text (`UK`, `World Bank`), its English
        name (not a package place's: GeoNames' English names include words like `Mobile`)."""
        entries[key] = entry
        lexicon[key] = [n for n in names + ([entry.name] if english else []) if fold(n) not in ambiguous]

    for code, (hi_name, en_name) in cldr.items():
        add(f"C:{code}", Entry(en_name, code, "country"), [hi_name] + countries["variants"].get(code, []))
    for i, place in enumerate(load("places")["places"]):
        add(f"P:{i}", Entry(place["name"], place["country"], place["level"]), place["hi"])
    for i, org in enumerate(orgs["named"]):
        add(f"O:{i}", Entry(org["name"], org["country"], org.get("level", "organization")), org["hi"])
    taken = {" ".join(phrase_tokens(n)) for names in lexicon.values() for n in names}
    for key, (entry, names) in package_places(place_index(), tuple(subject["home_countries"]), taken).items():
        add(key, entry, names, english=False)

    type_lex: dict[str, list[str]] = {}
    for number in ("singular", "plural"):
        for word, level in types[number].items():
            type_lex.setdefault(f"{number[:2]}:{level}", []).append(word)

    return Gazetteer(
        entries=entries,
        names=phrase_matcher(vocab, lexicon),
        adjectives=phrase_matcher(vocab, countries["adjectives"]),
        heads=phrase_matcher(vocab, {head: [head] for head in orgs["heads"]}),
        types=phrase_matcher(vocab, type_lex),
        facilities=phrase_matcher(vocab, {"facility": types["facility_heads"]}),
        country_names=country_names,
        demonyms=countries["demonyms_en"],
        head_specs=orgs["heads"],
        ministry_topics={fold(k): v for k, v in orgs["ministry_topics"].items()},
        troupe_heads=frozenset(map(fold, orgs["troupe_heads"])),
        name_heads=frozenset(map(fold, orgs["troupe_heads"] + orgs.get("name_heads", []))),
        not_in_names=frozenset(map(fold, orgs.get("not_in_names", []))),
        not_name_words=frozenset(map(fold, types.get("pronouns", []) + types.get("descriptors", []))),
        home_countries=tuple(subject["home_countries"]),
        title_weight=subject["title_weight"],
    )
