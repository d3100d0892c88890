"""The shapes of the review forms; the rules live in events.services.review."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..models import Actor, Country, Event, EventType, Participant
from ..services.review import REJECT_REASONS
from ..widgets import FastSelect

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def reject_reason(code: str, note: str) -> str:
    """The reason stored with a rejection: the chosen label, and the editor's words if any."""
    note = (note or "").strip()
    if code == "other":
        return note
    label = dict(REJECT_REASONS)[code]
    return f"{label}: {note}" if note else label


class QueueFilterForm(forms.Form):
    country = forms.ChoiceField(required=False, widget=FastSelect)
    type = forms.ChoiceField(required=False, widget=FastSelect)
    family = forms.ChoiceField(required=False, widget=FastSelect)
    outlet = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, widget=FastSelect)
    date_from = forms.DateField(required=False, label="From", widget=DATE)
    date_to = forms.DateField(required=False, label="To", widget=DATE)
    confidence_min = forms.FloatField(required=False, min_value=0, max_value=1, label="Confidence at least",
                                      widget=forms.NumberInput(attrs={"step": "0.05", "placeholder": "0.5"}))
    article = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", "Any")]
        self.fields["country"].choices = anything + [(code, name) for code, name in choices["countries"]]
        self.fields["type"].choices = anything + choices["types"]
        self.fields["family"].choices = anything + list(choices["families"])
        self.fields["outlet"].choices = anything + choices["outlets"]

    def filters(self) -> dict:
        """The selector's keyword arguments (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["event_type"] = data.pop("type")
        return data


class RevisionForm(forms.Form):
    """The revision the editor saw; an action on a newer version is refused."""

    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class RejectForm(RevisionForm):
    reason = forms.ChoiceField(choices=REJECT_REASONS)
    note = forms.CharField(required=False, max_length=500, label="Details")

    def clean(self):
        data = super().clean()
        if data.get("reason") == "other" and not (data.get("note") or "").strip():
            self.add_error("note", "Say why, when the reason is Other.")
        return data

    def reason_text(self) -> str:
        return reject_reason(self.cleaned_data["reason"], self.cleaned_data["note"])


class MergeForm(RevisionForm):
    into = forms.IntegerField(min_value=1, label="Merge into event #")


class ReopenForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why reopen it?")


class IdListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return sorted({int(v) for v in value or []})
        except (TypeError, ValueError):
            raise ValidationError("Not a list of event numbers.")

    def validate(self, value):
        if not value:
            raise ValidationError("Select at least one suggestion.")


class BulkRejectForm(RejectForm):
    ids = IdListField()


# Edit then confirm --------------------------------------------------------------------------------------------------

class EditForm(RevisionForm):
    type = forms.TypedChoiceField(coerce=int, widget=FastSelect)
    summary = forms.CharField(max_length=300)
    date = forms.DateField(widget=DATE, help_text="The best single day.")
    date_precision = forms.ChoiceField(choices=Event.Precision.choices, label="Precision", widget=FastSelect)
    date_min = forms.DateField(required=False, widget=DATE, label="Earliest")
    date_max = forms.DateField(required=False, widget=DATE, label="Latest")
    location = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, types: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = types


class ParticipantForm(forms.Form):
    side = forms.ChoiceField(choices=Participant.Side.choices, widget=FastSelect)
    country = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, widget=FastSelect)
    actor = forms.CharField(required=False, max_length=120, help_text="Start typing a name.")
    text = forms.CharField(required=False, max_length=200, label="As written")

    def __init__(self, *args, countries: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + countries


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=2, can_delete=True)


class NewActorForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", "A new person: confirm (correct the name if needed)"),
                                          ("link", "A known actor: link to")],
                                 widget=forms.RadioSelect, initial="confirm")
    name = forms.CharField(required=False, max_length=200)
    country = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, widget=FastSelect)
    link_to = forms.CharField(required=False, max_length=120, label="Known actor")

    def __init__(self, *args, actor: Actor, countries: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["country"].choices = [("", "—")] + countries

    def clean(self):
        data = super().clean()
        if data.get("decision") == "link" and not data.get("link_to"):
            self.add_error("link_to", "Choose the known actor.")
        return data


class EventEdit:
    """The edit form of one card: the event's fields, its participants and its new actors.

    Actors are typed as slugs (a datalist offers them all); `is_valid` resolves
    them in one query. `changes()` is the dict that suggestion_confirm takes."""

    def __init__(self, event: Event, data=None):
        self.event = event
        prefix = f"e{event.pk}"
        countries = list(Country.objects.order_by("name").values_list("pk", "name"))
        types = list(EventType.objects.order_by("name").values_list("pk", "name"))
        people = list(event.participants.all())
        self.form = EditForm(data, prefix=prefix, types=types, initial={
            "revision": event.revision, "type": event.type_id, "summary": event.summary, "date": event.date,
            "date_precision": event.date_precision, "date_min": event.date_min, "date_max": event.date_max,
            "location": event.location})
        self.participants = ParticipantFormSet(data, prefix=f"{prefix}-p", form_kwargs={"countries": countries}, initial=[
            {"side": p.side, "country": p.country_id, "actor": p.actor.slug if p.actor_id else "", "text": p.text}
            for p in people])
        new = {p.actor_id: p.actor for p in people if p.actor_id and not p.actor.verified}
        self.new_actors = [NewActorForm(data, prefix=f"{prefix}-a{actor.pk}", actor=actor, countries=countries,
                                        initial={"name": actor.name, "country": actor.country_id})
                           for actor in new.values()]
        self.own_slugs = {actor.slug for actor in new.values()}
        self.actor_ids: dict[str, int] = {}

    def actor_options(self) -> str:
        """<option>s for every actor an editor may choose (the verified ones), built in Python:
        there are a thousand of them."""
        rows = Actor.objects.filter(verified=True).select_related("country").order_by("name") \
            .only("slug", "name", "kind", "code", "country__code")
        return mark_safe("".join(
            f'<option value="{escape(a.slug)}">{escape(a.name)} ({escape(a.code or (a.country.code if a.country_id else a.get_kind_display()))})</option>'
            for a in rows))

    def is_valid(self) -> bool:
        valid = all([self.form.is_valid(), self.participants.is_valid(), *[f.is_valid() for f in self.new_actors]])
        if not valid:
            return False
        wanted = {f.cleaned_data.get("actor") for f in self._kept()} | {f.cleaned_data.get("link_to") for f in self.new_actors}
        wanted.discard("")
        wanted.discard(None)
        known = Actor.objects.filter(slug__in=wanted).values_list("slug", "pk", "verified")
        self.actor_ids = {slug: pk for slug, pk, verified in known if verified or slug in self.own_slugs}
        for form in self._kept():
            slug = form.cleaned_data.get("actor")
            if slug and slug not in self.actor_ids:
                form.add_error("actor", f"No known actor {slug!r}: choose one from the list.")
        for form in self.new_actors:
            slug = form.cleaned_data.get("link_to")
            if form.cleaned_data.get("decision") == "link" and slug not in self.actor_ids:
                form.add_error("link_to", f"No known actor {slug!r}: choose one from the list.")
        return not any(f.errors for f in [*self._kept(), *self.new_actors])

    def _kept(self) -> list[ParticipantForm]:
        """The participant rows to keep: not removed, naming a country or an actor (blank rows are ignored)."""
        return [f for f in self.participants.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and (f.cleaned_data.get("country") or f.cleaned_data.get("actor"))]

    def changes(self) -> dict:
        data = self.form.cleaned_data
        changes = {"type_id": data["type"], "summary": data["summary"], "date": data["date"],
                   "date_precision": data["date_precision"], "location": data["location"]}
        for key in ("date_min", "date_max"):
            if data[key]:
                changes[key] = data[key]
        changes["participants"] = [
            {"side": f.cleaned_data["side"], "country_id": f.cleaned_data.get("country"),
             "actor_id": self.actor_ids.get(f.cleaned_data.get("actor") or ""), "text": f.cleaned_data.get("text") or ""}
            for f in self._kept()]
        decisions = {}
        for form in self.new_actors:
            if form.cleaned_data["decision"] == "link":
                decisions[form.actor.pk] = {"link_to": self.actor_ids[form.cleaned_data["link_to"]]}
            else:
                decisions[form.actor.pk] = {"name": form.cleaned_data["name"], "country_id": form.cleaned_data["country"]}
        changes["new_actors"] = decisions
        return changes

    @property
    def revision(self) -> int | None:
        return self.form.cleaned_data.get("revision") if hasattr(self.form, "cleaned_data") else None
