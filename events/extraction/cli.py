"""Command line: JSON Lines in, JSON Lines out (the contract of eval/README.md).

    python -m events.extraction --input articles.jsonl [--reference events/reference]
    python -m events.extraction --input articles.jsonl --bench [--repeat 20]

Standard output carries one line per input line, in order, and nothing else;
errors and progress go to standard error. The Django commands reuse
`run_jsonl` and `bench`.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REFERENCE = os.path.normpath(os.path.join(HERE, "..", "reference"))


def _one_line(line: str, engine) -> dict:
    try:
        article = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "events": [], "error": f"not JSON: {error.msg} at column {error.colno}"}
    if not isinstance(article, dict):
        return {"id": None, "events": [], "error": "a line must hold a JSON object"}
    try:
        return {"id": article.get("id"), "events": engine.extract(article)}
    except (ValueError, TypeError) as error:
        return {"id": article.get("id"), "events": [], "error": str(error)}
    except Exception as error:  # a bug must cost one article, not the batch
        traceback.print_exc()
        return {"id": article.get("id"), "events": [], "error": f"internal error: {error!r}"}


def run_jsonl(in_stream, out_stream, engine, err=None) -> dict:
    """Read articles one per line, write {"id", "events"} one per line.

    A bad line gives {"id": ..., "events": [], "error": "..."} and a message on
    `err`; it never stops the run. Returns counts.
    """
    err = err if err is not None else sys.stderr
    counts = {"articles": 0, "events": 0, "errors": 0}
    for number, line in enumerate(in_stream, 1):
        if not line.strip():
            continue
        result = _one_line(line, engine)
        counts["articles"] += 1
        counts["events"] += len(result["events"])
        if "error" in result:
            counts["errors"] += 1
            err.write(f"line {number}: {result['error']}\n")
        out_stream.write(json.dumps(result, ensure_ascii=False) + "\n")
    return counts


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench(engine, articles: list[dict], repeat: int = 1) -> dict:
    """Time `engine.extract` over the articles; speed on one core, peak memory."""
    started, cpu_started = time.perf_counter(), time.process_time()
    count, characters = 0, 0
    for _ in range(repeat):
        for article in articles:
            engine.extract(article)
            count += 1
            characters += len(article.get("text") or "")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "articles": count,
        "seconds": round(elapsed, 3),
        "articles_per_second": round(count / elapsed, 1) if elapsed else None,
        # CPU time of this process: the one-core figure, whatever else the machine runs
        "articles_per_cpu_second": round(count / cpu, 1) if cpu else None,
        "mean_characters": round(characters / count) if count else 0,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def pad(article: dict, size: int) -> dict:
    """The article with its text repeated up to `size` characters (bench input of a known length)."""
    text = article.get("text") or ""
    if size and text:
        text = "\n\n".join([text] * (size // (len(text) + 2) + 1))[:size]
    return {**article, "text": text}


def build_engine(reference: str, lexicon: str | None = None, min_confidence: float | None = None):
    from .engine import MIN_CONFIDENCE, Engine
    from .reference import gazetteer_data_from_files, read_event_types

    # one taxonomy: a reference folder without its own event_types.csv uses the project's
    types_path = os.path.join(reference, "event_types.csv")
    if not os.path.exists(types_path):
        types_path = os.path.join(DEFAULT_REFERENCE, "event_types.csv")
    data = gazetteer_data_from_files(reference)
    return Engine.from_data(gazetteer=data, event_types=read_event_types(types_path), lexicon=lexicon,
                            min_confidence=MIN_CONFIDENCE if min_confidence is None else min_confidence)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m events.extraction", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, help="JSON Lines file of articles ('-' for standard input)")
    parser.add_argument("--reference", default=DEFAULT_REFERENCE, help="folder of the reference files")
    parser.add_argument("--lexicon", help="trigger file (default: the packaged triggers.yaml)")
    parser.add_argument("--min-confidence", type=float, help="drop suggestions below this confidence")
    parser.add_argument("--bench", action="store_true", help="time the engine instead of printing events")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the input with --bench")
    parser.add_argument("--pad", type=int, default=0,
                        help="with --bench, repeat each article's own paragraphs up to this many characters")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    engine = build_engine(args.reference, args.lexicon, args.min_confidence)
    startup = time.perf_counter() - started
    sys.stderr.write(f"engine ready in {startup:.2f} s ({engine.gaz.size} gazetteer terms)\n")
    stream = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8", errors="replace")
    with stream:
        if args.bench:
            articles = [pad(json.loads(line), args.pad) for line in stream if line.strip()]
            figures = bench(engine, articles, args.repeat)
            figures["startup_seconds"] = round(startup, 3)
            print(json.dumps(figures))
            return 0
        counts = run_jsonl(stream, sys.stdout, engine)
    sys.stderr.write(f"{counts['articles']} articles, {counts['events']} suggestions, {counts['errors']} errors\n")
    return 0
