"""Schemathesis against the served schema, anonymous and as a coordinator: no 500, and every
response matches the schema."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from wagtail.models import APIToken

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def schema(db):
    # Like Django's test client: a request must not close the test's own database connection
    # (it sits in a transaction, which Django would take for an obsolete connection).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("username", [None, "ascn-coordinator"])
def test_no_server_errors_and_responses_match_the_schema(schema, username):
    headers = {}
    if username:
        user = get_user_model().objects.get(username=username)
        _, key = APIToken.create_token(user=user, name="fuzz")
        headers["Authorization"] = f"Bearer {key}"
    failures = []
    calls = []
    checks = [
        schemathesis.checks.not_a_server_error,
        schemathesis.checks.response_schema_conformance,
        schemathesis.checks.status_code_conformance,
    ]

    def fuzz(op):
        @settings(max_examples=8, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=op.as_strategy())
        def run(case):
            calls.append(1)
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=checks)
            except Exception as exc:  # collect every failing operation, then report
                failures.append(f"{op.method.upper()} {op.path}: {str(exc)[:300]}")

        run()

    for operation in schema.get_all_operations():
        fuzz(operation.ok())
    count = len(calls)
    print(f"schemathesis: {count} calls as {username or 'anonymous'}")
    assert not failures, "\n".join(sorted(set(failures))[:20])
