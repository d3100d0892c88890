"""Atom feeds of the confirmed record, for any filter the API accepts:
/feeds/events.atom?country=FR, ?dyad=GB-FR, ?type=ambassador_recalled ..."""
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.utils.feedgenerator import Atom1Feed

from .api.events import ApiEventFilterSet
from .api.serializers import event_codes
from .models import Event
from .services.changes import events_for_payload

FEED_SIZE = 50


class EventsFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Diplomatic events confirmed by editors, newest first, with their sources."
    link = "/events/"

    def __call__(self, request, *args, **kwargs):
        if not settings.PUBLIC_RECORD and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return super().__call__(request, *args, **kwargs)
        except ValidationError as error:
            messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            return HttpResponseBadRequest(f"Bad filter: {messages}\n", content_type="text/plain; charset=utf-8")

    def get_object(self, request):
        filterset = ApiEventFilterSet(request.GET, queryset=events_for_payload().filter(status=Event.Status.CONFIRMED))
        if not filterset.is_valid():
            raise ValidationError({k: [e["message"] for e in v] for k, v in filterset.errors.get_json_data().items()})
        self.request_query = request.GET.urlencode()
        return filterset.qs

    def title(self, queryset):
        return f"Relations tracker: confirmed events{' (' + self.request_query + ')' if self.request_query else ''}"

    def items(self, queryset):
        return list(queryset.order_by("-date", "-id")[:FEED_SIZE])

    def item_title(self, event):
        return f"{event.date_min:%d %b %Y}: {event.summary}" if event.date_precision == "day" else event.summary

    def item_description(self, event):
        sides = ", ".join(f"{p.side}: {p.actor.name if p.actor_id else p.country.name}" for p in event.participants.all())
        quotes = " / ".join(f"“{e.quote}” ({e.article.outlet.name if e.article.outlet_id else 'article'})"
                            for e in event.evidence.all())
        own = event_codes(event)
        return f"{event.type.name} ({own['plover']}, CAMEO {own['cameo'] or '—'}). {sides}. {quotes}"

    def item_link(self, event):
        return f"/events/{event.pk}/"

    def item_guid(self, event):
        return f"{settings.SITE_URL.rstrip('/')}/events/{event.pk}/"

    item_guid_is_permalink = True

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at

    def item_categories(self, event):
        return [event_codes(event)["plover"], event.type.slug]
