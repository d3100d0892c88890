"""API tokens: created with a secret shown once, stored as a hash, revocable."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from ..models import ApiToken


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_key_new() -> tuple[str, str]:
    """A fresh (prefix, key) pair; the key is `<prefix>.<secret>`."""
    prefix = secrets.token_hex(4)
    return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"


@transaction.atomic
def token_create(*, user, name: str, scope: str = ApiToken.Scope.READ, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token and its key, `<prefix>.<secret>`. The key is returned once and never stored."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"scope must be one of {', '.join(ApiToken.Scope.values)}")
    prefix, key = token_key_new()
    expires = timezone.now() + dt.timedelta(days=days) if days else None
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=token_hash(key), scope=scope,
                                    expires_at=expires)
    return token, key


def token_revoke(*, token_id: int) -> bool:
    """Revoke a token; True if this call revoked it, False if it already was."""
    return bool(ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(revoked_at=timezone.now()))
