"""The extraction components on Docs built by hand (no Stanza): what each writes on the Doc."""

from __future__ import annotations

import pytest

from conftest import hand_doc
from pipeline.extraction.components import Candidates, Resolver, Subject, context_of, mention_of, set_mention, span_of
from pipeline.extraction.mention import Mention

KEYS = ["dates", "partners", "amounts", "events"]


def candidate(doc, key, start, end, label, norm, rule="test"):
    span = doc[start:end]
    span = doc.char_span(span.start_char, span.end_char, label=label, span_id=f"{key}{len(doc.spans.get(key, ()))}")
    set_mention(span, Mention(label, span.start_char, span.end_char, span.text, norm, 0.9, rule))
    doc.spans[key] = [*doc.spans.get(key, ()), span]
    return span


def resolved(doc):
    return [(s.label_, s.text, s._.norm) for s in doc.spans["coop"]]


def test_date_and_amount_over_the_same_words_keep_their_own_norms_and_the_date_wins():
    doc = hand_doc(["भारत", "ने", "2024", "में", "बैठक", "की"])
    candidate(doc, "dates", 2, 3, "DATE", {"start": "2024", "end": "2024"})
    candidate(doc, "amounts", 2, 3, "AMOUNT", {"kind": "count", "value": 2024})
    candidate(doc, "partners", 0, 1, "PARTNER", {"name": "India", "country": "IN", "level": "country"})
    candidate(doc, "events", 4, 5, "EVENT", {"event_type": "MEETING"})
    Resolver("coop_resolver", KEYS)(doc)
    assert resolved(doc) == [
        ("PARTNER", "भारत", {"name": "India", "country": "IN", "level": "country"}),
        ("DATE", "2024", {"start": "2024", "end": "2024"}),
        ("EVENT", "बैठक", {"event_type": "MEETING"}),
    ]
    assert doc.spans["amounts"][0]._.norm == {"kind": "count", "value": 2024}
    assert [s.id_ for s in doc.spans["coop"]] == ["m1", "m2", "m3"]
    assert [(e.label_, e.text) for e in doc.ents] == [("PARTNER", "भारत"), ("DATE", "2024"), ("EVENT", "बैठक")]


def test_an_event_inside_a_count_is_a_mention_but_not_an_entity():
    doc = hand_doc(["जापान", "के", "साथ", "14", "बैठकें", "हुईं"])
    candidate(doc, "partners", 0, 1, "PARTNER", {"name": "Japan", "country": "JP", "level": "country"})
    candidate(doc, "amounts", 3, 5, "AMOUNT", {"kind": "count", "value": 14})
    candidate(doc, "events", 4, 5, "EVENT", {"event_type": "MEETING"})
    Resolver("coop_resolver", KEYS)(doc)
    assert [(label, text) for label, text, _ in resolved(doc)] == [
        ("PARTNER", "जापान"), ("AMOUNT", "14 बैठकें"), ("EVENT", "बैठकें")]
    assert [(e.label_, e.text) for e in doc.ents] == [("PARTNER", "जापान"), ("AMOUNT", "14 बैठकें")]


def test_without_a_partner_no_event_is_kept():
    doc = hand_doc(["2024", "में", "पुरस्कार", "समारोह", "हुआ"])
    candidate(doc, "dates", 0, 1, "DATE", {"start": "2024", "end": "2024"})
    candidate(doc, "events", 3, 4, "EVENT", {"event_type": "CEREMONY"})
    Resolver("coop_resolver", KEYS)(doc)
    assert [label for label, _, _ in resolved(doc)] == ["DATE"]


def test_subject_takes_the_publication_date_from_the_pipe_context_unless_set_before():
    doc = hand_doc(["लाओ", "काई", "प्रांत", "ने", "बैठक", "की"])
    doc._context = {"published": "2024-03-20"}
    Subject("coop_subject")(doc)
    assert doc._.published == "2024-03-20"
    assert context_of(doc).published == "2024-03-20"
    doc = hand_doc(["बैठक"])
    doc._.published = "2023-01"
    doc._context = {"published": "2024-03-20"}
    Subject("coop_subject")(doc)
    assert doc._.published == "2023-01"


def test_a_subject_set_before_is_kept_without_overwrite():
    doc = hand_doc(["भारत", "और", "वियतनाम"])
    given = {"name": "Lao Cai", "country": "VN", "level": "province"}
    doc._.subject = given
    Subject("coop_subject", overwrite=False)(doc)
    assert doc._.subject is given
    assert context_of(doc).currency == "VND"


def test_a_rule_component_writes_its_mentions_as_candidate_spans():
    doc = hand_doc(["12", "मार्च", "को", "बैठक", "हुई"], pos=["NUM", "PROPN", "ADP", "NOUN", "VERB"])
    doc._.published = "2024-03-20"
    Candidates("coop_dates", "dates", "pipeline.extraction.dates", "find_dates")(doc)
    (span,) = doc.spans["dates"]
    assert (span.label_, span.text, span._.norm["start"]) == ("DATE", "12 मार्च", "2024-03-12")
    assert span._.rule and mention_of(span).text == "12 मार्च"


def test_a_mention_off_token_boundaries_is_refused_with_its_rule_named():
    doc = hand_doc(["सम्मेलनों", "का", "दौर"])
    mention = Mention("EVENT", 0, len("सम्मेलन"), "सम्मेलन", {"event_type": "CONFERENCE"}, rule="event.trigger")
    with pytest.raises(ValueError, match=r"^event\.trigger: EVENT 0-7 'सम्मेलन' does not fall on token boundaries$"):
        span_of(doc, mention, "events0")
