"""One reference pipeline: the engine gets the same gazetteer from the reference files
(the command line, the engine's tests) as from the database load_reference filled
from them (production), Phoenix people included."""
import json
import shutil

import pytest
from django.core.management import call_command

from events.engine import engine_build
from events.extraction.reference import gazetteer_data_from_files
from events.models import Actor, Alias, Role
from events.selectors import gazetteer_data
from events.services import REFERENCE_DIR, reference_load
from events.services.reference import PHOENIX_FILE

pytestmark = pytest.mark.django_db


def by_name(data: dict) -> dict:
    """The dict with what only numbers rows told apart (database ids, positions in the
    files) replaced by names; countries keyed by code, whose order the engine ignores."""
    names = {actor["id"]: actor["name"] for actor in data["actors"]}
    return {
        "countries": {country["code"]: country for country in data["countries"]},
        "organisations": data["organisations"],
        "actors": [{key: value for key, value in actor.items() if key != "id"} for actor in data["actors"]],
        "roles": [{**{k: v for k, v in role.items() if k != "actor_id"}, "actor": names[role["actor_id"]]}
                  for role in data["roles"]],
    }


@pytest.fixture(scope="module")
def phoenix_people():
    with open(REFERENCE_DIR / PHOENIX_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def test_the_database_and_the_files_give_the_same_gazetteer(reference):
    from_database, from_files = by_name(gazetteer_data()), by_name(gazetteer_data_from_files(str(REFERENCE_DIR)))
    for part in ("countries", "organisations", "actors", "roles"):
        assert from_database[part] == from_files[part], part


def test_both_gazetteers_hold_every_phoenix_person_with_their_roles(reference, phoenix_people):
    wanted = {person["name"] for person in phoenix_people}
    for data in (gazetteer_data(), gazetteer_data_from_files(str(REFERENCE_DIR))):
        actors = {actor["name"]: actor for actor in data["actors"]}
        assert wanted <= set(actors)
        blair = actors["Tony Blair"]
        assert (blair["code"], blair["country"]) == ("GB", "GB")
        assert {(r["of"], r["start"], r["office"]) for r in data["roles"] if r["actor_id"] == blair["id"]} >= {
            ("GB", "1997-05-02", None)}
        assert (actors["Kofi Annan"]["code"], actors["Kofi Annan"]["country"]) == ("UN", None)
    assert Actor.objects.filter(source=Actor.Source.PHOENIX).count() == len(phoenix_people)


def test_aliases_differing_only_in_case_are_both_loaded(reference):
    nato = set(Alias.objects.filter(actor__code="NATO", actor__kind="organisation").values_list("text", flat=True))
    assert {"NATO", "Nato"} <= nato


def test_a_story_from_2005_resolves_blair_and_chirac_to_their_countries(reference):
    engine = engine_build()
    events = engine.extract({"id": "x", "url": None, "outlet": None, "title": "", "published_at": "2005-06-14",
                             "text": "Tony Blair met Jacques Chirac in Paris on Monday. "
                                     "Later Blair accused Chirac of blocking reform of the farm budget."})
    sides = [{entry["code"] for side in ("source", "target", "participants") for entry in event.get(side, [])}
             for event in events]
    assert {"GB", "FR"} in sides
    accusation = next(event for event in events if event["type"] == "accusation")
    assert [e["code"] for e in accusation["source"]] == ["GB"] and [e["code"] for e in accusation["target"]] == ["FR"]


def test_reloading_phoenix_people_keeps_an_admins_edit_and_creates_nothing(reference, phoenix_people, capsys):
    chirac = Actor.objects.get(source=Actor.Source.PHOENIX, name="Jacques Chirac")
    chirac.name = "Jacques René Chirac"
    chirac.save()
    deleted = Role.objects.filter(actor=chirac).order_by("start").first()
    deleted.delete()
    call_command("load_reference")
    out = capsys.readouterr().out.strip().splitlines()
    chirac.refresh_from_db()
    assert chirac.name == "Jacques René Chirac"
    assert not Role.objects.filter(actor=chirac, start=deleted.start).exists()
    assert len(out) == 1 and f"Phoenix people: {len(phoenix_people):,} loaded (0 new, " \
        f"{len(phoenix_people) - 1:,} unchanged, 1 kept as edited)" in out[0]


def test_a_first_load_creates_phoenix_people_whole_and_skips_a_name_taken(reference, tmp_path):
    for name in ("countries.json", "organisations.json", "people.json", "event_types.csv"):
        shutil.copy(REFERENCE_DIR / name, tmp_path / name)
    people = [
        {"name": "Teodora Vasquel", "aliases": ["Teodora M. Vasquel"], "country": "PE", "roles": [
            {"office": "other", "title": "Official", "of": "PE", "start": "1999-03-01", "end": "2001-07-28"}]},
        {"name": "Oskar Lindqvart", "aliases": [], "country": None, "organisation": "UN", "roles": [
            {"office": "other", "title": "Official", "of": "UN", "start": "1994-01-01", "end": "1996-12-31"}]},
        {"name": "Boris Johnson", "aliases": [], "country": "GB", "roles": []},
    ]
    (tmp_path / PHOENIX_FILE).write_text(json.dumps(people), encoding="utf-8")
    report = reference_load(directory=tmp_path)
    assert {k: report.created[k] for k in ("Phoenix people", "Phoenix aliases", "Phoenix roles")} == {
        "Phoenix people": 2, "Phoenix aliases": 1, "Phoenix roles": 2}
    assert report.lines == ["Phoenix people: 3 loaded (2 new, 0 unchanged, 0 kept as edited, 1 skipped: name taken)"]
    vasquel, lindqvart = Actor.objects.get(name="Teodora Vasquel"), Actor.objects.get(name="Oskar Lindqvart")
    assert (vasquel.source, vasquel.country.code, vasquel.entity_code) == ("phoenix", "PE", "PE")
    assert (lindqvart.country, lindqvart.entity_code) == (None, "UN")
    assert Role.objects.get(actor=lindqvart).organisation.code == "UN"
    assert Actor.objects.get(name="Boris Johnson").source == Actor.Source.REFERENCE
