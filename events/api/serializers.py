"""What the API shows. Fields are listed explicitly; the event's shape is also
the payload of the change feed, so a copy kept from either agrees."""
from django.conf import settings
from rest_framework import serializers

from ..models import Actor, Country, Event, EventChange, EventType, Evidence, Participant, Role


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class EventTypeSerializer(serializers.ModelSerializer):
    cameo_codes = serializers.SerializerMethodField(help_text="Every CAMEO code this type covers.")

    class Meta:
        model = EventType
        fields = ["slug", "name", "description", "plover", "plover_mode", "cameo", "cameo_codes", "goldstein",
                  "directed", "headline"]

    def get_cameo_codes(self, kind) -> list[str]:
        return kind.cameo_codes.split()


class EventTypeBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = EventType
        fields = ["slug", "name", "plover", "cameo", "goldstein", "directed"]


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "code3", "name", "official_name"]


class RoleSerializer(serializers.ModelSerializer):
    of = serializers.SerializerMethodField()

    class Meta:
        model = Role
        fields = ["office", "title", "of", "start", "end"]

    def get_of(self, role) -> str:
        return role.country.code if role.country_id else role.organisation.code


class ActorSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    code = serializers.CharField(source="entity_code", read_only=True)
    aliases = serializers.SerializerMethodField()
    roles = RoleSerializer(many=True, read_only=True)

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind", "country", "code", "verified", "aliases", "roles"]

    def get_aliases(self, actor) -> list[str]:
        return [alias.text for alias in actor.aliases.all() if alias.active]


class EventParticipantSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    code = serializers.SerializerMethodField()
    country = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = ["side", "name", "code", "country", "actor", "text"]

    def get_name(self, p) -> str:
        return p.actor.name if p.actor_id else p.country.name

    def get_code(self, p) -> str:
        """ISO 3166-1 alpha-2 of the country, or the organisation's code (EU, UN...)."""
        if p.actor_id and p.actor.code:
            return p.actor.code
        return p.country.code if p.country_id else ""

    def get_country(self, p) -> str | None:
        return p.country.code if p.country_id else None

    def get_actor(self, p) -> str | None:
        return p.actor.slug if p.actor_id else None


class EventSourceSerializer(serializers.ModelSerializer):
    article_id = serializers.IntegerField(source="article.pk")
    url = serializers.URLField(source="article.url", allow_null=True)
    title = serializers.CharField(source="article.title")
    outlet = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="article.published_at", allow_null=True)

    class Meta:
        model = Evidence
        fields = ["article_id", "url", "title", "outlet", "published_at", "quote", "quote_start", "quote_end"]

    def get_outlet(self, evidence) -> str | None:
        return evidence.article.outlet.name if evidence.article.outlet_id else None


class EventSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    type = EventTypeBriefSerializer(read_only=True)
    cameo = serializers.SerializerMethodField(help_text="The event's own CAMEO code (a type covers several).")
    plover = serializers.SerializerMethodField(help_text="The event's own PLOVER family.")
    plover_mode = serializers.SerializerMethodField(help_text="The event's own PLOVER mode, blank when none.")
    participants = EventParticipantSerializer(many=True, read_only=True)
    sources = EventSourceSerializer(source="evidence", many=True, read_only=True)

    class Meta:
        model = Event
        fields = ["id", "url", "html_url", "status", "revision", "summary", "type", "cameo", "plover", "plover_mode",
                  "date", "date_min", "date_max", "date_precision", "location", "confidence", "merged_into",
                  "participants", "sources", "updated_at"]

    def get_url(self, event) -> str:
        return site_url(f"/api/v1/events/{event.pk}/")

    def get_html_url(self, event) -> str:
        return site_url(f"/events/{event.pk}/")

    def get_cameo(self, event) -> str:
        return event_codes(event)["cameo"]

    def get_plover(self, event) -> str:
        return event_codes(event)["plover"]

    def get_plover_mode(self, event) -> str:
        return event_codes(event)["plover_mode"]

    def to_representation(self, event):
        """Built by hand: DRF's field-by-field path costs ~2 ms an event, too much for
        pages of 50 and exports of millions. The declared fields above still define
        the schema; tests/api/test_events.py checks that both give the same answer."""
        return event_representation(event)

    def fields_representation(self, event):
        return super().to_representation(event)


def _iso(value):
    return value.isoformat() if value is not None else None


_DATETIME = serializers.DateTimeField()


def _datetime(value):
    return _DATETIME.to_representation(value) if value is not None else None


def codes_representation(*, cameo: str, plover: str, plover_mode: str, kind: EventType) -> dict:
    """The event's own CAMEO code, PLOVER family and mode; an event stored before
    events had their own codes (family blank) shows its type's."""
    if plover:
        return {"cameo": cameo, "plover": plover, "plover_mode": plover_mode}
    return {"cameo": kind.cameo, "plover": kind.plover, "plover_mode": kind.plover_mode}


def event_codes(event: Event) -> dict:
    return codes_representation(cameo=event.cameo, plover=event.plover, plover_mode=event.plover_mode, kind=event.type)


def type_representation(kind: EventType) -> dict:
    return {"slug": kind.slug, "name": kind.name, "plover": kind.plover, "cameo": kind.cameo,
            "goldstein": kind.goldstein, "directed": kind.directed}


def participant_representation(*, side, text, actor_name, actor_code, actor_slug, country_code, country_name) -> dict:
    return {"side": side, "name": actor_name if actor_slug else country_name,
            "code": actor_code or country_code or "", "country": country_code, "actor": actor_slug, "text": text}


def source_representation(*, article_id, url, title, outlet, published_at, quote, quote_start, quote_end) -> dict:
    return {"article_id": article_id, "url": url, "title": title, "outlet": outlet,
            "published_at": _datetime(published_at), "quote": quote, "quote_start": quote_start, "quote_end": quote_end}


def event_representation(event: Event, *, kind: dict | None = None, codes: dict | None = None, participants=None,
                         sources=None) -> dict:
    """An event as the API shows it. The bulk export passes the type, codes, participants
    and sources it read as plain values; otherwise they come from the event and its relations."""
    if participants is None:
        participants = [participant_representation(
            side=p.side, text=p.text, actor_name=p.actor.name if p.actor_id else None,
            actor_code=p.actor.code if p.actor_id else None, actor_slug=p.actor.slug if p.actor_id else None,
            country_code=p.country.code if p.country_id else None, country_name=p.country.name if p.country_id else None,
        ) for p in event.participants.all()]
    if sources is None:
        sources = [source_representation(
            article_id=e.article_id, url=e.article.url, title=e.article.title,
            outlet=e.article.outlet.name if e.article.outlet_id else None, published_at=e.article.published_at,
            quote=e.quote, quote_start=e.quote_start, quote_end=e.quote_end,
        ) for e in event.evidence.all()]
    return {
        "id": event.pk,
        "url": site_url(f"/api/v1/events/{event.pk}/"),
        "html_url": site_url(f"/events/{event.pk}/"),
        "status": event.status,
        "revision": event.revision,
        "summary": event.summary,
        "type": kind if kind is not None else type_representation(event.type),
        **(codes if codes is not None else event_codes(event)),
        "date": _iso(event.date), "date_min": _iso(event.date_min), "date_max": _iso(event.date_max),
        "date_precision": event.date_precision,
        "location": event.location,
        "confidence": event.confidence,
        "merged_into": event.merged_into_id,
        "participants": participants,
        "sources": sources,
        "updated_at": _datetime(event.updated_at),
    }


class ChangeSerializer(serializers.ModelSerializer):
    event_id = serializers.IntegerField()
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    event = serializers.JSONField(source="payload", help_text="The event after this change, as /events/{id}/ shows it.")
    cursor = serializers.SerializerMethodField()

    class Meta:
        model = EventChange
        fields = ["cursor", "kind", "event_id", "revision", "merged_into", "created_at", "event"]

    def get_cursor(self, change) -> str:
        from ..services.changes import cursor_encode

        return cursor_encode(change)


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="Ask with ?after=<next> for the following changes.")
    has_more = serializers.BooleanField()
