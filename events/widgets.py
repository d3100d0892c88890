"""Form widgets shared by the pages."""
from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> built in Python. Django renders each option through a template,
    about a millisecond each, and the forms list the 250 countries several times a page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v not in (None, "")}
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) in chosen else ""}>{escape(label)}</option>'
            for v, label in self.choices)
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return mark_safe(f"<select{attributes}>{options}</select>")  # every piece escaped above
