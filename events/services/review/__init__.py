"""Editors' review: every write to an event's reviewed state happens here.

Each service runs in one transaction, takes keyword-only arguments and moves an
event with a conditional update, `filter(pk=..., status=..., revision=...)`,
that also bumps `Event.revision` and sets `reviewed_by`/`reviewed_at`. A row
count of 0 means another editor moved first: the service re-reads the row and
either finds the action already done (a no-op, `changed=False`) or raises
`ReviewConflict` carrying the current state. Every applied action writes a
`ReviewAction` with before/after snapshots. Changes to the public record (an
event entering or leaving `confirmed`, a confirmed event gaining evidence) also
append an `EventChange` to the feed in the same transaction.

Nothing is deleted: rejected and merged events stay, merged evidence moves. The
one exception is a participant row an editor removes in an edit; the edit's
`before` snapshot keeps it.
"""
# One module per subject, each importing only those before it (no cycles):
#   common.py   errors, results, snapshots, the conditional update and its retries;
#   edits.py    an editor's changes checked and planned (fields, participants, new actors);
#   actors.py   new actors confirmed or linked, within a confirm or on their own;
#   actions.py  confirm, reject, merge, reopen, bulk reject.
from .actions import REJECT_REASONS, event_merge, event_reopen, suggestion_confirm, suggestion_reject, suggestions_reject_bulk
from .actors import actor_confirm, actor_link
from .common import (
    ATTEMPTS, Action, BulkRejectResult, ReviewConflict, ReviewError, ReviewInvalid, ReviewResult, Status,
    _transition, event_snapshot, event_state,
)
from .edits import CHANGE_KEYS, EDITABLE

# `_transition` is here for tests that wrap it; they patch it where the actions
# look it up (actions._transition): patching this re-export changes nothing.
__all__ = [
    "ATTEMPTS", "Action", "BulkRejectResult", "CHANGE_KEYS", "EDITABLE", "REJECT_REASONS", "ReviewConflict",
    "ReviewError", "ReviewInvalid", "ReviewResult", "Status", "actor_confirm", "actor_link", "event_merge",
    "event_reopen", "event_snapshot", "event_state", "suggestion_confirm", "suggestion_reject",
    "suggestions_reject_bulk",
]
