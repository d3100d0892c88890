"""The suggestion engine: pure Python, no Django.

    from events.extraction import Engine, gazetteer_data_from_files, read_event_types
    engine = Engine.from_data(gazetteer=data, event_types=types, lexicon=None)
    events = engine.extract({"id": ..., "title": ..., "published_at": "2021-11-29", "text": ...})

See docs/engine.md for the stages and how to extend the trigger lexicon.
"""
from .cli import bench, run_jsonl
from .engine import Engine, ExtractionError
from .reference import gazetteer_data_from_files, read_event_types

__all__ = ["Engine", "ExtractionError", "bench", "gazetteer_data_from_files", "read_event_types", "run_jsonl"]
