from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import F
from django.utils import timezone

from .models import (
    Actor, Alias, ApiToken, Article, Country, Event, EventChange, EventType, Evidence, Feed, Outlet, Participant,
    ReviewAction, Role,
)
from .services.changes import change_record
from .services.tokens import token_hash, token_key_new


class AliasInline(admin.TabularInline):
    model = Alias
    fields = ["text", "kind", "active", "origin"]
    readonly_fields = ["origin"]
    extra = 1


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "code3", "leader_office"]
    search_fields = ["code", "name", "official_name", "aliases__text"]
    list_filter = ["leader_office"]
    inlines = [AliasInline]


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "actor"
    fields = ["office", "title", "country", "organisation", "start", "end"]
    autocomplete_fields = ["country", "organisation"]
    extra = 0


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "code", "verified"]
    list_filter = ["kind", "verified", "country"]
    search_fields = ["name", "slug", "code", "aliases__text"]
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AliasInline, RoleInline]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "country", "actor", "active", "origin"]
    list_filter = ["kind", "active", "origin"]
    search_fields = ["text", "country__name", "actor__name"]
    autocomplete_fields = ["country", "actor"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["actor", "title", "office", "country", "organisation", "start", "end"]
    list_filter = ["office", "country"]
    search_fields = ["actor__name", "title", "country__name"]
    autocomplete_fields = ["actor", "country", "organisation"]
    date_hierarchy = "start"


@admin.register(EventType)
class EventTypeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "plover", "cameo", "cameo_codes", "goldstein", "directed"]
    list_filter = ["plover", "directed"]
    search_fields = ["slug", "name", "description", "cameo", "cameo_codes", "headline"]


class CameoRootFilter(admin.SimpleListFilter):
    """The event's own CAMEO code by its two-digit root: a fixed list, so the
    filter costs no scan of the events table to build."""

    title = "CAMEO root"
    parameter_name = "cameo_root"
    ROOTS = [f"{n:02d}" for n in range(1, 21)]

    def lookups(self, request, model_admin):
        return [(root, root) for root in self.ROOTS] + [("none", "no code")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(cameo="")
        if self.value() in self.ROOTS:
            return queryset.filter(cameo__startswith=self.value())
        return queryset


class PloverModeFilter(admin.SimpleListFilter):
    """The event's own PLOVER mode, offered from the modes the taxonomy uses (a small table)."""

    title = "PLOVER mode"
    parameter_name = "plover_mode"

    def lookups(self, request, model_admin):
        modes = EventType.objects.exclude(plover_mode="").values_list("plover_mode", flat=True).distinct()
        return [(mode, mode) for mode in sorted(set(modes))]

    def queryset(self, request, queryset):
        return queryset.filter(plover_mode=self.value()) if self.value() else queryset


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["side", "actor", "country", "text"]
    autocomplete_fields = ["actor", "country"]
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["article", "quote", "quote_start", "quote_end"]
    raw_id_fields = ["article"]
    extra = 0


class ReviewActionInline(admin.TabularInline):
    model = ReviewAction
    fields = ["created_at", "user", "action", "reason", "before", "after"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["date", "summary", "type", "cameo", "plover", "status", "confidence", "is_demo"]
    list_filter = ["status", "plover", CameoRootFilter, PloverModeFilter, "type__plover", "type", "date_precision",
                   "is_demo"]
    search_fields = ["summary", "participants__country__name", "participants__actor__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["type", "merged_into"]
    # Status moves through the review queue, where every step is audited and fed to the change feed.
    readonly_fields = ["status", "merged_into", "revision", "fingerprint", "reviewed_by", "reviewed_at",
                       "created_at", "updated_at"]
    inlines = [ParticipantInline, EvidenceInline, ReviewActionInline]
    list_select_related = ["type"]

    def save_model(self, request, obj, form, change):
        """A new type brings its codes, unless the admin set the codes in the same edit."""
        if "type" in form.changed_data and not {"cameo", "plover", "plover_mode"} & set(form.changed_data):
            obj.cameo, obj.plover, obj.plover_mode = obj.type.cameo, obj.type.plover, obj.type.plover_mode
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """An edit of a confirmed event is a change to the public record: audit it and feed it."""
        super().save_related(request, form, formsets, change)
        event = form.instance
        if change and event.status == Event.Status.CONFIRMED and (form.has_changed() or any(f.has_changed() for f in formsets)):
            Event.objects.filter(pk=event.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
            ReviewAction.objects.create(event=event, user=request.user, action=ReviewAction.Action.EDIT,
                                        after={"changed": form.changed_data}, reason="edited in the admin")
            change_record(event_id=event.pk, kind=EventChange.Kind.EDITED)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "active", "poll_minutes", "last_polled_at", "next_poll_at", "failures",
                    "failing", "last_error"]
    list_filter = ["active", "outlet"]
    search_fields = ["url", "title"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["last_polled_at", "next_poll_at", "etag", "last_modified", "failures", "last_error"]

    @admin.display(boolean=True, description="Failing")
    def failing(self, feed):
        return feed.failures >= settings.FEED_FLAG_AFTER_FAILURES


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "published_at", "status", "created_at"]
    list_filter = ["status", "outlet", "is_demo"]
    search_fields = ["title", "url", "text"]
    autocomplete_fields = ["outlet"]
    raw_id_fields = ["feed", "submitted_by"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    date_hierarchy = "created_at"


@admin.register(ReviewAction)
class ReviewActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "action", "user"]
    list_filter = ["action"]
    search_fields = ["event__summary", "user__username", "reason"]
    raw_id_fields = ["event"]
    readonly_fields = ["event", "user", "action", "before", "after", "reason", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "scope", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created here or with `manage.py create_token`; the key is shown once."""

    form = ApiTokenForm
    list_display = ["prefix", "name", "user", "scope", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["scope"]
    search_fields = ["prefix", "name", "user__username"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return ["prefix", "created_at", "revoked_at", "last_used_at"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.prefix, key = token_key_new()
            obj.key_hash = token_hash(key)
            messages.warning(request, f"The token's key, shown only now: {key}")
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.info(request, f"{count} token(s) revoked.")
