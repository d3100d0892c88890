"""Stage 3a: the trigger lexicon is data, loads, and covers the taxonomy."""
import json

import pytest

from events.extraction import Engine
from events.extraction.lexicon import inflect, load_lexicon, required_literals

from .conftest import ROOT


def test_every_event_type_has_triggers_hand_written_or_from_the_cameo_lexicon(event_types):
    hand_written = {p.type for p in load_lexicon().patterns}
    verbs = json.loads((ROOT / "events" / "extraction" / "data" / "cameo_verbs.json").read_text())["verbs"]
    coded = {entry["code"] for entry in verbs.values()} | {
        p["code"] for entry in verbs.values() for p in entry.get("patterns", [])}
    unreachable = [row["slug"] for row in event_types
                   if row["slug"] not in hand_written and not coded & set(row["cameo_codes"])]
    assert unreachable == []


def test_verbs_inflect_regularly_and_from_the_irregular_table():
    assert inflect("accuse", {}) == ["accuse", "accuses", "accused", "accusing"]
    assert inflect("deny", {}) == ["deny", "denies", "denied", "denying"]
    assert inflect("ban", {}) == ["ban", "bans", "banned", "banning"]
    assert inflect("agree", {}) == ["agree", "agrees", "agreed", "agreeing"]
    assert "met" in inflect("meet", {"meet": ["meets", "met", "met", "meeting"]})


def test_required_literals_are_what_a_match_cannot_do_without():
    assert required_literals(r"(?:was |were )?(?:pleased|delighted) (?:with|by)") == {"pleased", "delighted"}
    assert required_literals(r"\b(?P<head>expelled|expel)\b") == {"expelled", "expel"}
    assert required_literals(r"@+(?:'s?)? letter") is None


def test_almost_every_pattern_has_keys_so_it_runs_only_where_they_stand():
    lexicon = load_lexicon()
    without = [p.source for p in lexicon.patterns if not p.keys]
    assert len(without) <= 3, without


def test_an_editor_can_add_a_trigger_in_a_file_of_their_own(tmp_path, gazetteer_data, event_types):
    custom = tmp_path / "triggers.yaml"
    custom.write_text(
        "types:\n  diplomats_expelled:\n    patterns:\n      - \"<boot> out (?:\\\\S+ ){0,3}?envoys?\"\n",
        encoding="utf-8")
    engine = Engine.from_data(gazetteer=gazetteer_data, event_types=event_types, lexicon=str(custom))
    events = engine.extract({"published_at": "2022-05-04", "text": "Spain booted out two Russian envoys on Monday."})
    assert [(e["type"], e["date"]) for e in events] == [("diplomats_expelled", "2022-05-02")]


def test_a_trigger_file_naming_an_unknown_type_is_refused(tmp_path, gazetteer_data, event_types):
    custom = tmp_path / "triggers.yaml"
    custom.write_text("types:\n  no_such_type:\n    patterns: [\"<meet>\"]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no_such_type"):
        Engine.from_data(gazetteer=gazetteer_data, event_types=event_types, lexicon=str(custom))
