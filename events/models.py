"""The record: countries, actors and their roles, event types, events with
their participants and evidence, and the articles and feeds they come from.

Invariants that must never break are constraints in the database, not checks
in Python: duplicate articles, inverted date ranges, an event merged into
itself, a participant who is nobody.
"""
import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q


MAX_RANGE = dt.timedelta(days=366)  # the widest date range an event may claim (a year)


class Office(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", "Head of state"
    HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
    FOREIGN_MINISTER = "foreign_minister", "Foreign minister"
    INTERIOR_MINISTER = "interior_minister", "Interior minister"
    DEFENCE_MINISTER = "defence_minister", "Defence minister"
    HEAD_OF_ORGANISATION = "head_of_organisation", "Head of organisation"
    OTHER = "other", "Other"


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    code3 = models.CharField("ISO 3166-1 alpha-3", max_length=3, blank=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    leader_office = models.CharField(
        max_length=24, choices=Office.choices, default=Office.HEAD_OF_GOVERNMENT,
        help_text='The office that "the French leader" means.',
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return f"{self.name} ({self.code})"


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        BODY = "body", "Government body or agency"
        ORGANISATION = "organisation", "International organisation"

    class Source(models.TextChoices):
        APP = "", "Added in the app"
        REFERENCE = "reference", "Curated reference files"
        PHOENIX = "phoenix", "Phoenix actor dictionaries"

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="actors")
    code = models.CharField(
        max_length=16, blank=True,
        help_text="Code of an international organisation (EU, UN, NATO); its bodies, and people known only "
                  "through it, carry the same code.",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="bodies",
        help_text="The organisation a body acts for (Frontex for the EU).",
    )
    verified = models.BooleanField(
        default=True, help_text="Unticked for people the engine proposed and no editor has confirmed yet."
    )
    source = models.CharField(
        max_length=16, choices=Source.choices, blank=True,
        help_text="The reference file load_reference created this actor from; empty when added in the app.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return self.name

    @property
    def entity_code(self) -> str:
        """The code this actor stands for: its organisation's code, else its country's."""
        if self.code:
            return self.code
        return self.country.code if self.country_id else ""


class Alias(models.Model):
    """A word or phrase that points at a country or an actor in news text."""

    class Kind(models.TextChoices):
        NAME = "name", "Name"
        ALIAS = "alias", "Alias"
        DEMONYM = "demonym", "Demonym"
        METONYM = "metonym", "Metonym (capital, seat of government)"

    class Origin(models.TextChoices):
        REFERENCE = "reference", "Reference data"
        EDITOR = "editor", "Editor"

    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.CASCADE, related_name="aliases")
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALIAS)
    active = models.BooleanField(
        default=True, help_text="Untick to silence a reference alias: reloading reference data keeps it silenced."
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EDITOR)

    class Meta:
        ordering = ["text"]
        verbose_name_plural = "aliases"
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False, actor__isnull=True) | Q(country__isnull=True, actor__isnull=False),
                name="alias_points_at_one_thing",
            ),
            models.UniqueConstraint(fields=["country", "text"], name="alias_unique_per_country"),
            models.UniqueConstraint(fields=["actor", "text"], name="alias_unique_per_actor"),
        ]

    def __str__(self):
        return self.text


class Role(models.Model):
    """An office held by a person for a country or an organisation, over dates."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="roles")
    office = models.CharField(max_length=24, choices=Office.choices)
    title = models.CharField(max_length=120, help_text='As news writes it: "Prime Minister", "Home Secretary".')
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="roles")
    organisation = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="office_roles",
        limit_choices_to={"kind": Actor.Kind.ORGANISATION},
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Empty while in office.")

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(start__lte=F("end")), name="role_start_before_end"),
            models.CheckConstraint(
                condition=Q(country__isnull=False, organisation__isnull=True)
                | Q(country__isnull=True, organisation__isnull=False),
                name="role_for_country_or_organisation",
            ),
            # Two partial constraints: a plain one over the nullable columns would let duplicates through.
            models.UniqueConstraint(
                fields=["actor", "office", "country", "start"], condition=Q(country__isnull=False),
                name="role_unique_for_country",
            ),
            models.UniqueConstraint(
                fields=["actor", "office", "organisation", "start"], condition=Q(organisation__isnull=False),
                name="role_unique_for_organisation",
            ),
        ]
        indexes = [models.Index(fields=["office", "country", "start"])]

    def __str__(self):
        place = self.country.code if self.country_id else self.organisation.code
        return f"{self.title} ({place}) {self.start}–{self.end or ''}"


class Family(models.TextChoices):
    """PLOVER event types, plus STATEMENT and INCIDENT for what PLOVER leaves out."""

    STATEMENT = "STATEMENT", "Statement"
    AGREE = "AGREE", "Agree"
    CONSULT = "CONSULT", "Consult"
    SUPPORT = "SUPPORT", "Support"
    CONCEDE = "CONCEDE", "Concede"
    COOPERATE = "COOPERATE", "Cooperate"
    AID = "AID", "Aid"
    RETREAT = "RETREAT", "Retreat"
    REQUEST = "REQUEST", "Request"
    ACCUSE = "ACCUSE", "Accuse"
    REJECT = "REJECT", "Reject"
    THREATEN = "THREATEN", "Threaten"
    PROTEST = "PROTEST", "Protest"
    SANCTION = "SANCTION", "Sanction"
    MOBILIZE = "MOBILIZE", "Mobilize"
    COERCE = "COERCE", "Coerce"
    ASSAULT = "ASSAULT", "Assault"
    INCIDENT = "INCIDENT", "Incident"


class EventType(models.Model):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, help_text="Examples of wording that marks this type.")
    plover = models.CharField("PLOVER family", max_length=10, choices=Family.choices)
    plover_mode = models.CharField("PLOVER mode", max_length=20, blank=True)
    cameo = models.CharField("CAMEO code", max_length=4, blank=True)
    goldstein = models.FloatField("Goldstein weight", null=True, blank=True)
    directed = models.BooleanField(default=True, help_text="Untick for symmetric events (a meeting, an agreement).")
    cameo_codes = models.TextField(
        "CAMEO codes", blank=True,
        help_text="Every CAMEO code this type covers, separated by spaces; each code belongs to one type.",
    )
    headline = models.CharField(
        max_length=200, blank=True,
        help_text="One-line summary template with {source}, {target} and {participants}: "
                  "\"{source} expels {target}'s diplomats\".",
    )

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(goldstein__isnull=True) | Q(goldstein__gte=-10, goldstein__lte=10),
                name="eventtype_goldstein_range",
            ),
        ]

    def __str__(self):
        return self.name


class Event(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"
        MERGED = "merged", "Merged"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        WEEK = "week", "Week"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    type = models.ForeignKey(EventType, on_delete=models.PROTECT, related_name="events")
    # The event's own codes: a type groups several CAMEO codes, and the act reported has one of them.
    cameo = models.CharField("CAMEO code", max_length=4, blank=True)
    plover = models.CharField("PLOVER family", max_length=10, choices=Family.choices, blank=True)
    plover_mode = models.CharField("PLOVER mode", max_length=20, blank=True)
    summary = models.CharField(max_length=300)
    date = models.DateField(help_text="The best single day.")
    date_min = models.DateField()
    date_max = models.DateField()
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED, db_index=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_events"
    )
    confidence = models.FloatField(default=0.5)
    fingerprint = models.CharField(
        max_length=64, null=True, blank=True, unique=True,
        help_text="Identity of a machine suggestion, so that re-running the engine adds nothing.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_events"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveBigIntegerField(default=0, help_text="Bumped on every change, for feeds and sync.")
    is_demo = models.BooleanField(default=False, help_text="Demo data, not part of the real record.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(date_min__lte=F("date_max")), name="event_date_range_ordered"),
            # No claimed range is wider than a year (the coarsest precision); date filters rely on it.
            models.CheckConstraint(condition=Q(date_max__lte=F("date_min") + MAX_RANGE), name="event_date_range_at_most_a_year"),
            models.CheckConstraint(
                condition=Q(date__gte=F("date_min"), date__lte=F("date_max")), name="event_date_within_range"
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="event_not_merged_into_itself"),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False) | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="event_merged_has_target",
            ),
            models.CheckConstraint(condition=Q(confidence__gte=0, confidence__lte=1), name="event_confidence_range"),
        ]
        indexes = [
            models.Index(fields=["status", "-date", "-id"], name="event_status_date"),
            models.Index(fields=["date_min", "date_max"], name="event_date_range"),
        ]

    def __str__(self):
        return f"{self.date} {self.summary}"


class Participant(models.Model):
    class Side(models.TextChoices):
        SOURCE = "source", "Source"
        TARGET = "target", "Target"
        PARTICIPANT = "participant", "Participant"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="participations")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )
    side = models.CharField(max_length=12, choices=Side.choices)
    text = models.CharField("words as written", max_length=200, blank=True)

    class Meta:
        ordering = ["side", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | Q(country__isnull=False), name="participant_is_somebody"
            ),
        ]
        indexes = [models.Index(fields=["country", "event"]), models.Index(fields=["actor", "event"])]

    def __str__(self):
        who = self.actor or self.country
        return f"{self.side}: {who}"


class Outlet(models.Model):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=200, unique=True, help_text="Host name without www.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Feed(models.Model):
    url = models.URLField(max_length=1000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds")
    active = models.BooleanField(default=True)
    poll_minutes = models.PositiveIntegerField(default=15, help_text="How often to poll, in minutes.")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    failures = models.PositiveIntegerField(default=0, help_text="Consecutive failed polls.")
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.title or self.url


class Article(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHED = "fetched", "Fetched"
        EXTRACTED = "extracted", "Extracted"
        FAILED = "failed", "Failed"

    url = models.URLField("canonical URL", max_length=1000, unique=True, null=True, blank=True)
    source_url = models.URLField("URL as found", max_length=2000, blank=True, help_text="What the feed or editor gave; fetched.")
    content_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.TextField(blank=True, help_text="Why ingestion failed, for an editor to read.")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Fetch attempts so far.")
    enqueued_at = models.DateTimeField(null=True, blank=True, help_text="When its current task was last sent.")
    fetched_at = models.DateTimeField(null=True, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="submitted_articles"
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(url__isnull=False) | ~Q(text=""), name="article_has_url_or_text"),
        ]

    def __str__(self):
        return self.title or self.url or f"Article {self.pk}"


class Evidence(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="evidence")
    quote = models.TextField()
    quote_start = models.PositiveIntegerField()
    quote_end = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=Q(quote_start__lt=F("quote_end")), name="evidence_offsets_ordered"),
            models.UniqueConstraint(fields=["event", "article", "quote_start"], name="evidence_unique_quote"),
        ]

    def __str__(self):
        return self.quote[:80]


class ReviewAction(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        CONFIRM = "confirm", "Confirmed"
        EDIT = "edit", "Edited"
        REJECT = "reject", "Rejected"
        MERGE = "merge", "Merged"
        REOPEN = "reopen", "Reopened"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="review_actions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} {self.event_id}"


class EventChange(models.Model):
    """One change to the public record (the confirmed events), for the change feed.

    Served in id order. A writer takes a transaction-level lock before it
    inserts its row and keeps it until commit, so ids are handed out in commit
    order and a consumer's cursor can never pass a change still to commit.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        EDITED = "edited", "Edited"
        MERGED = "merged", "Merged into another event"
        RETRACTED = "retracted", "Retracted"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    revision = models.PositiveBigIntegerField()
    merged_into = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    payload = models.JSONField(default=dict, help_text="The event as the API showed it after this change.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} {self.event_id} r{self.revision}"


class ApiToken(models.Model):
    """An API token. Only a hash of the secret is kept; the prefix identifies it in lists and logs."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        EDITOR = "editor", "Editor (may act on suggestions and submit articles)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(max_length=6, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Empty: never expires.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.prefix}… ({self.name})"
