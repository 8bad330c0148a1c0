"""The pipeline as a spaCy library: `pipeline.load()`, `nlp.pipe`, displacy, save and load."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest
import spacy
from spacy import displacy

from conftest import ROOT
from pipeline.nlp.language import PIPE_NAMES
from pipeline.nlp.record import doc_parts, process
from pipeline.processing.corpus import read_document

TEXT = "लाओ काई प्रांत ने 12 मार्च को युन्नान प्रांत (चीन) के साथ समझौते पर हस्ताक्षर किए।"


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- example: tests/nlp/test_language\.py runs exactly this block -->\n```python\n(.*?)```",
                      readme, re.S)
    assert match, "README.md lost its Python example"
    return match.group(1)


def test_the_readme_example_runs_and_prints_mentions_with_norms_and_events():
    code = readme_example()
    assert len(code.strip().splitlines()) == 5
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert "DATE 12 मार्च {'start': '2024-03-12', 'end': '2024-03-12'}" in lines
    assert any(line.startswith("PARTNER युन्नान प्रांत") and "'CN'" in line for line in lines)
    assert lines[-1].startswith("[{") and "'AGREEMENT'" in lines[-1]


def test_pipe_takes_plain_texts_and_the_date_from_a_doc_attribute(nlp):
    first, second = nlp.pipe([TEXT, "भारत और जापान के बीच 2023 में बैठक हुई।"])
    assert first._.published is None and second._.published is None
    # India is the home country here (the subject), Japan the partner
    assert [(s.label_, s.text) for s in second.spans["coop"]] == [("PARTNER", "जापान"), ("DATE", "2023"), ("EVENT", "बैठक")]
    doc = nlp.make_doc(TEXT)
    doc._.published = "2025-06-05"
    doc = nlp(doc)
    assert [s._.norm for s in doc.spans["coop"] if s.label_ == "DATE"] == [{"start": "2025-03-12", "end": "2025-03-12"}]
    assert nlp.pipe_names == list(PIPE_NAMES)


def test_ents_are_the_resolved_mentions_that_do_not_overlap(nlp):
    doc = nlp("वियतनाम और लाओस के बीच 14 बैठकें हुईं।")
    coop = [(s.label_, s.text) for s in doc.spans["coop"]]
    assert ("AMOUNT", "14 बैठकें") in coop and ("EVENT", "बैठकें") in coop
    assert ("EVENT", "बैठकें") not in [(e.label_, e.text) for e in doc.ents]
    assert {(e.label_, e.text) for e in doc.ents} <= set(coop)


def test_displacy_shows_the_mentions(nlp):
    doc, _ = next(nlp.pipe([(TEXT, {"published": "2024-03-20"})], as_tuples=True))
    html = displacy.render(doc, style="span", options={"spans_key": "coop"})
    for span in doc.spans["coop"]:
        assert span.label_ in html


def test_saved_pipeline_loads_with_its_resources_and_gives_the_same_doc(nlp, tmp_path):
    nlp.to_disk(tmp_path / "coop")
    assert sorted(p.name for p in (tmp_path / "coop" / "coop_subject" / "resources" / "hi").glob("*.json"))
    loaded = spacy.load(tmp_path / "coop")
    assert loaded.pipe_names == nlp.pipe_names
    a, b = (next(n.pipe([(TEXT, {"published": "2024-03-20"})], as_tuples=True))[0] for n in (nlp, loaded))
    assert doc_parts(a) == doc_parts(b) and a._.subject == b._.subject


def test_saved_resources_that_differ_are_refused_once_others_are_in_use(nlp, tmp_path):
    from pipeline.resources import ResourceError, use_saved

    nlp.to_disk(tmp_path / "coop")
    changed = next((tmp_path / "coop" / "coop_subject" / "resources" / "hi").glob("*.json"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    folder = tmp_path / "coop" / "coop_subject" / "resources"
    with pytest.raises(ResourceError, match=f"^{re.escape(str(folder))}: the saved pipeline's resources differ from "
                                            "the ones this process already uses; load it in a fresh process$"):
        use_saved(folder)


def test_the_output_record_is_read_from_the_processed_doc(nlp, tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(TEXT + "\n", encoding="utf-8")
    (tmp_path / "tiny.meta.json").write_text(json.dumps({"published": "2024-03-20"}), encoding="utf-8")
    record = process(read_document(path), nlp)
    doc, _ = next(nlp.pipe([(TEXT + "\n", {"published": "2024-03-20"})], as_tuples=True))
    assert (record["sentences"], record["mentions"], record["events"]) == doc_parts(doc)
    assert record["meta"]["subject"] == doc._.subject
