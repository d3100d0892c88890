"""load_reference: complete, idempotent, respectful of editors' edits; roles resolve by date."""
import datetime as dt

import pytest
from django.core.management import call_command

from events.models import Actor, Alias, Country, EventType, Role
from events.selectors import office_holder
from events.services import reference_load

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count() for model in (Country, Actor, Alias, Role, EventType)}


def test_every_iso_country_and_every_event_type_is_loaded(reference):
    import pycountry

    assert Country.objects.count() >= len(pycountry.countries)
    assert EventType.objects.count() == 67
    meeting = EventType.objects.get(slug="invitation_withdrawn")
    assert (meeting.plover, meeting.cameo, meeting.goldstein, meeting.directed) == ("REJECT", "125", -5.0, True)


def test_words_point_at_their_country(reference):
    words = set(Alias.objects.filter(country__code="GB", active=True).values_list("text", flat=True))
    assert {"Downing Street", "British"} <= words
    assert Alias.objects.filter(country__code="RU", text__icontains="Kremlin").exists()
    assert Alias.objects.filter(country__code="FR", text="Paris", kind="metonym").exists()


def test_organisations_have_bodies_acting_for_them(reference):
    frontex = Actor.objects.get(name="Frontex")
    assert frontex.kind == "body" and frontex.code == "EU" and frontex.parent.code == "EU"
    assert Actor.objects.filter(kind="organisation", code__in=["UN", "NATO", "AU", "ASEAN"]).count() == 4


def test_loading_twice_changes_nothing(reference):
    before = counts()
    report = reference_load()
    assert counts() == before
    assert not any(report.created.values())


def test_reloading_keeps_an_editors_edit_of_an_alias(reference):
    paris = Alias.objects.get(country__code="FR", text="Paris")
    paris.active = False
    paris.save()
    kremlin = Alias.objects.filter(country__code="RU", text__icontains="Kremlin").first()
    kremlin.text = "the Kremlin walls"
    kremlin.save()
    reference_load()
    paris.refresh_from_db()
    assert paris.active is False
    assert Alias.objects.filter(pk=kremlin.pk, text="the Kremlin walls").exists()


def test_the_command_prints_a_one_line_summary(reference, capsys):
    call_command("load_reference")
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("load_reference: nothing to create")


@pytest.mark.parametrize("office, place, day, name", [
    ("head_of_government", "GB", dt.date(2021, 6, 1), "Boris Johnson"),
    ("head_of_government", "GB", dt.date(2025, 6, 1), "Keir Starmer"),
    ("head_of_government", "GB", dt.date(2016, 1, 1), "David Cameron"),
    ("head_of_state", "FR", dt.date(2016, 1, 1), "François Hollande"),
    ("head_of_state", "FR", dt.date(2021, 11, 29), "Emmanuel Macron"),
    ("head_of_state", "US", dt.date(2022, 1, 1), "Joe Biden"),
    ("interior_minister", "FR", dt.date(2021, 11, 29), "Gérald Darmanin"),
])
def test_office_holder_on_a_given_day(reference, office, place, day, name):
    holder = office_holder(office=office, place=place, on=day)
    assert holder is not None and holder.name == name


def test_nobody_holds_an_office_before_the_records_begin(reference):
    assert office_holder(office="head_of_government", place="GB", on=dt.date(1800, 1, 1)) is None
