"""Every API error as JSON with a message a person can act on."""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler


def json_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        body = {"error": str(data["detail"]), "status": response.status_code}
    else:
        body = {"error": "Invalid request.", "status": response.status_code, "fields": data}
    if getattr(exc, "wait", None):
        body["retry_after_s"] = int(exc.wait)
    response.data = body
    return response
