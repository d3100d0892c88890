"""Editors submit an article and watch it go through: a form, then a page whose
progress panel htmx reloads every second until the article is extracted or failed."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ..models import Article
from ..review.permissions import editor_required as review_editor_required
from .forms import ArticleSubmitForm
from .progress import STEPS, article_progress


editor_required = review_editor_required(doing="Submitting articles")


@editor_required
@require_http_methods(["GET", "POST"])
def submit(request):
    form = ArticleSubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result = form.submit(user=request.user)
        if result is not None:
            if result.created:
                messages.success(request, "Article submitted. This page follows its progress.")
            elif result.retried:
                messages.info(request, "This article had failed before; it is being tried again.")
            else:
                messages.info(request, "This article was already submitted: here it is.")
            return redirect("ingest:article", pk=result.article.pk)
    status = 400 if form.errors else 200
    return render(request, "ingest/submit.html", {"form": form}, status=status)


def _context(article: Article) -> dict:
    return {"article": article, "progress": article_progress(article), "steps": STEPS}


@editor_required
@require_GET
def article(request, pk: int):
    item = get_object_or_404(Article.objects.select_related("outlet", "feed", "submitted_by"), pk=pk)
    return render(request, "ingest/article.html", _context(item))


@never_cache
@editor_required
@require_GET
def progress(request, pk: int):
    """The progress panel, and (out of band, for htmx) the title and details found by fetching."""
    item = get_object_or_404(Article.objects.select_related("outlet", "feed", "submitted_by"), pk=pk)
    return render(request, "ingest/_progress.html", {**_context(item), "oob": True})
