"""A bounded schemathesis run against /api/schema/: generated requests to every
read endpoint; no 5xx, and every response conforms to the schema."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tracker.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def in_test_transaction(settings):
    """Generous throttles; and the WSGI handler must not close the test's
    connection at the end of each request, as Django's test client ensures too."""
    from django.core import signals
    from django.db import close_old_connections

    settings.API_THROTTLE_RATES = {"token": "100000/min", "anon": "100000/min"}
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_generated_requests_get_no_5xx_and_conforming_answers(case, record):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance, content_type_conformance])
