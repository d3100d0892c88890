"""The admin is usable by an editor: every list, search, form and autocomplete answers."""
import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Actor, ApiToken, Country, Event

from .factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_editor(reference):
    user = UserFactory(username="staffed", groups=["editors"], is_staff=True)
    return user


@pytest.mark.parametrize("model", [m for m in admin.site._registry if m._meta.app_label == "events"],
                         ids=lambda m: m.__name__)
def test_every_list_and_search_answers_for_an_editor(client, staff_editor, model):
    client.force_login(staff_editor)
    EventFactory()
    url = reverse(f"admin:events_{model._meta.model_name}_changelist")
    response = client.get(url, {"q": "France"})
    if model is ApiToken:  # tokens are for admins, not editors
        assert response.status_code == 403
        return
    assert response.status_code == 200


def test_an_actor_form_shows_its_roles_and_aliases_inline(client, staff_editor):
    client.force_login(staff_editor)
    macron = Actor.objects.get(slug="emmanuel-macron")
    body = client.get(reverse("admin:events_actor_change", args=[macron.pk])).content.decode()
    assert "Roles" in body and "Aliases" in body and "President" in body


def test_country_autocomplete_finds_by_name(client, staff_editor):
    client.force_login(staff_editor)
    response = client.get("/admin/autocomplete/", {"app_label": "events", "model_name": "participant",
                                                   "field_name": "country", "term": "Fran"})
    assert response.status_code == 200
    assert any(r["text"].startswith("France") for r in response.json()["results"])


def test_an_event_form_lists_participants_and_evidence_inline(client, staff_editor):
    client.force_login(staff_editor)
    event = EventFactory()
    body = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Participants" in body and "Evidence" in body and "Review actions" in body


def test_an_admin_creates_a_token_and_sees_its_key_once(client, reference):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(boss)
    response = client.post(reverse("admin:events_apitoken_add"), {"user": boss.pk, "name": "sync", "scope": "read"},
                           follow=True)
    token = ApiToken.objects.get(name="sync")
    messages = [str(m) for m in response.context["messages"]]
    assert any(f"{token.prefix}." in m for m in messages)
    assert token.key_hash and token.prefix not in token.key_hash


def test_analysts_cannot_use_the_admin(client, analyst):
    client.force_login(analyst)
    assert client.get("/admin/events/event/").status_code == 302  # not staff: sent to the admin login
    assert Country.objects.exists() and Event.objects.count() == 0


def test_editing_a_confirmed_event_in_the_admin_feeds_the_change(client, staff_editor):
    from events.models import EventChange

    client.force_login(staff_editor)
    event = EventFactory(summary="Old words")
    url = reverse("admin:events_event_change", args=[event.pk])
    form = {"type": event.type.pk, "summary": "New words", "date": "2021-11-28", "date_min": "2021-11-28",
            "date_max": "2021-11-28", "date_precision": "day", "location": "", "confidence": "0.5",
            **{f"{prefix}-{k}": v for prefix in ("participants", "evidence", "review_actions")
               for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()}}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = EventChange.objects.get(event=event)
    assert change.kind == "edited" and change.payload["summary"] == "New words" and change.revision == 1
