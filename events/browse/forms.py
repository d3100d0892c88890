"""The pages' own parameters, beside the shared event filters (events.selectors.timeline)."""
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from ..models import Country
from ..selectors.timeline import EventFilterSet
from ..widgets import FastSelect


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> reads, whatever the locale


class PeriodForm(forms.Form):
    """A period chosen on a country's page, for its top counterparts."""

    date_from = forms.DateField(required=False, label="From", widget=DateInput)
    date_to = forms.DateField(required=False, label="To", widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError({"date_to": "The end date is before the start date."})
        return data


class ChartForm(PeriodForm):
    """The pair page: the chart's span and bars, and the period a clicked bar picked."""

    SPANS = {"all": None, "10y": 3652, "5y": 1826, "2y": 730, "1y": 365}

    span = forms.ChoiceField(required=False, label="Chart span", choices=[
        ("all", "The whole record"), ("10y", "Last 10 years"), ("5y", "Last 5 years"), ("2y", "Last 2 years"),
        ("1y", "Last year")])
    interval = forms.ChoiceField(required=False, label="Bars per", choices=[
        ("auto", "Automatic"), ("month", "Month"), ("week", "Week")])

    def chart_start(self, today: dt.date) -> dt.date | None:
        days = self.SPANS.get(self.cleaned_data.get("span") or "all")
        return today - dt.timedelta(days=days) if days else None

    def chart_interval(self, start: dt.date | None, today: dt.date) -> str:
        chosen = self.cleaned_data.get("interval") or "auto"
        if chosen != "auto":
            return chosen
        # Weeks while they stay readable (about two years of bars), months beyond.
        return "week" if start and (today - start).days <= 730 else "month"


class VisualForm(forms.Form):
    """The visual timeline's window and lanes."""

    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
    lanes = forms.ChoiceField(required=False, choices=[("pair", "Pair"), ("country", "Country")])


class BrowseFilterSet(EventFilterSet):
    """The shared event filters (events.selectors.timeline) as the pages show
    them: selects written by FastSelect, the two country lists from one query."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "quick_selects", False):
            countries = list(Country.objects.order_by("name").values_list("code", "name"))
            for name, empty in (("country", "Any country"), ("counterpart", "Any counterpart")):
                choices = [("", empty)] + [(code, f"{label} ({code})") for code, label in countries]
                form.fields[name].widget = FastSelect(attrs=form.fields[name].widget.attrs, choices=choices)
            for name in ("type", "family"):
                field = form.fields[name]
                field.widget = FastSelect(attrs=field.widget.attrs, choices=list(iter(field.choices)))  # iter: no COUNT query
            form.quick_selects = True
        return form
