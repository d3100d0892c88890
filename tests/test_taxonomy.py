"""The event taxonomy: every CAMEO code belongs to one type; events keep their own
CAMEO code, PLOVER family and mode through loading, storing, review and display."""
import csv
import datetime as dt
import importlib
import json
import string
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from events.extraction import read_event_types
from events.extraction.derive.plover_table import table_parse
from events.ingest.canonical import content_hash
from events.models import Article, Event, EventType, Family
from events.services import reference_load
from events.services.review import suggestion_confirm
from events.services.suggestions import suggestions_store

from .factories import EventFactory

ROOT = Path(__file__).resolve().parent.parent
TYPES_CSV = ROOT / "events" / "reference" / "event_types.csv"
PLOVER_JSON = ROOT / "events" / "extraction" / "data" / "cameo_plover.json"

# CAMEO 01 (statements) and 02 (appeals), which the CAMEO-to-PLOVER table leaves out.
STATEMENT_AND_APPEAL_CODES = (
    [f"01{n}" for n in range(10)] + [f"02{n}" for n in range(9)]
    + ["0211", "0212", "0213", "0214", "0231", "0232", "0233", "0234", "0241", "0242", "0243", "0244",
       "0251", "0252", "0253", "0254", "0255", "0256"]
)
PLACEHOLDERS = {"source", "target", "participants"}
TEXT = "Norway froze its military assistance to Mali on Tuesday, the foreign ministry in Oslo said."


def types() -> list[dict]:
    return read_event_types(str(TYPES_CSV))


def table() -> dict:
    with open(PLOVER_JSON, encoding="utf-8") as handle:
        return json.load(handle)


# --------------------------------------------------------------- the files


def test_every_cameo_code_belongs_to_exactly_one_type():
    wanted = set(table()["codes"]) | set(STATEMENT_AND_APPEAL_CODES)
    owners: dict[str, list[str]] = {}
    for row in types():
        for code in row["cameo_codes"]:
            owners.setdefault(code, []).append(row["slug"])
    assert sorted(wanted - owners.keys()) == []
    assert {code: slugs for code, slugs in owners.items() if len(slugs) > 1} == {}
    assert sorted(owners.keys() - wanted) == []


def test_each_type_has_a_plover_family_and_a_representative_code_some_type_covers():
    rows = types()
    covered = {code for row in rows for code in row["cameo_codes"]}
    for row in rows:
        assert row["plover"] in Family.values, row["slug"]
        assert row["cameo"] in covered or row["plover"] == Family.INCIDENT, row["slug"]
        assert len(row["slug"]) <= 40 and len(row["name"]) <= 100, row["slug"]
    assert 55 <= len(rows) <= 75


def test_a_type_that_covers_codes_covers_its_own_representative_code():
    for row in types():
        if row["cameo_codes"]:
            assert row["cameo"] in row["cameo_codes"], row["slug"]


def test_headlines_use_only_the_known_placeholders_and_end_without_a_full_stop():
    for row in types():
        fields = {name for _, name, _, _ in string.Formatter().parse(row["headline"]) if name}
        assert row["headline"] and not row["headline"].endswith("."), row["slug"]
        assert fields <= PLACEHOLDERS, row["slug"]
        if row["plover"] != Family.INCIDENT:
            assert ("participants" in fields) == (not row["directed"]), row["slug"]


def test_existing_types_keep_their_slugs_and_codes():
    by = {row["slug"]: row for row in types()}
    assert (by["ambassador_summoned"]["cameo"], by["ambassador_summoned"]["cameo_codes"]) == ("114", [])
    assert "114" in by["complaint"]["cameo_codes"]
    assert (by["diplomats_expelled"]["cameo"], by["diplomats_expelled"]["cameo_codes"]) == ("166", ["166"])
    assert by["incident"]["headline"] == "Incident reported" and by["incident"]["cameo_codes"] == []


def test_the_plover_table_file_names_its_source_and_licence():
    document = table()
    assert document["licence"] == "CC BY-SA 4.0" and "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f" in document["source"]
    assert document["codes"]["163"] == {"plover": "COERCE", "mode": "restrict", "context": "diplomatic",
                                        "description": "Impose embargo, boycott, or sanctions"}
    assert not any(code.startswith(("01", "02")) for code in document["codes"])


def test_the_table_parser_keeps_the_first_line_of_a_code_and_stops_at_the_rule():
    lines = [
        "# a comment", "",
        "16: SANCTION",
        "161: SANCTION, withdraw,   diplomatic      # Reduce or break diplomatic relations",
        "0813: RETREAT, ,   legal # Ease curfew  21.09.17: a note by the editor",
        "161: COERCE, , # listed again",
        "~~~~~",
        "999: ASSAULT, , # after the rule",
    ]
    assert table_parse(lines) == {
        "0813": {"plover": "RETREAT", "mode": "", "context": "legal", "description": "Ease curfew"},
        "161": {"plover": "SANCTION", "mode": "withdraw", "context": "diplomatic",
                "description": "Reduce or break diplomatic relations"},
    }


# --------------------------------------------------------------- loading


@pytest.mark.django_db
def test_load_reference_loads_the_codes_and_headline_of_every_type(reference):
    with open(TYPES_CSV, encoding="utf-8", newline="") as handle:
        rows = {row["slug"]: row for row in csv.DictReader(handle)}
    loaded = {t.slug: t for t in EventType.objects.all()}
    assert loaded.keys() == rows.keys()
    for slug, row in rows.items():
        assert (loaded[slug].cameo_codes, loaded[slug].headline) == (row["cameo_codes"], row["headline"])


@pytest.mark.django_db
def test_reloading_fills_blank_codes_and_keeps_an_admins_edits(reference):
    EventType.objects.filter(slug="visit").update(cameo_codes="", headline="")
    EventType.objects.filter(slug="meeting").update(cameo_codes="040", headline="{participants} meet")
    first = reference_load()
    second = reference_load()
    visit, meeting = EventType.objects.get(slug="visit"), EventType.objects.get(slug="meeting")
    assert (visit.cameo_codes, visit.headline) == ("042 043", "{source} visits {target}")
    assert (meeting.cameo_codes, meeting.headline) == ("040", "{participants} meet")
    assert first.created["event types given their CAMEO codes or headline"] == 1
    assert not any(second.created.values())


@pytest.mark.django_db
def test_the_engine_reads_the_same_codes_from_the_database_as_from_the_file(reference):
    from events.selectors import event_type_rows

    from_db = {row["slug"]: (row["cameo_codes"], row["headline"]) for row in event_type_rows()}
    from_file = {row["slug"]: (row["cameo_codes"], row["headline"]) for row in types()}
    assert from_db == from_file


# --------------------------------------------------------------- the data migration


@pytest.mark.django_db
def test_the_data_migration_gives_existing_events_their_types_codes(reference):
    fill = importlib.import_module("events.migrations.0103_event_codes_fill").event_codes_fill
    kinds = {t.slug: t for t in EventType.objects.filter(slug__in=["diplomats_expelled", "incident", "aid_cut"])}
    old = EventFactory(type=kinds["diplomats_expelled"])
    accident = EventFactory(type=kinds["incident"])
    own = EventFactory(type=kinds["aid_cut"], cameo="1622", plover="SANCTION", plover_mode="discontinue")
    assert Event.objects.filter(pk__in=[old.pk, accident.pk], plover="").count() == 2
    updated = fill(apps, connection.schema_editor())
    rows = dict((pk, rest) for pk, *rest in Event.objects.values_list("pk", "cameo", "plover", "plover_mode"))
    assert updated == 2
    assert rows[old.pk] == ["166", "SANCTION", "expel"]
    assert rows[accident.pk] == ["", "INCIDENT", ""]
    assert rows[own.pk] == ["1622", "SANCTION", "discontinue"]


# --------------------------------------------------------------- storing and reviewing


def _store(suggestion: dict) -> Event:
    article = Article.objects.create(text=TEXT, content_hash=content_hash(TEXT), status=Article.Status.FETCHED,
                                     published_at=dt.datetime(2022, 3, 2, tzinfo=dt.timezone.utc))
    base = {"source": [{"name": "Norway", "code": "NO"}], "target": [{"name": "Mali", "code": "ML"}],
            "participants": [], "date": "2022-03-01", "date_min": "2022-03-01", "date_max": "2022-03-01",
            "date_precision": "day", "summary": "Norway freezes military aid to Mali", "quote": TEXT,
            "quote_start": 0, "quote_end": len(TEXT), "confidence": 0.8}
    result = suggestions_store(article_id=article.pk, suggestions=[{**base, **suggestion}])
    return Event.objects.select_related("type").get(pk=result.created[0])


@pytest.mark.django_db
def test_a_stored_suggestion_keeps_its_own_code_not_its_types(reference):
    event = _store({"type": "aid_cut", "cameo": "1622", "plover": "SANCTION", "plover_mode": "discontinue"})
    assert (event.cameo, event.plover, event.plover_mode) == ("1622", "SANCTION", "discontinue")
    assert event.type.cameo == "162"


@pytest.mark.django_db
def test_a_stored_suggestion_keeps_its_own_family_when_the_table_differs_from_its_type(reference):
    event = _store({"type": "sanctions_imposed", "cameo": "163", "plover": "COERCE", "plover_mode": "restrict"})
    assert (event.plover, event.type.plover) == ("COERCE", "SANCTION")


@pytest.mark.django_db
def test_a_suggestion_without_a_valid_family_takes_its_types_codes(reference):
    event = _store({"type": "aid_cut", "cameo": "not a code", "plover": "NONSENSE"})
    assert (event.cameo, event.plover, event.plover_mode) == ("162", "SANCTION", "discontinue")


@pytest.mark.django_db
def test_an_editor_who_changes_the_type_gives_the_event_the_new_types_codes(reference, editor):
    event = _store({"type": "aid_cut", "cameo": "1622", "plover": "SANCTION", "plover_mode": "discontinue"})
    sanctions = EventType.objects.get(slug="sanctions_imposed")
    suggestion_confirm(event_id=event.pk, user=editor, changes={"type_id": sanctions.pk})
    event.refresh_from_db()
    assert (event.type_id, event.cameo, event.plover, event.plover_mode) == (
        sanctions.pk, "163", "SANCTION", "discontinue")


@pytest.mark.django_db
def test_an_edit_that_keeps_the_type_keeps_the_events_own_codes(reference, editor):
    event = _store({"type": "aid_cut", "cameo": "1622", "plover": "SANCTION", "plover_mode": "discontinue"})
    suggestion_confirm(event_id=event.pk, user=editor, changes={"type_id": event.type_id, "summary": "Aid frozen"})
    event.refresh_from_db()
    assert (event.status, event.summary, event.cameo) == ("confirmed", "Aid frozen", "1622")


# --------------------------------------------------------------- display


@pytest.mark.django_db
def test_the_api_shows_the_events_own_codes_and_the_types_for_an_event_without_them(reference, api_client):
    aid_cut = EventType.objects.get(slug="aid_cut")
    own = EventFactory(type=aid_cut, cameo="1622", plover="SANCTION", plover_mode="discontinue")
    old = EventFactory(type=aid_cut)
    shown = {pk: api_client.get(f"/api/v1/events/{pk}/").json() for pk in (own.pk, old.pk)}
    assert [shown[own.pk][k] for k in ("cameo", "plover", "plover_mode")] == ["1622", "SANCTION", "discontinue"]
    assert [shown[old.pk][k] for k in ("cameo", "plover", "plover_mode")] == ["162", "SANCTION", "discontinue"]
    assert shown[own.pk]["type"]["cameo"] == "162"


@pytest.mark.django_db
def test_the_atom_feed_and_csv_export_show_the_events_own_code(reference, client):
    own = EventFactory(type=EventType.objects.get(slug="sanctions_imposed"), cameo="163", plover="COERCE",
                       plover_mode="restrict", summary="Norway imposes sanctions on Mali")
    feed = client.get("/feeds/events.atom").content.decode()
    assert "(COERCE, CAMEO 163)" in feed
    from events.browse.export import export_rows
    from events.selectors import event_timeline

    lines = list(csv.reader("".join(export_rows(event_timeline().filter(pk=own.pk))).splitlines()))
    row = dict(zip(lines[0], lines[1]))
    assert (row["family"], row["cameo"], row["type"]) == ("COERCE", "163", "sanctions_imposed")


@pytest.mark.django_db
def test_the_api_lists_each_types_codes_and_headline(reference, api_client):
    row = api_client.get("/api/v1/event-types/aid_cut/").json()
    assert (row["cameo_codes"], row["headline"]) == (["162", "1621", "1622", "1623"], "{source} cuts aid to {target}")


@pytest.mark.django_db
@pytest.mark.parametrize("command, options", [("load_demo", {}), ("seed_synthetic", {"events": 40, "method": "copy"})])
def test_demo_and_synthetic_events_carry_their_types_codes(reference, command, options):
    from io import StringIO

    from django.core.management import call_command

    call_command(command, stdout=StringIO(), **options)
    rows = list(Event.objects.values_list("cameo", "plover", "plover_mode", "type__cameo", "type__plover",
                                          "type__plover_mode"))
    assert rows and all(row[:3] == row[3:] for row in rows)
