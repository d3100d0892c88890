"""Stage 3c–3d: sides read off the dependency tree, acts coded from the CAMEO lexicon."""
import ast
import shutil
from pathlib import Path

import pytest

from events.extraction import parser as model

from .conftest import ROOT, TAXONOMY, codes


def _one(events, kind):
    found = [e for e in events if e["type"] == kind]
    assert len(found) == 1, [(e["type"], e["summary"]) for e in events]
    return found[0]


def test_a_passive_takes_its_agent_as_source_and_its_subject_as_target(extract):
    event = _one(extract("Three Russian diplomats were expelled by Poland on Tuesday.", "2024-03-14"),
                 "diplomats_expelled")
    assert (codes(event["source"]), codes(event["target"])) == ({"PL"}, {"RU"})


def test_a_relative_clause_keeps_its_own_subject_and_a_pronoun_its_speaker(extract):
    events = extract("Germany, which had sanctioned Russia, said on Monday that it would send aid to Ukraine.",
                     "2024-03-14")
    aid = _one(events, "cooperation_offered")  # a promise of aid: CAMEO's intent to provide aid
    assert (codes(aid["source"]), codes(aid["target"]), aid["cameo"]) == ({"DE"}, {"UA"}, "033")
    sanctions = _one(events, "sanctions_imposed")
    assert (codes(sanctions["source"]), codes(sanctions["target"])) == ({"DE"}, {"RU"})


def test_two_states_acting_each_on_their_own_give_one_event_each(extract):
    events = [e for e in extract("Poland and Germany expelled Russian diplomats on Monday.", "2024-03-14")
              if e["type"] == "diplomats_expelled"]
    assert sorted(tuple(sorted(codes(e["source"]))) for e in events) == [("DE",), ("PL",)]
    assert all(codes(e["target"]) == {"RU"} for e in events)


def test_a_joint_act_stays_one_event(extract):
    events = [e for e in extract("Poland and Germany jointly expelled Russian diplomats on Monday.", "2024-03-14")
              if e["type"] == "diplomats_expelled"]
    assert len(events) == 1 and codes(events[0]["source"]) == {"PL", "DE"}


def test_a_relative_pronoun_object_stands_for_the_noun_it_describes(extract):
    event = _one(extract("In December the European Union placed sanctions on Poland, which it accused of "
                         "stirring up violence.", "2022-01-31"), "accusation")
    assert (codes(event["source"]), codes(event["target"])) == ({"EU"}, {"PL"})
    assert event["summary"].startswith("European Union accuses Poland of stirring up violence")


def test_an_official_of_an_organisation_stands_for_it_not_for_her_country(extract):
    event = _one(extract("The EU's foreign-policy chief, Kaja Kallas, threatened Belarus with new sanctions "
                         "on Tuesday.", "2025-03-12"), "sanctions_threatened")
    assert codes(event["source"]) == {"EU"} and codes(event["target"]) == {"BY"}
    assert event["date_min"] == event["date_max"] == "2025-03-11"


def test_ready_to_impose_sanctions_is_a_threat_not_sanctions(extract):
    events = extract("The EU is ready to impose new sanctions on Belarus, an EU spokesman said.", "2025-03-12")
    assert [e["type"] for e in events] == ["sanctions_threatened"]


def test_a_negated_act_is_no_event_and_a_refusal_is_a_rejection(extract):
    assert extract("Poland did not expel any Russian diplomats.", "2024-03-14") == []
    event = _one(extract("Hungary refused to lift its veto on aid to Ukraine.", "2024-03-14"), "rejection")
    assert codes(event["source"]) == {"HU"}


def test_an_unknown_named_actor_is_proposed_as_new_with_a_low_confidence(extract):
    event = _one(extract("The Wagner Group accused Poland of provocations on Monday.", "2024-03-14"), "accusation")
    source = event["source"][0]
    assert source["new"] is True and source["code"] is None and "Wagner" in source["name"]
    assert codes(event["target"]) == {"PL"} and event["confidence"] <= 0.35


@pytest.mark.parametrize("text, kind, code", [
    ("Qatar granted asylum to the former Syrian president on Tuesday.", "asylum_granted", "075"),
    ("Spain extradited a Russian hacker to the United States on Monday.", "legal_cooperation", "063"),
    ("Iran released two French citizens on Wednesday after months in detention.", "release", "0841"),
])
def test_acts_no_hand_written_pattern_names_are_coded_from_the_cameo_lexicon(extract, text, kind, code):
    event = _one(extract(text, "2024-03-14"), kind)
    assert event["cameo"] == code and event["source"] and event["target"]
    assert event["plover"] and "->" not in event["summary"]


def test_an_act_in_the_present_perfect_is_dated_to_publication_day_or_the_day_before(extract):
    event = _one(extract("Poland has expelled three Belarusian diplomats.", "2024-03-14"), "diplomats_expelled")
    assert (event["date_min"], event["date_max"], event["date_precision"]) == ("2024-03-13", "2024-03-14", "day")


def test_an_explicit_date_wins_and_a_deadline_is_not_the_day_of_the_act(extract):
    dated = _one(extract("Poland has expelled three Belarusian diplomats on 3 March.", "2024-03-14"),
                 "diplomats_expelled")
    assert dated["date_min"] == dated["date_max"] == "2024-03-03"
    ultimatum = _one(extract("Russia gave Ukraine an ultimatum to withdraw its troops by Friday.", "2024-03-14"),
                     "ultimatum")
    assert ultimatum["date_max"] <= "2024-03-14"


def test_no_event_type_slug_is_written_in_the_engines_python():
    slugs = {line.split(",")[0] for line in TAXONOMY.read_text().splitlines()[1:]}
    written = set()
    for path in (ROOT / "events" / "extraction").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in slugs:
                written.add((path.name, node.value))
    assert written == set()


def test_the_installed_parsing_model_matches_its_recorded_checksums():
    package, folder = model.model_dir()
    model.verify(folder)
    assert package in model.PACKAGES


def test_a_model_whose_file_differs_is_refused_with_the_files_name(tmp_path):
    _, folder = model.model_dir()
    copy = Path(shutil.copytree(folder, tmp_path / "model"))
    with open(copy / "parser" / "cfg", "a", encoding="utf-8") as handle:
        handle.write(" ")
    with pytest.raises(model.ModelError, match="parser/cfg"):
        model.verify(str(copy))
    (copy / "parser" / "cfg").unlink()
    with pytest.raises(model.ModelError, match="parser/cfg is missing"):
        model.verify(str(copy))
