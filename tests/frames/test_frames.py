"""Event frames: which partners, date and amounts attach to which event (pipeline/frames/).

Clauses come from the tokens' UPOS tags: every rule test states its tokens (the table
cases of tests/data/frames.json in `tokens`, the others inline, both read by
`conftest.table_doc`), so a model change does not move them. The mentions are built by
hand, so only the attachment is under test. One test alone tags with the real Stanza
tagger: it runs the whole extraction of a document into a record.
"""

from __future__ import annotations

import pytest

from pipeline.frames.build import build_frames
from pipeline.frames.lexicon import plover, plover_map
from pipeline.extraction.mention import EVENT_TYPES, Mention
from pipeline.resources import ResourceError, validate
from conftest import load_table, table_doc

NORMS = {
    "जापान": {"name": "Japan", "country": "JP", "level": "country"},
    "भारत": {"name": "India", "country": "IN", "level": "country"},
    "चीन": {"name": "China", "country": "CN", "level": "country"},
    "फ्रांस": {"name": "France", "country": "FR", "level": "country"},
    "युन्नान प्रांत": {"name": "Yunnan", "country": "CN", "level": "province"},
    "लाओस": {"name": "Laos", "country": "LA", "level": "country"},
    "टोक्यो": {"name": "Tokyo", "country": "JP", "level": "city"},
}
SUBJECT = {"name": "Lao Cai", "country": "VN", "level": "province"}


def mentions_in(text: str, spec: list[tuple[str, str, dict | str, int]]) -> list[Mention]:
    """Mentions by (type, surface, norm or event type, occurrence), ids m1.. in text order."""
    found = []
    for kind, surface, norm, nth in spec:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        if kind == "EVENT":
            norm = {"event_type": norm}
        found.append(Mention(kind, start, start + len(surface), surface, norm))
    found.sort(key=lambda m: m.start)
    for i, m in enumerate(found, 1):
        m.id = f"m{i}"
    return found


def P(surface, nth=0):
    return ("PARTNER", surface, NORMS[surface], nth)


def D(surface, start, end=None, nth=0):
    return ("DATE", surface, {"start": start, "end": end or start}, nth)


def A(surface, value, currency=None, nth=0):
    norm = {"kind": "money" if currency else "count", "value": value}
    if currency:
        norm["currency"] = currency
    return ("AMOUNT", surface, norm, nth)


def E(surface, event_type, nth=0):
    return ("EVENT", surface, event_type, nth)


def frames_for(text, tokens, spec, subject=SUBJECT):
    doc = table_doc({"text": text, "tokens": tokens})
    return build_frames(doc, mentions_in(text, spec), subject)


def by_trigger(frames):
    return {f["trigger"]["text"]: f for f in frames}


def names(frame):
    return [p["norm"]["name"] for p in frame["partners"]]


def test_one_event_takes_its_sentence_arguments():
    text = "जापान ने 12 मार्च 2024 को 5 करोड़ रुपये की सहायता दी।"
    tokens = ("जापान/PROPN ने/ADP 12/NUM मार्च/NOUN 2024/NUM को/ADP 5/NUM करोड़/NOUN रुपये/VERB/रुपना की/ADP/का "
              "सहायता/NOUN दी/VERB/देना ।/PUNCT")
    frames = frames_for(text, tokens, [P("जापान"), D("12 मार्च 2024", "2024-03-12"),
                                       A("5 करोड़ रुपये", 50_000_000, "INR"), E("सहायता", "AID")])
    assert len(frames) == 1
    f = frames[0]
    assert f["id"] == "e1" and f["event_type"] == "AID" and f["plover"] == "AID"
    assert f["trigger"] == {"id": "m4", "text": "सहायता", "start": text.index("सहायता"),
                            "end": text.index("सहायता") + len("सहायता")}
    assert f["partners"] == [{"id": "m1", "text": "जापान", "start": 0, "end": 5,
                              "norm": NORMS["जापान"], "inherited": False}]
    assert f["date"]["norm"] == {"start": "2024-03-12", "end": "2024-03-12"}
    assert f["date"]["id"] == "m2" and f["date"]["inherited"] is False
    assert [a["norm"]["value"] for a in f["amounts"]] == [50_000_000]
    assert f["subject"] == SUBJECT
    assert f["sentence"] == {"start": 0, "end": len(text), "text": text}


def test_date_stated_once_carries_over_marked_inherited():
    text = ("अप्रैल 2024 में प्रतिनिधिमंडल ने चीन का दौरा किया। "
            "वहाँ युन्नान प्रांत के साथ समझौते पर हस्ताक्षर किए गए।")
    tokens = ("अप्रैल/PROPN 2024/NUM में/ADP प्रतिनिधिमंडल/PROPN ने/ADP चीन/PROPN का/ADP दौरा/NOUN "
              "किया/VERB/करना ।/PUNCT || वहाँ/NOUN युन्नान/ADJ प्रांत/NOUN के/ADP साथ/ADP समझौते/NOUN/समझौता "
              "पर/ADP हस्ताक्षर/NOUN किए/VERB/करना गए/AUX/जाना ।/PUNCT")
    frames = by_trigger(frames_for(text, tokens, [
        D("अप्रैल 2024", "2024-04"), P("चीन"), E("दौरा", "VISIT"),
        P("युन्नान प्रांत"), E("समझौते", "AGREEMENT"), E("हस्ताक्षर", "AGREEMENT")]))
    assert frames["दौरा"]["date"]["inherited"] is False
    for trigger in ("समझौते", "हस्ताक्षर"):
        f = frames[trigger]
        assert f["date"]["text"] == "अप्रैल 2024"
        assert f["date"]["norm"] == {"start": "2024-04", "end": "2024-04"}
        assert f["date"]["inherited"] is True
        # its own sentence names a partner: nothing inherited there
        assert names(f) == ["Yunnan"] and not f["partners"][0]["inherited"]


def test_partner_carries_over_when_the_sentence_names_none():
    text = "फ्रांस के साथ सम्मेलन हुआ। इसमें एक समझौते पर हस्ताक्षर किए गए।"
    tokens = ("फ्रांस/PROPN के/ADP साथ/ADP सम्मेलन/NOUN हुआ/VERB/होना ।/PUNCT || इसमें/PRON/यह एक/DET "
              "समझौते/NOUN/समझौता पर/ADP हस्ताक्षर/NOUN किए/VERB/करना गए/AUX/जाना ।/PUNCT")
    frames = by_trigger(frames_for(text, tokens, [
        P("फ्रांस"), E("सम्मेलन", "CONFERENCE"), E("समझौते", "AGREEMENT")]))
    assert names(frames["समझौते"]) == ["France"]
    assert frames["समझौते"]["partners"][0]["inherited"] is True
    assert frames["समझौते"]["date"] is None


def test_nothing_carries_over_into_another_paragraph():
    text = "अप्रैल 2024 में जापान के साथ बैठक हुई।\nभारत के साथ सम्मेलन हुआ।"
    tokens = ("अप्रैल/PROPN 2024/NUM में/ADP जापान/PROPN के/ADP साथ/ADP बैठक/NOUN हुई/VERB/होना ।/PUNCT || "
              "भारत/PROPN के/ADP साथ/ADP सम्मेलन/NOUN हुआ/VERB/होना ।/PUNCT")
    frames = by_trigger(frames_for(text, tokens, [
        D("अप्रैल 2024", "2024-04"), P("जापान"), E("बैठक", "MEETING"),
        P("भारत"), E("सम्मेलन", "CONFERENCE")]))
    assert frames["बैठक"]["date"]["text"] == "अप्रैल 2024"
    assert frames["सम्मेलन"]["date"] is None
    assert names(frames["सम्मेलन"]) == ["India"]


def test_two_events_in_one_sentence_split_arguments_by_clause():
    # the aid clause ends at the verb दी before और; the date and Japan follow the conference
    # trigger but sit in its clause, so neither goes to the aid
    text = "भारत ने 10 लाख डॉलर की सहायता दी और सम्मेलन 2023 में जापान में हुआ।"
    tokens = ("भारत/PROPN ने/ADP 10/NUM लाख/NOUN डॉलर/NOUN की/ADP/का सहायता/NOUN दी/VERB/देना और/CCONJ "
              "सम्मेलन/NOUN 2023/NUM में/ADP जापान/PROPN में/ADP हुआ/VERB/होना ।/PUNCT")
    frames = by_trigger(frames_for(text, tokens, [
        P("भारत"), A("10 लाख डॉलर", 1_000_000, "USD"), E("सहायता", "AID"),
        E("सम्मेलन", "CONFERENCE"), D("2023", "2023"), P("जापान")]))
    conf, aid = frames["सम्मेलन"], frames["सहायता"]
    assert names(conf) == ["Japan"] and conf["date"]["text"] == "2023" and conf["amounts"] == []
    assert names(aid) == ["India"] and [a["text"] for a in aid["amounts"]] == ["10 लाख डॉलर"]
    assert aid["date"] is None


def test_coordinated_clauses_share_the_date():
    text = "12 मार्च को प्रतिनिधिमंडल ने चीन का दौरा किया और बैठक की।"
    tokens = ("12/NUM मार्च/NOUN को/ADP प्रतिनिधिमंडल/PROPN ने/ADP चीन/PROPN का/ADP दौरा/NOUN किया/VERB/करना "
              "और/CCONJ बैठक/NOUN की/VERB/करना ।/PUNCT")
    frames = by_trigger(frames_for(text, tokens, [
        D("12 मार्च", "2024-03-12"), P("चीन"), E("दौरा", "VISIT"), E("बैठक", "MEETING")]))
    for trigger in ("दौरा", "बैठक"):
        assert frames[trigger]["date"]["text"] == "12 मार्च"
        assert frames[trigger]["date"]["inherited"] is False
        assert names(frames[trigger]) == ["China"]


def test_the_narrowest_date_of_the_clause_wins():
    text = "2 अप्रैल को प्रतिनिधिमंडल ने चीन के साथ 2024 की पहली बैठक की।"
    tokens = ("2/NUM अप्रैल/PROPN को/ADP प्रतिनिधिमंडल/PROPN ने/ADP चीन/PROPN के/ADP साथ/ADP 2024/NUM की/ADP/का "
              "पहली/ADJ/पहला बैठक/NOUN की/VERB/करना ।/PUNCT")
    frames = frames_for(text, tokens, [D("2 अप्रैल", "2024-04-02"), P("चीन"), D("2024", "2024"),
                                       E("बैठक", "MEETING")])
    assert frames[0]["date"]["text"] == "2 अप्रैल"


def test_a_rate_in_a_relative_clause_is_no_argument():
    text = "2023 में जापान को निर्यात 5 करोड़ रुपये तक पहुँचा, जो 2022 की तुलना में 18 प्रतिशत अधिक है।"
    tokens = ("2023/NUM में/ADP जापान/PROPN को/ADP निर्यात/ADJ 5/NUM करोड़/ADJ रुपये/NOUN/रुप तक/ADP "
              "पहुँचा/VERB/पहुंचना ,/PUNCT जो/PRON 2022/NUM की/ADP/का तुलना/ADP में/ADP 18/NUM प्रतिशत/NOUN "
              "अधिक/ADJ है/AUX ।/PUNCT")
    frames = frames_for(text, tokens, [
        D("2023", "2023"), P("जापान"), E("निर्यात", "TRADE_INVESTMENT"), A("5 करोड़ रुपये", 50_000_000, "INR"),
        D("2022", "2022"), ("AMOUNT", "18 प्रतिशत", {"kind": "percent", "value": 18}, 0)])
    (f,) = frames
    assert [a["text"] for a in f["amounts"]] == ["5 करोड़ रुपये"]
    assert f["date"]["text"] == "2023" and names(f) == ["Japan"]


def test_coordinated_events_share_the_date_and_keep_their_own_partners():
    text = "2023 में भारत के साथ सम्मेलन और जापान के साथ बैठक आयोजित की गई।"
    tokens = ("2023/NUM में/ADP भारत/PROPN के/ADP साथ/ADP सम्मेलन/NOUN और/CCONJ जापान/PROPN के/ADP साथ/ADP "
              "बैठक/NOUN आयोजित/ADJ की/VERB/करना गई/AUX/जाना ।/PUNCT")
    frames = by_trigger(frames_for(text, tokens, [
        D("2023", "2023"), P("भारत"), E("सम्मेलन", "CONFERENCE"), P("जापान"), E("बैठक", "MEETING")]))
    assert names(frames["सम्मेलन"]) == ["India"]
    assert names(frames["बैठक"]) == ["Japan"]
    assert frames["सम्मेलन"]["date"]["text"] == frames["बैठक"]["date"]["text"] == "2023"
    assert not frames["बैठक"]["date"]["inherited"]


def test_back_to_back_triggers_share_their_arguments():
    text = "2002 में फ्रांस के साथ समझौते पर हस्ताक्षर किए गए।"
    tokens = ("2002/NUM में/ADP फ्रांस/PROPN के/ADP साथ/ADP समझौते/NOUN/समझौता पर/ADP हस्ताक्षर/NOUN "
              "किए/VERB/करना गए/AUX/जाना ।/PUNCT")
    frames = by_trigger(frames_for(text, tokens, [
        D("2002", "2002"), P("फ्रांस"), E("समझौते", "AGREEMENT"), E("हस्ताक्षर", "AGREEMENT")]))
    for trigger in ("समझौते", "हस्ताक्षर"):
        assert names(frames[trigger]) == ["France"]
        assert frames[trigger]["date"]["norm"] == {"start": "2002", "end": "2002"}
        assert frames[trigger]["plover"] == "AGREE"


def test_frames_follow_text_order_with_stable_ids():
    text = "भारत के साथ बैठक हुई। जापान के साथ सम्मेलन हुआ।"
    tokens = ("भारत/PROPN के/ADP साथ/ADP बैठक/NOUN हुई/VERB/होना ।/PUNCT || जापान/PROPN के/ADP साथ/ADP "
              "सम्मेलन/NOUN हुआ/VERB/होना ।/PUNCT")
    frames = frames_for(text, tokens, [P("भारत"), E("बैठक", "MEETING"), P("जापान"),
                                       E("सम्मेलन", "CONFERENCE")], subject=None)
    assert [(f["id"], f["trigger"]["id"]) for f in frames] == [("e1", "m2"), ("e2", "m4")]
    assert all(f["subject"] is None for f in frames)


def test_no_events_no_frames():
    text = "जापान और भारत के प्रतिनिधि 2024 में आए।"
    tokens = "जापान/PROPN और/CCONJ भारत/PROPN के/ADP प्रतिनिधि/NOUN 2024/NUM में/ADP आए/VERB/आना ।/PUNCT"
    assert frames_for(text, tokens, [P("जापान"), P("भारत"), D("2024", "2024")]) == []


FRAME_CASES = load_table("frames")


@pytest.mark.parametrize("case", FRAME_CASES, ids=[c["case"] for c in FRAME_CASES])
def test_frame_table(case):
    """tests/data/frames.json: text and mentions in, the expected frames (by trigger, `#n` for
    the n-th frame of that trigger text) out."""
    spec = []
    for kind, surface, *rest in case["mentions"]:
        value = rest[0] if rest and rest[0] is not None else NORMS.get(surface)
        spec.append((kind, surface, value, rest[1] if len(rest) > 1 else 0))
    frames = build_frames(table_doc(case), mentions_in(case["text"], spec), SUBJECT, case.get("published"))
    seen: dict[str, int] = {}
    got = {}
    for f in frames:
        text = f["trigger"]["text"]
        got[f"{text}#{seen[text]}" if text in seen else text] = f
        seen[text] = seen.get(text, 0) + 1
    for trigger, want in case["frames"].items():
        f = got[trigger]
        assert names(f) == want["partners"], trigger
        assert (f["date"] or {}).get("text") == want["date"], trigger
        if "inherited" in want:
            assert f["date"]["inherited"] is want["inherited"], trigger
        if "source" in want:
            assert f["date"]["source"] == want["source"], trigger
        assert [a["text"] for a in f["amounts"]] == want["amounts"], trigger


def test_plover_mapping_covers_every_event_type():
    assert set(plover_map()) == set(EVENT_TYPES)
    assert {t: plover(t) for t in ("MEETING", "AGREEMENT", "AID", "VISIT", "TRADE_INVESTMENT")} == {
        "MEETING": "CONSULT", "AGREEMENT": "AGREE", "AID": "AID", "VISIT": "CONSULT",
        "TRADE_INVESTMENT": "COOPERATE"}


@pytest.mark.parametrize("data,message", [
    ({"source": "x", "quad": {}, "map": {**{t: "CONSULT" for t in EVENT_TYPES}, "MEETING": "TALK"}},
     "entry ['map']['MEETING']: 'TALK' is not one of"),
    ({"source": "x", "quad": {}, "map": {"MEETING": "CONSULT"}},
     "entry ['map']: 'CONFERENCE' is a required property"),
])
def test_malformed_plover_file_is_rejected(data, message):
    with pytest.raises(ResourceError, match=r"^resources/hi/plover\.json: " + message.replace("[", r"\[").replace("]", r"\]")):
        validate("plover", data)


def test_extracted_record_has_frames_pointing_at_its_mentions(tagger, tmp_path):
    # the whole extraction on purpose (Stanza, matchers, record): frames point at the record's own mentions
    from pipeline.processing.corpus import read_document
    from pipeline.nlp.record import process

    path = tmp_path / "tiny.txt"
    path.write_text("लाओ काई प्रांत ने 2024 में युन्नान प्रांत (चीन) के साथ समझौते पर हस्ताक्षर किए।\n",
                    encoding="utf-8")
    record = process(read_document(path), tagger)
    ids = {m["id"]: m for m in record["mentions"]}
    assert record["events"], record["mentions"]
    for frame in record["events"]:
        assert ids[frame["trigger"]["id"]]["type"] == "EVENT"
        for arg in frame["partners"] + frame["amounts"] + ([frame["date"]] if frame["date"] else []):
            assert ids[arg["id"]]["norm"] == arg["norm"]


def test_every_event_mention_gets_one_frame_even_off_token_boundaries():
    text = "भारत के साथ बैठक हुई।\n\n  जापान के साथ सम्मेलनों का दौर चला।"
    tokens = ("भारत/PROPN के/ADP साथ/ADP बैठक/NOUN हुई/VERB/होना ।/PUNCT || जापान/PROPN के/ADP साथ/ADP "
              "सम्मेलनों/NOUN/सम्मेलन का/ADP दौर/NOUN चला/VERB/चलना ।/PUNCT")
    doc = table_doc({"text": text, "tokens": tokens})
    start = text.index("सम्मेलनों")
    mentions = [Mention("EVENT", text.index("बैठक"), text.index("बैठक") + 4, "बैठक", {"event_type": "MEETING"}),
                # ends inside a token
                Mention("EVENT", start, start + len("सम्मेलन"), "सम्मेलन", {"event_type": "CONFERENCE"}),
                Mention("PARTNER", text.index("जापान"), text.index("जापान") + 5, "जापान", NORMS["जापान"])]
    for i, m in enumerate(mentions, 1):
        m.id = f"m{i}"
    frames = build_frames(doc, mentions, None)
    assert [f["trigger"]["id"] for f in frames] == ["m1", "m2"]
    assert names(frames[1]) == ["Japan"] and frames[1]["partners"][0]["inherited"] is False


def test_a_long_line_without_sentence_marks_gives_bounded_frames():
    """A 94,000-character paragraph of one repeated clause (no danda, one Stanza sentence): each frame
    holds the arguments near its trigger, not those of the whole line, and its sentence text is
    bounded, so the output grows with the input (frame building is linear in the mentions)."""
    import json
    from spacy.tokens import Doc
    from pipeline.frames.units import SENTENCE_CHARS
    from pipeline.tagging.tagger import blank_nlp

    clause = [("चीन", "PROPN"), ("के", "ADP"), ("साथ", "ADP"), ("बैठक", "NOUN"), ("और", "CCONJ"),
              ("5", "NUM"), ("करोड़", "NUM"), ("रुपये", "NOUN"), ("का", "ADP"), ("समझौता", "NOUN"),
              ("हुआ", "VERB")]
    n = 2_000
    words = [w for _ in range(n) for w, _ in clause]
    doc = Doc(blank_nlp().vocab, words=words, spaces=[True] * len(words),
              pos=[p for _ in range(n) for _, p in clause], lemmas=words,
              sent_starts=[True] + [False] * (len(words) - 1))
    mentions, i, text = [], 0, doc.text
    for tok in doc:
        kind = {"चीन": ("PARTNER", NORMS["चीन"]), "बैठक": ("EVENT", {"event_type": "MEETING"}),
                "समझौता": ("EVENT", {"event_type": "AGREEMENT"}),
                "5": ("AMOUNT", {"kind": "money", "value": 50_000_000, "currency": "INR"})}.get(tok.text)
        if kind:
            end = doc[tok.i + 2].idx + len(doc[tok.i + 2]) if tok.text == "5" else tok.idx + len(tok)
            i += 1
            mentions.append(Mention(kind[0], tok.idx, end, text[tok.idx:end], kind[1], id=f"m{i}"))
    frames = build_frames(doc, mentions, SUBJECT)
    assert len(frames) == 2 * n
    assert max(len(f["partners"]) for f in frames) == 1
    assert max(len(f["amounts"]) for f in frames) == 1
    assert max(len(f["sentence"]["text"]) for f in frames) <= SENTENCE_CHARS
    assert all(f["sentence"]["start"] <= f["trigger"]["start"] < f["sentence"]["end"] for f in frames)
    # each frame's record is bounded, whatever the length of the line
    assert max(len(json.dumps(f, ensure_ascii=False)) for f in frames) < SENTENCE_CHARS + 1_000
