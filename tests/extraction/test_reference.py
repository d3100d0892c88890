"""The reference files become the plain gazetteer dict the engine takes."""
import json
import re
from decimal import Decimal
from pathlib import Path

from events.extraction import Engine, bench, gazetteer_data_from_files, read_event_types

from .conftest import REFERENCE, ROOT, TAXONOMY, codes


def test_curated_countries_keep_their_aliases_demonyms_and_metonyms(gazetteer_data):
    france = next(c for c in gazetteer_data["countries"] if c["code"] == "FR")
    kinds = {(t["text"], t["kind"]) for t in france["terms"]}
    assert {("France", "name"), ("French", "demonym"), ("Paris", "metonym")} <= kinds
    assert france["leader"] == "head_of_state"


def test_every_other_iso_country_comes_from_pycountry_by_its_common_name(gazetteer_data):
    by_code = {c["code"]: c for c in gazetteer_data["countries"]}
    assert len(by_code) >= 240
    assert {t["text"] for t in by_code["TZ"]["terms"]} >= {"Tanzania"}
    assert by_code["TZ"]["leader"] == "head_of_government"  # the Country model's default, as in the database


def test_a_short_name_two_countries_share_is_left_out():
    data = gazetteer_data_from_files(str(Path(__file__).parent / "fixtures" / "missing"), with_pycountry=True)
    texts = [t["text"] for c in data["countries"] for t in c["terms"]]
    assert "Korea" not in texts and "Congo" not in texts
    assert "North Korea" in texts


def test_bodies_become_actors_with_their_organisations_code(gazetteer_data):
    frontex = next(a for a in gazetteer_data["actors"] if a["name"] == "Frontex")
    assert (frontex["kind"], frontex["code"]) == ("body", "EU")


def test_people_become_actors_and_their_roles_role_rows(gazetteer_data):
    johnson = next(a for a in gazetteer_data["actors"] if a["name"] == "Boris Johnson")
    roles = [r for r in gazetteer_data["roles"] if r["actor_id"] == johnson["id"]]
    assert (johnson["kind"], johnson["code"]) == ("person", "GB")
    assert roles == [{"actor_id": johnson["id"], "office": "head_of_government", "title": "Prime Minister",
                      "of": "GB", "start": "2019-07-24", "end": "2022-09-06"}]


def test_event_types_are_read_with_typed_fields():
    types = {row["slug"]: row for row in read_event_types(str(TAXONOMY))}
    assert len(types) >= 60
    assert "166" in types["diplomats_expelled"]["cameo_codes"] and types["ultimatum"]["cameo_codes"] == ["139"]
    assert types["invitation_withdrawn"]["plover"] == "REJECT"
    assert types["meeting"]["directed"] is False and types["diplomats_expelled"]["goldstein"] == -7.0
    assert types["incident"]["goldstein"] is None


def test_bench_reports_speed_and_memory(engine):
    figures = bench(engine, [{"published_at": "2018-03-27", "text": "Canada expelled two Russian diplomats."}], 3)
    assert figures["articles"] == 3 and figures["articles_per_cpu_second"] > 0 and figures["peak_rss_mb"] > 0


def test_the_engine_package_imports_no_django():
    importing = re.compile(r"^\s*(?:import|from)\s+django\b", re.M)
    sources = (ROOT / "events" / "extraction").glob("*.py")
    assert not [path.name for path in sources if importing.search(path.read_text(encoding="utf-8"))]


def test_event_types_from_the_database_may_carry_decimals_and_words(gazetteer_data, event_types):
    rows = [{**row, "goldstein": Decimal(str(row["goldstein"])) if row["goldstein"] is not None else None,
             "directed": "yes" if row["directed"] else "no"} for row in event_types]
    engine = Engine.from_data(gazetteer=gazetteer_data, event_types=rows)
    events = engine.extract({"published_at": "2023-05-20", "text": "Japan and Australia met in Tokyo on Thursday."})
    assert [e["type"] for e in events] == ["meeting"] and codes(events[0]["participants"]) == {"JP", "AU"}
    json.dumps(events)
