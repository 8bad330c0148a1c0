"""The extraction stages as registered spaCy components, in pipeline order.

`coop_subject` sets `doc._.published` (from the pipe context when not set before)
and `doc._.subject`; `coop_dates`, `coop_partners`, `coop_amounts` and `coop_events`
each write their candidate mentions to `doc.spans[<key>]`; `coop_resolver` keeps the
mentions that survive overlaps in `doc.spans["coop"]` (ids `m1`, `m2`... in text
order) and the non-overlapping ones in `doc.ents`. The components wrap the rule
functions (`find_dates(doc, ctx)`...), looked up when called, so the rules stay plain
functions over a Doc and a `Context`.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline import resources
from pipeline.extraction.extract import RULES, Context, context_for, resolve, rule, without_partnerless_events
from pipeline.extraction.mention import Mention
from pipeline.extraction.extensions import set_span_values, span_values  # (importing it declares the attributes)
from pipeline.tagging.tagger import doc_text

SPANS_KEY = "coop"
# component name -> (doc.spans key, module, function) of the rule it wraps
CANDIDATES = {f"coop_{key}": (key, module, function) for key, module, function in RULES}
CANDIDATE_KEYS = [key for key, _, _ in CANDIDATES.values()]
PIPE_NAMES = ("coop_subject", *CANDIDATES, "coop_resolver")


def context_of(doc: Doc) -> Context:
    """What the rules may know beyond the text, read from the Doc's attributes."""
    return context_for(doc._.published, doc._.subject)


def set_mention(span: Span, mention: Mention) -> Span:
    set_span_values(span, mention.norm, mention.rule, mention.score)
    return span


def span_of(doc: Doc, mention: Mention, span_id: str) -> Span:
    """The Span of `mention`; its offsets are token boundaries (the rules match tokens)."""
    span = doc.char_span(mention.start, mention.end, label=mention.type, span_id=span_id)
    if span is None:
        raise ValueError(f"{mention.rule}: {mention.type} {mention.start}-{mention.end} "
                         f"{mention.text!r} does not fall on token boundaries")
    return set_mention(span, mention)


def mention_of(span: Span, mention_id: str = "", text: str | None = None) -> Mention:
    """The Mention a span stands for; `text`: the Doc's text, when the caller has it (a
    span's own text joins its tokens)."""
    norm, rule, score = span_values(span)
    start, end = span.start_char, span.end_char
    return Mention(span.label_, start, end, span.text if text is None else text[start:end], norm, score, rule,
                   mention_id)


def mentions(doc: Doc, spans_key: str = SPANS_KEY) -> list[Mention]:
    """The resolved mentions of a processed Doc, with their output ids."""
    text = doc_text(doc)
    return [mention_of(span, f"m{i}", text) for i, span in enumerate(doc.spans.get(spans_key, ()), 1)]


class Subject:
    """Decides the subject of the Doc; with `overwrite` off, a subject set before is kept."""

    def __init__(self, name: str, overwrite: bool = True) -> None:
        self.name, self.overwrite = name, overwrite

    def __call__(self, doc: Doc) -> Doc:
        from pipeline.extraction.subject import detect_subject

        context = getattr(doc, "_context", None)
        if doc._.published is None and isinstance(context, dict):
            doc._.published = context.get("published")
        if self.overwrite or doc._.subject is None:
            doc._.subject = detect_subject(doc)
        return doc

    # The language data travels with the pipeline: `to_disk` writes it beside the component
    # (not its schemas: they describe what this code reads, and stay in the package).
    def to_disk(self, path: str | Path, *, exclude=()) -> None:
        target = Path(path) / "resources"
        shutil.rmtree(target, ignore_errors=True)
        resources.export_to(target)

    def from_disk(self, path: str | Path, *, exclude=()) -> "Subject":
        resources.use_saved(Path(path) / "resources")
        return self


class Candidates:
    """One rule family: its mentions as candidate spans in `doc.spans[key]`."""

    def __init__(self, name: str, key: str, module: str, function: str) -> None:
        self.name, self.key, self.module, self.function = name, key, module, function

    def __call__(self, doc: Doc) -> Doc:
        found = rule(self.module, self.function)(doc, context_of(doc))
        doc.spans[self.key] = [span_of(doc, m, f"{self.key}{i}") for i, m in enumerate(found)]
        return doc


class Resolver:
    """Overlaps between the candidates are decided by `pipeline.extraction.extract.resolve`."""

    def __init__(self, name: str, keys: list[str], spans_key: str = SPANS_KEY) -> None:
        self.name, self.keys, self.spans_key = name, list(keys), spans_key

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = [mention_of(span, text=text) for key in self.keys for span in doc.spans.get(key, ())]
        kept = resolve(without_partnerless_events(found))
        spans = [span_of(doc, m, m.id) for m in kept]
        doc.spans[self.spans_key] = spans
        doc.ents = filter_spans(spans)
        return doc


def _rule_factory(factory: str) -> Callable[..., Candidates]:
    """Register the component of one rule family under `factory` (its candidates go to
    `doc.spans[spans_key]`); the returned function is the entry point spaCy finds."""
    key, module, function = CANDIDATES[factory]

    def make(nlp: Language, name: str, spans_key: str) -> Candidates:
        return Candidates(name, spans_key, module, function)

    make.__name__ = f"make_{key}"
    return Language.factory(factory, assigns=["doc.spans"], requires=["doc._.published", "doc._.subject"],
                            default_config={"spans_key": key}, func=make)


make_dates, make_partners, make_amounts, make_events = (_rule_factory(name) for name in CANDIDATES)


@Language.factory("coop_subject", assigns=["doc._.published", "doc._.subject"],
                  default_config={"overwrite": True})
def make_subject(nlp: Language, name: str, overwrite: bool) -> Subject:
    return Subject(name, overwrite)


@Language.factory("coop_resolver", assigns=["doc.spans", "doc.ents"], requires=["doc.spans"],
                  default_config={"keys": CANDIDATE_KEYS, "spans_key": SPANS_KEY})
def make_resolver(nlp: Language, name: str, keys: list[str], spans_key: str) -> Resolver:
    return Resolver(name, keys, spans_key)
