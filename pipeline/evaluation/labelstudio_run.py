"""The two things done with a live Label Studio: an annotation session (`make annotate`)
and the round-trip check through a real server (`make annotate-check`, run by CI)."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluation.labelstudio import FRAMES_TICK, TaskSources, build_tasks, labeling_config
from pipeline.evaluation.labelstudio_gold import convert_export, task_gold
from pipeline.evaluation.labelstudio_server import Api, LabelStudioError, Login, Server, load_or_create_login
from pipeline.processing.corpus import Document, DocumentError, find_inputs, read_document

PROJECT_TITLE = "hindi-coop-ie gold"


@dataclass
class Places:
    """Where Label Studio and its state live (all inside the project folder, gitignored)."""

    ls_bin: Path = Path(".venv-labelstudio/bin/label-studio")
    state_dir: Path = Path(".labelstudio")

    @property
    def login_file(self) -> Path:
        return self.state_dir / "login.json"

    @property
    def data_dir(self) -> Path:
        return self.state_dir / "data"


def read_documents(inputs: list[Path]) -> list[Document]:
    """The documents of `inputs`; an input `extract` would refuse (a link out of its folder, a
    doc id named twice) is an error naming it, since a task set must not silently lack it."""
    found = find_inputs(inputs)
    if found.refused:
        raise DocumentError("; ".join(reason for _, reason in found.refused))
    return [read_document(path) for path in found.files]


def _import_new(api: Api, project: int, documents: list[Document], sources: TaskSources, say) -> None:
    """Tasks for the documents the project does not hold yet (a second `make annotate` adds
    new documents, leaves the annotators' work alone and runs no pipeline for the rest)."""
    held = {task["data"].get("doc_id") for task in api.export(project)}
    new = [document for document in documents if document.doc_id not in held]
    if not new:
        return
    say(f"making tasks for {len(new)} documents ...")
    tasks, warnings = build_tasks(new, sources)
    for warning in warnings:
        say(f"warning: {warning}")
    answer = api.import_tasks(project, tasks)
    say(f"imported {answer['task_count']} tasks ({answer['prediction_count']} predictions, "
        f"{answer['annotation_count']} gold annotations)")


def annotate(documents: list[Document], sources: TaskSources, places: Places, port: int, say=print) -> int:
    """Start Label Studio, make sure the project holds a task per document, print where to
    log in, and keep the server up until interrupted."""
    if places.data_dir.exists() and not places.login_file.exists():
        raise LabelStudioError(f"{places.data_dir} holds a Label Studio database whose login was in "
                               f"{places.login_file}, now missing: restore that file, or move "
                               f"{places.data_dir} away to start afresh")
    login = load_or_create_login(places.login_file)
    server = Server(places.ls_bin, places.data_dir.resolve(), login, port)
    with server:
        say(f"starting Label Studio on {server.url} (log: {server.log_path}) ...")
        server.wait_ready()
        api = Api(server.url, login.token)
        project = api.find_project(PROJECT_TITLE) or api.create_project(PROJECT_TITLE, labeling_config())
        _import_new(api, project, documents, sources, say)
        say(f"\nLabel Studio: {server.url}/projects/{project}/data\n"
            f"login: {login.email}\npassword: in {places.login_file} (owner-only; generated for this installation)\n"
            "Export: project > Export > JSON, then "
            "`python -m pipeline gold from-labelstudio EXPORT.json --corpus corpus --out gold/`\n"
            "Ctrl-C stops the server.")
        try:
            while server.process.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            say("stopping Label Studio")
            return 0
    raise LabelStudioError(f"Label Studio stopped by itself:\n{server.log_tail()}")


def _refuse_norm(document: Document, kind: str, start: int, end: int) -> None:
    """The check's gold has every norm filled: needing a computed one is a failure."""
    raise LabelStudioError(f"{document.doc_id} {start}-{end}: the exported {kind} region lost its norm fields")


def _differences(written: list[Path], gold_dir: Path) -> list[tuple[str, str]]:
    """(doc id, problem) for gold files whose content (keys in order) differs from the original."""
    found = []
    for path in written:
        original = json.loads((gold_dir / path.name).read_text(encoding="utf-8"))
        if json.dumps(json.loads(path.read_text(encoding="utf-8"))) != json.dumps(original):
            found.append((path.stem, f"differs from {gold_dir / path.name}"))
    return found


def _prediction_differences(exported: list[dict], predictions: dict[int, list[dict]], tasks: list[dict],
                            corpus: Path) -> list[tuple[str, str]]:
    """Predictions read back as gold must give as many mentions as they were made from."""
    found = []
    for sent, back in zip(tasks, exported):
        if not sent.get("predictions"):
            continue
        ticked = predictions.get(back["id"], []) + [FRAMES_TICK]  # as an annotator who checked the frames
        as_annotation = {"data": back["data"], "annotations": [{"result": ticked}]}
        read = task_gold(as_annotation, corpus, _refuse_norm)
        expected = [r for r in sent["predictions"][0]["result"] if r.get("type") == "labels"]
        if read.gold is None or len(read.gold["mentions"]) != len(expected) or read.rejected:
            came = len(read.gold["mentions"]) if read.gold else 0
            found.append((sent["data"]["doc_id"], f"the prediction came back as {came} mentions of "
                          f"{len(expected)}; {'; '.join(map(str, read.rejected))}"))
    return found


def _through_server(places: Places, tasks: list[dict], data_dir: Path, say) -> tuple[list[dict], dict]:
    """Import the tasks into a fresh throwaway server and export them back, both through the
    API; the server is stopped whatever happens, and its log shown when it fails."""
    server = Server(places.ls_bin, data_dir, Login.generate())
    with server:
        say(f"starting a throwaway Label Studio on {server.url} ...")
        started = time.monotonic()
        try:
            server.wait_ready()
            say(f"up after {time.monotonic() - started:.0f} s")
            api = Api(server.url, server.login.token)
            project = api.create_project(PROJECT_TITLE, labeling_config())
            answer = api.import_tasks(project, tasks)
            say(f"imported {answer['task_count']} tasks, {answer['annotation_count']} annotations, "
                f"{answer['prediction_count']} predictions")
            exported = sorted(api.export(project), key=lambda t: t["id"])
            predictions = api.predictions(project)
        except LabelStudioError:
            say(server.log_tail())
            raise
    say(f"exported {len(exported)} tasks, {len(predictions)} predictions; server stopped")
    return exported, predictions


def round_trip_check(corpus: Path, gold_dir: Path, places: Places, predict: int, say=print) -> int:
    """Gold -> tasks -> a real Label Studio (import and export through the API) -> gold
    files identical to the originals. The first `predict` documents also carry the
    pipeline's prediction, which must come back whole. Ends with a `passed, failed` line
    counting documents."""
    documents = [d for d in read_documents([corpus]) if (gold_dir / f"{d.doc_id}.json").is_file()]
    tasks, warnings = build_tasks(documents, TaskSources(gold_dir=gold_dir, predict=False))
    if predict:
        predicted, more = build_tasks(documents[:predict], TaskSources(predict=True))
        for task, with_prediction in zip(tasks, predicted):
            task["predictions"] = with_prediction["predictions"]
        warnings += more
    with tempfile.TemporaryDirectory(prefix="labelstudio-check-") as work:
        exported, predictions = _through_server(places, tasks, Path(work) / "data", say)
        converted = convert_export(exported, corpus, Path(work) / "gold", _refuse_norm)
        problems = [(r.doc_id, f"rejected: {r}") for r in converted.rejected]
        problems += _differences(converted.written, gold_dir)
        problems += _prediction_differences(exported, predictions, tasks, corpus)
    back = {path.stem for path in converted.written}
    problems += [(d.doc_id, "no gold file came back") for d in documents if d.doc_id not in back]
    for line in warnings + [f"{doc_id}: {problem}" for doc_id, problem in problems]:
        say(line)
    failed = len({doc_id for doc_id, _ in problems} | {w.split(":")[0] for w in warnings})
    say(f"annotate-check: {len(documents)} gold files and {min(predict, len(documents))} pipeline predictions "
        "through Label Studio's API and back")
    say(f"annotate-check: {len(documents) - failed} passed, {failed} failed")
    return 1 if failed else 0
