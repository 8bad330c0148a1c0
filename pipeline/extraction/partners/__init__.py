"""PARTNER mentions: named foreign countries, localities and organizations.

spaCy PhraseMatchers (names, country adjectives, organization heads, place type words,
facility nouns) fill a `Scan`; the rule families run over it in order, each in its own
module, later ones seeing what earlier ones found:
- `bodies.country_bodies`: a country adjective or name + head (`चीनी पक्ष`, `कोरियाई दूतावास`);
- `known.known_names`: listed names with their type word, bracket or country;
- `institutions`: a foreign place's council, committee ... named from a glossary;
- `places`: unknown places by a bracketed country or a genitive of a known place, and the
  same names elsewhere in the document;
- `lookup`: unknown names before a type word or after a country's genitive that the data
  packages hold (`place_index`);
- `bodies.genitive_bodies`, `bodies.named_bodies`: bodies of a place named after `के`;
- `companies`: a named country's company, and acronyms and company names learned above
  wherever else they are written.
Whatever belongs to the document's subject country is not a partner.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from pipeline.extraction.gazetteer import Gazetteer, gazetteer
from pipeline.extraction.mention import Mention
from pipeline.extraction.partners.bodies import country_bodies, genitive_bodies, named_bodies
from pipeline.extraction.partners.companies import country_companies, learned_organizations, listed_companies
from pipeline.extraction.partners.institutions import place_institutions
from pipeline.extraction.partners.known import known_names
from pipeline.extraction.partners.lookup import coordinated_names, genitive_names, typed_names
from pipeline.extraction.partners.places import bracketed_places, genitive_places, learned_names
from pipeline.extraction.partners.scan import Scan

RULES: tuple[Callable[[Scan], None], ...] = (
    country_bodies, known_names, place_institutions, bracketed_places, genitive_places,
    typed_names, genitive_names, coordinated_names, learned_names, genitive_bodies, named_bodies,
    country_companies, learned_organizations, listed_companies,
)


def candidates(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Every partner candidate of the doc, the subject's own included."""
    scan = Scan.of(doc, gaz)
    for rule in RULES:
        rule(scan)
    return scan.found


def find_partners(doc: Doc, ctx) -> list[Mention]:
    """Partners of the document: candidates that are not the subject nor of its country."""
    home = ctx.subject["country"] if ctx.subject else None
    subject_name = ctx.subject["name"] if ctx.subject else None
    return [m for m in candidates(doc, gazetteer())
            if m.norm["country"] != home and m.norm["name"] != subject_name]
