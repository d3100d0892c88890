"""Fixtures for the engine's tests: pure Python, no database, no ../shared.

The engine is built from the small gazetteer in fixtures/reference (the same
formats as events/reference), so these tests do not move when the real
reference data grows, and from the project's one event taxonomy
(events/reference/event_types.csv), whose CAMEO codes the lexicon needs.
"""
import json
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest tests/extraction -p no:django` from anywhere
    sys.path.insert(0, str(ROOT))

from events.extraction import Engine, gazetteer_data_from_files, read_event_types  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = FIXTURES / "reference"
TAXONOMY = ROOT / "events" / "reference" / "event_types.csv"


@pytest.fixture(scope="session")
def gazetteer_data():
    return gazetteer_data_from_files(str(REFERENCE))


@pytest.fixture(scope="session")
def event_types():
    return read_event_types(str(TAXONOMY))


@pytest.fixture(scope="session")
def engine(gazetteer_data, event_types):
    return Engine.from_data(gazetteer=gazetteer_data, event_types=event_types, lexicon=None)


@pytest.fixture(scope="session")
def extract(engine):
    """extract(text, published_at) -> the engine's suggestions."""
    def run(text, published_at="2021-11-29", title=""):
        return engine.extract({"id": "t", "url": None, "outlet": None, "title": title,
                               "published_at": published_at, "text": text})
    return run


def load_articles():
    with open(FIXTURES / "articles.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_channel_case():
    with open(FIXTURES / "channel_crossings_2021.json", encoding="utf-8") as handle:
        return json.load(handle)


def codes(side):
    return {entry["code"] for entry in side}
