"""The editors' submission form: a URL, or pasted text with optional details."""
import datetime as dt

from django import forms

from ..services.articles import SubmissionError, article_submit


class ArticleSubmitForm(forms.Form):
    url = forms.CharField(label="Article URL", required=False, max_length=2000,
                          widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
                          help_text="The page is fetched and its text extracted. Or paste the text below instead.")
    text = forms.CharField(label="Article text", required=False, max_length=500_000,
                           widget=forms.Textarea(attrs={"rows": 10}))
    title = forms.CharField(label="Title", required=False, max_length=500, help_text="For pasted text; optional.")
    outlet = forms.CharField(label="Outlet", required=False, max_length=200,
                             help_text='Name or web address, e.g. "lemonde.fr"; optional.')
    published = forms.DateField(label="Publication date", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="Dates such as \u201con Sunday\u201d are read against it; optional.")

    def clean(self):
        data = super().clean()
        url, text = (data.get("url") or "").strip(), (data.get("text") or "").strip()
        if url and text:
            raise forms.ValidationError("Give either a URL or a text, not both.")
        if not url and not text:
            raise forms.ValidationError("Give the article's URL, or paste its text.")
        return data

    def submit(self, *, user):
        """The Submitted result, or None with the service's objection added to the form."""
        data = self.cleaned_data
        published = data.get("published")
        try:
            return article_submit(
                url=data.get("url") or "", text=data.get("text") or "", title=data.get("title") or "",
                outlet=data.get("outlet") or "", user=user,
                published_at=dt.datetime.combine(published, dt.time(), tzinfo=dt.timezone.utc) if published else None)
        except SubmissionError as error:
            self.add_error("url" if data.get("url") else "text", str(error))
            return None
