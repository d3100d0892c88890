"""Stage 5: turn triggers into suggestions: one per real event.

The same event told in three sentences ("withdrew the invitation", "were told
they were not welcome") is one suggestion: triggers of one type whose sides
agree and whose dates overlap merge, keeping the best-attested quote, the
sides each one found, and the most precise date. Confidence grows with each
sentence that repeats the event.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass
class Draft:
    """A suggestion being built: one trigger, or several merged."""
    type: str
    directed: bool
    source: list          # participant dicts
    target: list
    participants: list
    low: dt.date
    high: dt.date
    precision: str
    explicit_date: bool
    confidence: float
    quote: tuple          # (start, end) in the original text
    sentence: int
    trigger: str
    modality: str
    mentions: int = 1
    evidence: list = field(default_factory=list)
    cameo: str = ""       # the act's own code; blank: its type's
    headline: str = ""
    origin: object = None  # the trigger of the best-attested sentence (the headline is written from it)

    def codes(self, side: str) -> set:
        return {p["code"] for p in getattr(self, side) if p.get("code")}


def _sides_agree(a: Draft, b: Draft) -> bool:
    if not any(a.codes(side) or b.codes(side) for side in ("source", "target", "participants")):
        return True  # an incident told twice: nobody on either side
    if not a.directed:
        shared = a.codes("participants") & b.codes("participants")
        return len(shared) >= min(2, len(a.codes("participants")), len(b.codes("participants"))) and bool(shared)
    overlap = False
    for side in ("source", "target"):
        mine, theirs = a.codes(side), b.codes(side)
        if mine and theirs:
            if not mine & theirs:
                return False
            overlap = True
    return overlap


def _dates_agree(a: Draft, b: Draft) -> bool:
    return a.low <= b.high and b.low <= a.high


def _absorb(keep: Draft, other: Draft) -> None:
    if other.confidence > keep.confidence:
        keep.quote, keep.sentence, keep.trigger = other.quote, other.sentence, other.trigger
        keep.origin = other.origin or keep.origin
    if len(other.cameo) > len(keep.cameo):
        keep.cameo = other.cameo  # the more specific code
    for side in ("source", "target", "participants"):
        known = keep.codes(side)
        if not known:
            setattr(keep, side, list(getattr(other, side)))
        else:
            getattr(keep, side).extend(p for p in getattr(other, side) if p["code"] not in known)
    better_date = (other.explicit_date and not keep.explicit_date) or (
        other.explicit_date == keep.explicit_date
        and PRECISION_RANK[other.precision] < PRECISION_RANK[keep.precision])
    if better_date:
        keep.low, keep.high, keep.precision = other.low, other.high, other.precision
        keep.explicit_date = other.explicit_date
    elif not keep.explicit_date and not other.explicit_date:
        # two honest ranges: both hold, so the event lies in their intersection
        low, high = max(keep.low, other.low), min(keep.high, other.high)
        if low <= high:
            keep.low, keep.high = low, high
    keep.confidence = max(keep.confidence, other.confidence)
    keep.mentions += other.mentions
    keep.evidence.append(other.quote)


def merge(drafts: list[Draft]) -> list[Draft]:
    """Merge drafts of the same type that tell the same event."""
    merged: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: -d.confidence):
        for keep in merged:
            if keep.type == draft.type and _sides_agree(keep, draft) and _dates_agree(keep, draft):
                _absorb(keep, draft)
                break
        else:
            merged.append(draft)
    for draft in merged:
        draft.confidence = min(0.95, draft.confidence + 0.05 * (draft.mentions - 1))
    return sorted(merged, key=lambda d: (d.quote[0], d.type))


def to_contract(draft: Draft, event_type: dict, original: str, codes: dict) -> dict:
    """The suggestion in the contract of eval/README.md. `codes` is the CAMEO-to-PLOVER
    table: an act coded more finely than its type takes that code's family and mode."""
    start, end = draft.quote
    own = codes.get(draft.cameo) if draft.cameo and draft.cameo != event_type.get("cameo") else None
    return {
        "type": draft.type,
        "type_name": event_type.get("name") or draft.type,
        "plover": own["plover"] if own else event_type.get("plover"),
        "plover_mode": (own["mode"] if own else event_type.get("plover_mode")) or None,
        "cameo": draft.cameo or event_type.get("cameo") or None,
        "goldstein": event_type.get("goldstein"),
        "source": draft.source if draft.directed else [],
        "target": draft.target if draft.directed else [],
        "participants": [] if draft.directed else draft.participants,
        "date": (draft.low if draft.precision == "day" and draft.low == draft.high else draft.high).isoformat(),
        "date_min": draft.low.isoformat(),
        "date_max": draft.high.isoformat(),
        "date_precision": draft.precision,
        "summary": draft.headline,
        "quote": original[start:end],
        "quote_start": start,
        "quote_end": end,
        "confidence": round(draft.confidence, 2),
        "modality": draft.modality,
        "trigger": draft.trigger,
        "mentions": draft.mentions,
    }
