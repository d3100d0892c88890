"""Liveness of what the web process depends on: the database and the broker."""
from django.conf import settings
from django.db import connection


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any driver error means "down"; the message says why
        return {"ok": False, "error": str(error).strip()[:300]}
    return {"ok": True, "vendor": connection.vendor}


def broker_status() -> dict:
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"ok": True, "mode": "eager"}
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2, transport_options={"max_retries": 0}) as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
    except Exception as error:  # kombu raises several types for "unreachable"
        return {"ok": False, "error": str(error).strip()[:300]}
    return {"ok": True, "mode": "broker"}
