"""The demo: one article with its events, confirmed, and the demo logins."""
import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from ..models import Actor, Country, EventType


DEMO_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
DEMO_EDITOR = ("editor", "editor-demo-2021")
DEMO_ANALYST = ("analyst", "analyst-demo-2021")


def _demo_user(username: str, password: str, group: str):
    from django.contrib.auth.models import Group, User

    user, created = User.objects.get_or_create(username=username, defaults={"is_staff": group == "editors"})
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=group))
    return user


def _demo_participants(event, spec: dict, countries: dict, organisations: dict) -> list:
    from ..models import Participant

    rows = []
    for side, codes in spec.get("countries", {}).items():
        rows += [Participant(event=event, side=side, country=countries[code], text=countries[code].name) for code in codes]
    for side, codes in spec.get("organisations", {}).items():
        rows += [Participant(event=event, side=side, actor=organisations[code], text=organisations[code].name)
                 for code in codes if code in organisations]
    for side, slugs in spec.get("actors", {}).items():
        for actor in Actor.objects.filter(slug__in=slugs).select_related("country"):
            rows.append(Participant(event=event, side=side, actor=actor, country=actor.country, text=actor.name))
    return rows


@transaction.atomic
def demo_load(*, path: Path = DEMO_DIR / "channel-crossings-2021.json") -> dict:
    """The demo: one article with its events confirmed by a demo editor, labelled as demo data.

    Needs the reference data. Safe to repeat: the article is found by its content
    hash and each event by its fingerprint. Returns the demo logins.
    """
    from django.utils import timezone

    from ..ingest.canonical import content_hash
    from ..models import Article, Event, EventChange, Evidence, Participant, ReviewAction
    from .changes import change_record

    if not EventType.objects.exists():
        raise RuntimeError("no event types: run `manage.py load_reference` first")
    with open(path, encoding="utf-8") as handle:
        demo = json.load(handle)
    editor = _demo_user(*DEMO_EDITOR, "editors")
    _demo_user(*DEMO_ANALYST, "analysts")
    spec = demo["article"]
    article, _ = Article.objects.get_or_create(content_hash=content_hash(spec["text"]), defaults={
        "title": spec["title"], "text": spec["text"], "status": Article.Status.EXTRACTED, "is_demo": True,
        "published_at": dt.datetime.fromisoformat(spec["published_at"]).replace(tzinfo=dt.timezone.utc)})
    types = {t.slug: t for t in EventType.objects.all()}
    countries = {c.code: c for c in Country.objects.all()}
    organisations = {a.code: a for a in Actor.objects.filter(kind=Actor.Kind.ORGANISATION)}
    created = 0
    for item in demo["events"]:
        fingerprint = f"demo:{path.stem}:{item['key']}"
        if Event.objects.filter(fingerprint=fingerprint).exists():
            continue
        kind = types[item["type"]]
        event = Event.objects.create(
            type=kind, cameo=kind.cameo, plover=kind.plover, plover_mode=kind.plover_mode,
            summary=item["summary"], status=Event.Status.CONFIRMED, confidence=1.0,
            date=item["date"], date_min=item["date_min"], date_max=item["date_max"], date_precision=item["date_precision"],
            fingerprint=fingerprint, is_demo=True, reviewed_by=editor, reviewed_at=timezone.now(), revision=1)
        Participant.objects.bulk_create(_demo_participants(event, item, countries, organisations))
        Evidence.objects.create(event=event, article=article, quote=spec["text"][item["quote_start"]:item["quote_end"]],
                                quote_start=item["quote_start"], quote_end=item["quote_end"])
        ReviewAction.objects.create(event=event, user=editor, action=ReviewAction.Action.CONFIRM,
                                    after={"status": "confirmed"}, reason="demo data")
        change_record(event_id=event.pk, kind=EventChange.Kind.CONFIRMED)
        created += 1
    return {"events_created": created, "editor": DEMO_EDITOR, "analyst": DEMO_ANALYST}
