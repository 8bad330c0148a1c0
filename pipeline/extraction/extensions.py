"""Every custom attribute the pipeline writes on spaCy objects, declared in one place.

Span: `norm` (the normalized value, ANNOTATION.md), `rule` (which rule found it),
`score` (its confidence). Doc: `published` (the document creation time the dates
are resolved against), `subject` (the locality the article is about), `events`
(the event frames), `window_start` (where this Doc starts in its article: a long article
is processed window by window, and only the article's beginning holds its dateline).

Span attributes are kept in `doc.user_data` under the span's label, id and
offsets: spaCy's own span extensions are keyed by offsets alone, so a DATE and an
AMOUNT candidate over the same characters would share one `norm`.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

SPAN_ATTRS = {"norm": None, "rule": "", "score": 1.0}
DOC_ATTRS = ("published", "subject", "events", "window_start")
_KEY = "hindi_coop_ie"


def _key(span: Span, name: str) -> tuple:
    return (_KEY, name, span.label, span.id, span.start_char, span.end_char)


def _span_attr(name: str, default: Any) -> dict:
    def getter(span: Span) -> Any:
        return span.doc.user_data.get(_key(span, name), default)

    def setter(span: Span, value: Any) -> None:
        span.doc.user_data[_key(span, name)] = value

    return {"getter": getter, "setter": setter}


def span_values(span: Span) -> tuple:
    """(norm, rule, score) of `span` read at once: what `span._.norm` etc. give, without an
    extension object per attribute (the resolver, frames and output read every mention)."""
    data, at = span.doc.user_data, (span.label, span.id, span.start_char, span.end_char)
    return tuple(data.get((_KEY, name, *at), default) for name, default in SPAN_ATTRS.items())


def set_span_values(span: Span, norm: Any, rule: str, score: float) -> None:
    """`span._.norm, span._.rule, span._.score = norm, rule, score`, written at once."""
    data, at = span.doc.user_data, (span.label, span.id, span.start_char, span.end_char)
    for name, value in zip(SPAN_ATTRS, (norm, rule, score)):
        data[(_KEY, name, *at)] = value


def declare() -> None:
    """Register the extensions (again after another library replaced them: `force`)."""
    for name, default in SPAN_ATTRS.items():
        Span.set_extension(name, force=True, **_span_attr(name, default))
    for name in DOC_ATTRS:
        Doc.set_extension(name, default=None, force=True)


declare()
