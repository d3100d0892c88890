"""The review queue in the browser. Each action is a plain POST form that htmx
submits in place: the answer is the card in its new state (or, for htmx-less
browsers, a redirect back with a message). Conflicts answer 409 and bad input
422, each with the card or form showing why; review.js lets htmx swap those in.
"""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..models import Event
from ..selectors.review import event_history, review_card, review_cards, review_events, review_filter_choices, review_queue
from ..services.review import (
    REJECT_REASONS, ReviewConflict, ReviewInvalid, event_merge, event_reopen, suggestion_confirm, suggestion_reject,
    suggestions_reject_bulk,
)
from .forms import BulkRejectForm, EventEdit, MergeForm, QueueFilterForm, RejectForm, ReopenForm, RevisionForm
from .permissions import editor_required

PAGE_SIZE = 25
LEVELS = {"success": messages.SUCCESS, "info": messages.INFO, "error": messages.ERROR}


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("review:queue")


def _answer(request, pk: int, message: str, level: str = "success", status: int = 200):
    """The card as it is now, with a message; or a redirect back with the message for plain forms."""
    if _htmx(request):
        try:
            card = review_card(event_id=pk)
        except Event.DoesNotExist:
            raise Http404("No such event.")
        return render(request, "review/_card.html", {"card": card, "message": message, "level": level,
                                                     "reasons": REJECT_REASONS}, status=status)
    messages.add_message(request, LEVELS[level], message)
    return redirect(_back(request))


def _act(request, pk: int, action):
    """Run a service and answer: its message, a conflict (409) or a broken rule (422)."""
    try:
        result = action()
    except Event.DoesNotExist:
        raise Http404("No such event.")
    except ReviewConflict as conflict:
        return _answer(request, pk, conflict.message, "error", status=409)
    except ReviewInvalid as invalid:
        return _answer(request, pk, invalid.message, "error", status=422)
    return _answer(request, pk, result.message, "success" if result.changed else "info")


def _invalid(request, pk: int, form):
    """A form of the wrong shape: its errors, each after its field's label, as the card's message (422)."""
    parts = [f"{form[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
             for name, errors in form.errors.items()]
    return _answer(request, pk, " ".join(parts) or "Check the form.", "error", status=422)


@editor_required
@require_GET
def queue(request):
    filters = QueueFilterForm(request.GET or None, choices=review_filter_choices())
    page = Paginator(review_queue(**filters.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "review/queue.html", {
        "filters": filters, "page": page, "cards": review_cards(page.object_list), "reasons": REJECT_REASONS,
        "bulk": BulkRejectForm(), "query": query.urlencode(), "back": request.get_full_path()})


@editor_required
@require_GET
def card(request, pk: int):
    try:
        return render(request, "review/_card.html", {"card": review_card(event_id=pk), "reasons": REJECT_REASONS})
    except Event.DoesNotExist:
        raise Http404("No such event.")


@editor_required
@require_POST
def confirm(request, pk: int):
    form = RevisionForm(request.POST)
    revision = form.cleaned_data["revision"] if form.is_valid() else None
    return _act(request, pk, lambda: suggestion_confirm(event_id=pk, user=request.user, revision=revision))


@editor_required
@require_POST
def reject(request, pk: int):
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, form)
    return _act(request, pk, lambda: suggestion_reject(
        event_id=pk, user=request.user, reason=form.reason_text(), revision=form.cleaned_data["revision"]))


@editor_required
@require_POST
def merge(request, pk: int):
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _invalid(request, pk, form)
    into = form.cleaned_data["into"]
    if not Event.objects.filter(pk=into).exists():
        return _answer(request, pk, f"There is no event #{into}.", "error", status=422)
    return _act(request, pk, lambda: event_merge(event_id=pk, into_id=into, user=request.user,
                                                 revision=form.cleaned_data["revision"]))


@editor_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """GET: the edit form in place of the card. POST: edit then confirm in one step."""
    try:
        event = review_events(ids=[pk]).get()
    except Event.DoesNotExist:
        raise Http404("No such event.")
    if event.status != Event.Status.SUGGESTED:
        return _answer(request, pk, f"Event #{pk} is {event.status}: reopen it to edit it.", "error", status=409)
    bundle = EventEdit(event, request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and bundle.is_valid():
        try:
            result = suggestion_confirm(event_id=pk, user=request.user, changes=bundle.changes(), revision=bundle.revision)
        except ReviewInvalid as invalid:  # a broken rule: show the form again with it
            error = invalid.message
        except ReviewConflict as conflict:
            return _answer(request, pk, conflict.message, "error", status=409)
        else:
            return _answer(request, pk, result.message, "success" if result.changed else "info")
    status = 422 if request.method == "POST" else 200
    template = "review/_edit.html" if _htmx(request) else "review/edit.html"
    return render(request, template, {"edit": bundle, "event": event, "error": error}, status=status)


@editor_required
@require_POST
def bulk_reject(request):
    form = BulkRejectForm(request.POST)
    if not form.is_valid():
        message, level, result = "Select suggestions and a reason first.", "error", None
    else:
        result = suggestions_reject_bulk(event_ids=form.cleaned_data["ids"], user=request.user, reason=form.reason_text())
        message, level = _bulk_message(result), "success" if result.rejected else "info"
    if not _htmx(request):
        messages.add_message(request, LEVELS[level], message)
        return redirect(_back(request))
    touched = [*result.rejected, *result.unchanged, *result.conflicts] if result else []
    cards = review_cards(review_events(ids=touched).order_by("pk"))
    return render(request, "review/_bulk_result.html", {"message": message, "level": level, "cards": cards,
                                                        "reasons": REJECT_REASONS}, status=200 if result else 422)


def _bulk_message(result) -> str:
    parts = [f"{len(result.rejected)} rejected"]
    if result.unchanged:
        parts.append(f"{len(result.unchanged)} already rejected")
    if result.conflicts:
        parts.append(f"{len(result.conflicts)} left alone (already " + ", ".join(sorted(set(result.conflicts.values()))) + ")")
    if result.missing:
        parts.append(f"{len(result.missing)} not found")
    return "; ".join(parts) + "."


@editor_required
@require_GET
def event(request, pk: int):
    """An event as editors see it: its card, its evidence, what was merged into it, and its history."""
    try:
        return render(request, "review/event.html", _event_context(pk))
    except Event.DoesNotExist:
        raise Http404("No such event.")


@editor_required
@require_POST
def reopen(request, pk: int):
    """Send a confirmed or rejected event back to the queue; htmx swaps the event's status panel."""
    form = ReopenForm(request.POST)
    status, level = 200, "success"
    try:
        if not form.is_valid():
            raise ReviewInvalid("Say why you reopen it.")
        result = event_reopen(event_id=pk, user=request.user, reason=form.cleaned_data["reason"])
        message, level = result.message, "success" if result.changed else "info"
    except Event.DoesNotExist:
        raise Http404("No such event.")
    except (ReviewConflict, ReviewInvalid) as error:
        message, level, status = error.message, "error", 409 if isinstance(error, ReviewConflict) else 422
    if not _htmx(request):
        messages.add_message(request, LEVELS[level], message)
        return redirect("review:event", pk=pk)
    return render(request, "review/_event_panel.html", {
        **_event_context(pk), "message": message, "level": level}, status=status)


def _event_context(pk: int) -> dict:
    card = review_card(event_id=pk)
    return {"card": card, "event": card.event, "history": event_history(event_id=pk), "reopen": ReopenForm(),
            "merged_events": card.event.merged_events.order_by("pk").only("pk", "summary"), "reasons": REJECT_REASONS}
