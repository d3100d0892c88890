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


def _names(side: list) -> str:
    names = [p["name"] for p in side]
    if len(names) <= 1:
        return "".join(names) or "?"
    return ", ".join(names[:-1]) + " and " + names[-1]


def summary(draft: Draft, event_type: dict) -> str:
    """One line an editor can read: 'Invitation withdrawn: France -> United Kingdom, 2021-11-26 to 2021-11-29'."""
    if draft.directed:
        who = f"{_names(draft.source)} -> {_names(draft.target)}"
    else:
        who = _names(draft.participants) or "no named party"
    when = draft.low.isoformat() if draft.low == draft.high else f"{draft.low.isoformat()} to {draft.high.isoformat()}"
    hedge = {"future": " (announced)", "hypothetical": " (possible)"}.get(draft.modality, "")
    return f"{event_type.get('name', draft.type)}{hedge}: {who}, {when}"


def to_contract(draft: Draft, event_type: dict, original: str) -> dict:
    """The suggestion in the contract of eval/README.md."""
    start, end = draft.quote
    return {
        "type": draft.type,
        "plover": event_type.get("plover"),
        "plover_mode": event_type.get("plover_mode") or None,
        "cameo": event_type.get("cameo") or None,
        "goldstein": event_type.get("goldstein"),
        "source": draft.source if draft.directed else [],
        "target": draft.target if draft.directed else [],
        "participants": [] if draft.directed else draft.participants,
        "date": (draft.low if draft.precision == "day" and draft.low == draft.high else draft.high).isoformat(),
        "date_min": draft.low.isoformat(),
        "date_max": draft.high.isoformat(),
        "date_precision": draft.precision,
        "summary": summary(draft, event_type),
        "quote": original[start:end],
        "quote_start": start,
        "quote_end": end,
        "confidence": round(draft.confidence, 2),
        "modality": draft.modality,
        "trigger": draft.trigger,
        "mentions": draft.mentions,
    }
