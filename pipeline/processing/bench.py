"""`python -m pipeline bench`: how fast `extract` is, measured in one run.

Builds a corpus of N articles from the corpus folder (paragraphs shuffled and
recombined, numbers varied: every document hash differs, so the cache cannot
help), then measures, each in a fresh process:

- Stanza alone on the same texts (same chunks and bulk calls) and model load time;
- `extract` with 1 worker (total time, docs/s, tokens/s, peak memory);
- the re-run on the unchanged corpus (cache) as a fraction of the full run;
- `extract` with 2 workers (speed-up over 1);
- `extract --dask local:2`, a Dask LocalCluster of 2 single-thread workers (speed-up over 1
  worker, model load per worker);
- peak memory at N/10 articles (memory must not grow with the corpus);
- one long article (5 MB by default) alone: processed window by window, its peak memory
  must stay near that of a few short articles;
- a cProfile of the work outside Stanza on N/10 articles (OUT/bench_profile.txt).

Figures go to OUT/bench.json and are printed as a table.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pipeline.processing.bench_corpus import make_big_article, make_corpus, subset
from pipeline.processing.output import atomic_write, write_json_atomic

TARGETS = {
    "ratio_total_to_stanza": ("<=", 1.15),
    "ratio_in_run": ("<=", 1.15),  # the issues' measure: the work outside Stanza in the same run
    "rerun_fraction": ("<=", 0.02),
    "speedup_2_workers": (">=", 1.7),
    "memory_growth": ("<=", 1.10),
    "memory_growth_big_article": ("<=", 1.25),
    "model_load_s": ("<=", 3.0),
    # 4 mentions and 2 frames per 47 characters (real news: ~5x): the output grows with the
    # mentions, never with the length of the sentence they sit in
    "long_paragraph_output_ratio": ("<=", 25.0),
    "memory_growth_long_paragraph": ("<=", 1.5),
}
# One line with no danda, a partner and two triggers, repeated (issue 14: 24 GB, killed).
LONG_PARAGRAPH = ("चीन के साथ बैठक और 5 करोड़ रुपये का समझौता हुआ ", 5_000)


# --- measurements, each in a fresh process ---------------------------------------------------

def _peak_rss_mb() -> float:
    """Peak resident memory of this process and of its (waited-for) children, in MB."""
    import resource

    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(self_kb, child_kb) / 1024, 1)


def child(spec_json: str) -> None:
    """Entry point of a measuring process: prints one JSON line of figures."""
    spec = json.loads(spec_json)
    started = time.perf_counter()
    result: dict = {}
    if spec["kind"] == "stanza":
        from pipeline.processing.batch import BATCH_DOCS
        from pipeline.processing.corpus import find_inputs
        import stanza  # noqa: F401
        import torch  # noqa: F401

        from pipeline.tagging.tagger import Tagger

        t0 = time.perf_counter()
        tagger = Tagger(spec.get("stanza_dir"))
        result["load_s"] = time.perf_counter() - t0
        texts = [p.read_text(encoding="utf-8") for p in find_inputs([Path(spec["corpus"])]).files]
        t0 = time.perf_counter()
        tokens = 0
        for i in range(0, len(texts), BATCH_DOCS):
            tokens += sum(len(t) for t in tagger.tag_many(texts[i : i + BATCH_DOCS]))
        result.update(tag_s=time.perf_counter() - t0, tokens=tokens, docs=len(texts))
    elif spec["kind"] == "extract":
        if spec.get("preimport", True):  # imports are process start-up, outside both timings
            import stanza  # noqa: F401
            import torch  # noqa: F401

            import pipeline.extraction.extract  # noqa: F401
        from pipeline.processing.batch import extract_batch

        common = dict(stanza_dir=spec.get("stanza_dir"), force=spec.get("force", False), progress=False)
        if spec.get("dask"):  # Dask is imported by the Dask run only, as by the CLI
            from pipeline.processing.cluster import extract_dask

            s = extract_dask([Path(spec["corpus"])], Path(spec["out"]), spec["dask"], **common)
        else:
            s = extract_batch([Path(spec["corpus"])], Path(spec["out"]), workers=spec["workers"],
                              threads=spec.get("threads"), **common)
        result.update(processed=s.processed, skipped=s.skipped, failed=len(s.failed), elapsed_s=s.elapsed_s,
                      load_s=s.load_s, tokens=s.tokens, workers=s.workers, stanza_s=s.stanza_s)
    elif spec["kind"] == "profile":
        result.update(_profile(spec))
    elif spec["kind"] == "place_index":  # the cached package place index (built beforehand by `run`)
        from pipeline.extraction import place_index as pi

        before, t0 = _peak_rss_mb(), time.perf_counter()
        pi.PlaceIndex(pi.load_or_build())
        result.update(index_load_s=time.perf_counter() - t0, index_mb=_peak_rss_mb() - before)
    result["wall_s"] = time.perf_counter() - started
    result["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(result))


def _measure(spec: dict) -> dict:
    """Run one measurement in a fresh interpreter; adds `process_s`, its wall time from exec."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from pipeline.processing.bench import child; child(sys.argv[1])", json.dumps(spec)],
        capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench: measurement {spec['kind']} failed (exit {proc.returncode})")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = elapsed
    return result


def _profile(spec: dict) -> dict:
    """cProfile of extract (1 worker, in-process) on a corpus: where the time outside Stanza goes."""
    import cProfile
    import io
    import pstats

    from pipeline.processing.batch import _warm_up, extract_batch
    from pipeline.tagging.tagger import Tagger

    tagger = Tagger(spec.get("stanza_dir"))
    _warm_up(tagger)  # as every worker does before its first document
    profiler = cProfile.Profile()
    profiler.enable()
    extract_batch([Path(spec["corpus"])], Path(spec["out"]), tagger=tagger, force=True, progress=False)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    cum = {}
    for (filename, _, name), (_, _, _, ct, _) in stats.stats.items():
        if re.search(r"pipeline[/\\](processing|nlp|tagging)[/\\]\w+\.py$", filename):
            key = f"{Path(filename).stem}.{name}"
            cum[key] = max(cum.get(key, 0.0), ct)
    parts = {
        "stanza (tag_many)": cum.get("tagger.tag_many", 0.0),
        "to_doc (Stanza tokens -> spaCy Doc)": cum.get("tagger.to_doc", 0.0),
        "build_record (the nlp's components)": cum.get("record.build_record", 0.0),
        "write outputs": cum.get("output.write_json_atomic", 0.0),
    }
    buf = io.StringIO()
    buf.write(f"cProfile of extract on {spec['corpus']} (1 worker, models loaded before): {total:.1f}s\n\n")
    for name, secs in parts.items():
        buf.write(f"  {name:40s} {secs:8.2f}s  {100 * secs / total:5.1f}%\n")
    outside = total - parts["stanza (tag_many)"]
    buf.write(f"  {'outside Stanza':40s} {outside:8.2f}s  {100 * outside / total:5.1f}%\n\n")
    buf.write("Top functions by own time outside torch/stanza:\n")
    stream = io.StringIO()
    sub = pstats.Stats(profiler, stream=stream)
    keep = {k: v for k, v in sub.stats.items() if not re.search(r"(torch|stanza)[/\\]", k[0])}
    sub.stats = keep
    sub.sort_stats("tottime").print_stats(25)
    buf.write(stream.getvalue())
    buf.write("\nBy cumulative time (pipeline code):\n")
    stream = io.StringIO()
    sub = pstats.Stats(profiler, stream=stream)
    sub.sort_stats("cumulative").print_stats(r"pipeline[/\\]", 30)
    buf.write(stream.getvalue())
    atomic_write(Path(spec["report"]), lambda fh: fh.write(buf.getvalue()))
    return {"profile_total_s": total, "profile_parts_s": parts, "profile_outside_stanza_fraction": outside / total}


# --- the bench ------------------------------------------------------------------------------

def _status(key: str, value: float) -> str:
    op, target = TARGETS[key]
    ok = value <= target if op == "<=" else value >= target
    return f"{'met' if ok else 'NOT met'} ({op} {target:g})"


def table(fig: dict) -> str:
    rows = [
        ("Articles (large / small)", f"{fig['n']} / {fig['n_small']}", ""),
        ("Stanza-only tagging", f"{fig['stanza_s']:.1f} s", ""),
        ("Extract total (1 worker, after model load)", f"{fig['extract_s']:.1f} s", ""),
        ("Ratio total / Stanza-only", f"{fig['ratio_total_to_stanza']:.3f}", _status("ratio_total_to_stanza", fig["ratio_total_to_stanza"])),
        ("Same, within the extract run (its own Stanza time)", f"{fig['ratio_in_run']:.3f} ({fig['stanza_s_in_extract']:.1f} s in Stanza)", _status("ratio_in_run", fig["ratio_in_run"])),
        ("Throughput", f"{fig['docs_per_s']:.2f} docs/s, {fig['tokens_per_s']:.0f} tokens/s", ""),
        ("Re-run on unchanged corpus", f"{fig['rerun_s']:.2f} s = {100 * fig['rerun_fraction']:.2f} % of full run",
         _status("rerun_fraction", fig["rerun_fraction"])),
        ("1 vs 2 workers", f"{fig['full_run_s']:.1f} s vs {fig['two_workers_s']:.1f} s = {fig['speedup_2_workers']:.2f}x",
         _status("speedup_2_workers", fig["speedup_2_workers"])),
        ("1 worker with 1 torch thread vs 2 workers", f"{fig['one_worker_1_thread_s']:.1f} s vs {fig['two_workers_s']:.1f} s = {fig['speedup_2_workers_vs_1_thread']:.2f}x", "(process scaling alone)"),
        ("1 worker vs Dask local:2 (model load per worker)",
         f"{fig['full_run_s']:.1f} s vs {fig['dask_local_2_s']:.1f} s = {fig['speedup_dask_local_2']:.2f}x "
         f"({fig['dask_model_load_s']:.2f} s)", "(same 2 cores)"),
        ("Peak memory, N/10 vs N articles", f"{fig['peak_rss_mb_small']:.0f} MB vs {fig['peak_rss_mb_large']:.0f} MB",
         _status("memory_growth", fig["memory_growth"])),
        *([("Peak memory, N/10 articles vs one {:.1f} MB article".format(fig["big_article_mb"]),
            f"{fig['peak_rss_mb_small']:.0f} MB vs {fig['peak_rss_mb_big_article']:.0f} MB "
            f"({fig['big_article_tokens']} tokens in {fig['big_article_s']:.0f} s)",
            _status("memory_growth_big_article", fig["memory_growth_big_article"]))]
          if "big_article_mb" in fig else []),
        ("One {} KB paragraph without danda: output size / input".format(fig["long_paragraph_kb"]),
         f"{fig['long_paragraph_output_ratio']:.1f}x", _status("long_paragraph_output_ratio", fig["long_paragraph_output_ratio"])),
        ("Peak memory, N/10 articles vs that paragraph", f"{fig['memory_growth_long_paragraph']:.2f}x",
         _status("memory_growth_long_paragraph", fig["memory_growth_long_paragraph"])),
        ("Model load (Stanza + extractor resources; Stanza alone)", f"{fig['model_load_s']:.2f} s ({fig['model_load_s_stanza']:.2f} s)", _status("model_load_s", fig["model_load_s"])),
        ("Package place index load (cached), its memory", f"{fig['place_index_load_s']:.2f} s, {fig['place_index_mb']:.0f} MB", "(in model load)"),
    ]
    lines = ["| Figure | Value | Target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def run(n: int, corpus: Path, out: Path, *, stanza_dir: str | None = None, profile: bool = True,
        big_mb: float = 5.0) -> int:
    """Every measurement of the module docstring on `n` articles made from `corpus`; figures to
    `out`/bench.json and stdout."""
    n = max(10, n)
    work = out / "bench"
    work.mkdir(parents=True, exist_ok=True)
    sd = stanza_dir

    def say(msg: str) -> None:
        print(f"bench: {msg}", file=sys.stderr, flush=True)

    paths = make_corpus(corpus, work / "corpus", n)
    n_small = max(1, n // 10)
    small = subset(paths, work / "corpus_small", n_small)
    say(f"{n} articles in {work / 'corpus'} ({sum(p.stat().st_size for p in paths) / 1e6:.1f} MB); "
        f"{n_small} in {small}")

    for name in ("out_1", "out_1t", "out_2", "out_dask", "out_small", "out_profile"):
        shutil.rmtree(work / name, ignore_errors=True)

    say("Stanza alone on the same texts ...")
    stanza = _measure({"kind": "stanza", "corpus": str(work / "corpus"), "stanza_dir": sd})
    say(f"  {stanza['tag_s']:.1f}s, {stanza['tokens']} tokens, model load {stanza['load_s']:.2f}s")

    say("package place index, cached load ...")
    from pipeline.extraction.place_index import load_or_build

    load_or_build()  # a first run builds and caches it here, outside every timing
    index = _measure({"kind": "place_index"})
    say(f"  {index['index_load_s']:.2f}s, {index['index_mb']:.0f} MB")

    say("extract, 1 worker ...")
    one = _measure({"kind": "extract", "corpus": str(work / "corpus"), "out": str(work / "out_1"),
                    "workers": 1, "stanza_dir": sd})
    say(f"  {one['process_s']:.1f}s ({one['processed']} processed, {one['failed']} failed), "
        f"peak {one['peak_rss_mb']:.0f} MB")

    say("re-run on the unchanged corpus ...")
    rerun = _measure({"kind": "extract", "corpus": str(work / "corpus"), "out": str(work / "out_1"),
                      "workers": 1, "stanza_dir": sd, "preimport": False})  # as the CLI: nothing heavy
    say(f"  {rerun['process_s']:.2f}s ({rerun['processed']} processed, {rerun['skipped']} skipped)")

    say("extract, 1 worker, 1 torch thread ...")
    one_t1 = _measure({"kind": "extract", "corpus": str(work / "corpus"), "out": str(work / "out_1t"),
                       "workers": 1, "threads": 1, "stanza_dir": sd})
    say(f"  {one_t1['process_s']:.1f}s")

    say("extract, 2 workers ...")
    two = _measure({"kind": "extract", "corpus": str(work / "corpus"), "out": str(work / "out_2"),
                    "workers": 2, "stanza_dir": sd})
    say(f"  {two['process_s']:.1f}s")

    say("extract, Dask local:2 ...")
    dask = _measure({"kind": "extract", "corpus": str(work / "corpus"), "out": str(work / "out_dask"),
                     "dask": "local:2", "stanza_dir": sd, "preimport": False})  # the client needs no torch
    say(f"  {dask['process_s']:.1f}s, model load per worker {dask['load_s']:.2f}s")

    say(f"extract, 1 worker, {n_small} articles ...")
    smallrun = _measure({"kind": "extract", "corpus": str(small), "out": str(work / "out_small"),
                         "workers": 1, "stanza_dir": sd})
    say(f"  peak {smallrun['peak_rss_mb']:.0f} MB")

    big = None
    if big_mb > 0:
        big_path = make_big_article(paths, work / "corpus_big", big_mb)
        say(f"extract, 1 worker, one {big_path.stat().st_size / 1e6:.1f} MB article ...")
        shutil.rmtree(work / "out_big", ignore_errors=True)
        big = _measure({"kind": "extract", "corpus": str(big_path.parent), "out": str(work / "out_big"),
                        "workers": 1, "stanza_dir": sd})
        big["mb"] = round(big_path.stat().st_size / 1e6, 2)
        say(f"  {big['process_s']:.1f}s, {big['tokens']} tokens, peak {big['peak_rss_mb']:.0f} MB")

    say("extract, 1 worker, one paragraph without danda or line break ...")
    para = work / "corpus_paragraph" / "paragraph.txt"
    para.parent.mkdir(exist_ok=True)
    para.write_text(LONG_PARAGRAPH[0] * LONG_PARAGRAPH[1], encoding="utf-8")
    shutil.rmtree(work / "out_paragraph", ignore_errors=True)
    lp = _measure({"kind": "extract", "corpus": str(para.parent), "out": str(work / "out_paragraph"),
                   "workers": 1, "stanza_dir": sd})
    lp["ratio"] = (work / "out_paragraph" / "paragraph.json").stat().st_size / para.stat().st_size
    say(f"  {lp['process_s']:.1f}s, output {lp['ratio']:.1f}x the input, peak {lp['peak_rss_mb']:.0f} MB")

    same = _same_outputs(work / "out_1", work / "out_2")
    extract_s = one["elapsed_s"] - one["load_s"]
    fig = {
        "n": n,
        "n_small": n_small,
        "tokens": one["tokens"],
        "stanza_s": round(stanza["tag_s"], 2),
        "extract_s": round(extract_s, 2),
        "ratio_total_to_stanza": round(extract_s / stanza["tag_s"], 3),
        "stanza_s_in_extract": round(one["stanza_s"], 2),
        "ratio_in_run": round(extract_s / one["stanza_s"], 3) if one["stanza_s"] else None,
        "docs_per_s": round(one["processed"] / extract_s, 3),
        "tokens_per_s": round(one["tokens"] / extract_s, 1),
        "full_run_s": round(one["process_s"], 2),
        "rerun_s": round(rerun["process_s"], 3),
        "rerun_fraction": round(rerun["process_s"] / one["process_s"], 4),
        "rerun_processed": rerun["processed"],
        "two_workers_s": round(two["process_s"], 2),
        "speedup_2_workers": round(one["process_s"] / two["process_s"], 3),
        "one_worker_1_thread_s": round(one_t1["process_s"], 2),
        "speedup_2_workers_vs_1_thread": round(one_t1["process_s"] / two["process_s"], 3),
        "two_workers_outputs_identical": same,
        "dask_local_2_s": round(dask["process_s"], 2),
        "speedup_dask_local_2": round(one["process_s"] / dask["process_s"], 3),
        "dask_model_load_s": round(dask["load_s"], 3),
        "dask_failed": dask["failed"],
        "dask_outputs_identical": _same_outputs(work / "out_1", work / "out_dask"),
        "peak_rss_mb_small": smallrun["peak_rss_mb"],
        "peak_rss_mb_large": one["peak_rss_mb"],
        "peak_rss_mb_2_workers": two["peak_rss_mb"],
        "memory_growth": round(one["peak_rss_mb"] / smallrun["peak_rss_mb"], 3),
        "long_paragraph_kb": round(para.stat().st_size / 1000),
        "long_paragraph_output_ratio": round(lp["ratio"], 2),
        "memory_growth_long_paragraph": round(lp["peak_rss_mb"] / smallrun["peak_rss_mb"], 3),
        "model_load_s": round(one["load_s"], 3),
        "model_load_s_stanza": round(stanza["load_s"], 3),
        "place_index_load_s": round(index["index_load_s"], 3),
        "place_index_mb": round(index["index_mb"], 1),
        "failed": one["failed"],
    }
    if big:
        fig.update(big_article_mb=big["mb"], big_article_s=round(big["process_s"], 2),
                   big_article_tokens=big["tokens"], big_article_failed=big["failed"],
                   peak_rss_mb_big_article=big["peak_rss_mb"],
                   memory_growth_big_article=round(big["peak_rss_mb"] / smallrun["peak_rss_mb"], 3))
    if profile:
        say(f"profiling extract on {n_small} articles ...")
        prof = _measure({"kind": "profile", "corpus": str(small), "out": str(work / "out_profile"),
                         "stanza_dir": sd, "report": str(out / "bench_profile.txt")})
        fig["profile_outside_stanza_fraction"] = round(prof["profile_outside_stanza_fraction"], 4)
        fig["profile_parts_s"] = {k: round(v, 3) for k, v in prof["profile_parts_s"].items()}
        fig["profile_report"] = str(out / "bench_profile.txt")
    fig["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    write_json_atomic(out / "bench.json", fig)
    print(table(fig))
    if "profile_parts_s" in fig:
        print("\nWhere the time goes (cProfile, %d articles):" % n_small)
        for name, secs in fig["profile_parts_s"].items():
            print(f"  {name:40s} {secs:8.2f}s")
        print(f"  outside Stanza: {100 * fig['profile_outside_stanza_fraction']:.1f} %  (full profile: {fig['profile_report']})")
    print(f"\noutputs with 2 workers identical to 1 (meta.time_s aside): {same}; "
          f"with Dask local:2: {fig['dask_outputs_identical']}")
    print(f"figures -> {out / 'bench.json'}")
    return 0


def _same_outputs(a: Path, b: Path) -> bool:
    def load(folder: Path) -> dict:
        found = {}
        for path in sorted(folder.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("meta"), dict):
                data["meta"].pop("time_s", None)
            found[path.name] = data
        return found

    return load(a) == load(b)
