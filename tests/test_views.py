"""The home page, the timeline and /healthz through Django's test client."""
import pytest
from django.test import override_settings
from django.urls import reverse

from events.models import Participant

from .factories import EventFactory
from .processes import spare_port

pytestmark = pytest.mark.django_db


def test_home_says_what_the_app_is_and_links_onwards(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Relations between states" in body
    for link in ('href="/events/"', 'href="/api/v1/"', 'href="/admin/"'):
        assert link in body


def test_timeline_lists_confirmed_events_only(client, reference):
    EventFactory(summary="France and Belgium met in Calais")
    EventFactory(summary="Unreviewed suggestion", status="suggested")
    body = client.get(reverse("timeline")).content.decode()
    assert "France and Belgium met in Calais" in body
    assert "Unreviewed suggestion" not in body


def test_timeline_renders_in_a_fixed_number_of_queries(client, reference, django_assert_max_num_queries):
    from events.models import Country

    fr, be = Country.objects.get(code="FR"), Country.objects.get(code="BE")
    for n in range(30):
        event = EventFactory(summary=f"Summit number {n}")
        Participant.objects.create(event=event, country=fr, side="participant")
        Participant.objects.create(event=event, country=be, side="participant")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("timeline"))
    assert response.content.decode().count("Summit number ") == 30


def test_article_markup_in_a_summary_is_shown_as_text(client):
    EventFactory(summary="<script>alert(1)</script> met")
    body = client.get(reverse("timeline")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_healthz_is_ok_with_database_and_broker_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_is_503_with_the_broker_down(client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{spare_port()}/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


def test_api_root_answers(client):
    assert client.get("/api/v1/").status_code == 200


def test_a_private_record_keeps_the_home_page_from_showing_events(client, reference):
    EventFactory(summary="Secret talks in Calais")
    with override_settings(PUBLIC_RECORD=False):
        body = client.get("/").content.decode()
    assert "Secret talks" not in body and "log in" in body
    assert "Secret talks" in client.get("/").content.decode()
