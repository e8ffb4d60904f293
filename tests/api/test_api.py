"""/api/v1/: the same rules as the pages, JSON errors, tokens."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken

from tests.factories import pairs_within

pytestmark = pytest.mark.django_db


def token_client(username: str, scope: str = "write") -> tuple[Client, str]:
    from api.models import TokenScope

    user = get_user_model().objects.get(username=username)
    token, key = APIToken.create_token(user=user, name="test")
    TokenScope.objects.create(token=token, scope=scope)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}"), key


def items(response) -> list:
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.")
    for p in (
        "/api/v1/networks/",
        "/api/v1/networks/{slug}/overlaps/",
        "/api/v1/search/",
        "/api/v1/overlaps/{overlap_id}/curation",
        "/api/v1/plans/{plan_id}/",
    ):
        assert p in schema["paths"], p
    assert client.get("/api/v1/docs/").status_code == 200


def test_anonymous_sees_public_content_only(client):
    assert [n["slug"] for n in items(client.get("/api/v1/networks/"))] == ["ascn"]
    assert client.get("/api/v1/networks/neascn/").status_code == 404
    assert client.get("/api/v1/networks/neascn/plans/").json() == {
        "message": "Not found.",
        "field": None,
    }
    cities = items(client.get("/api/v1/networks/ascn/cities/?page_size=100"))
    assert len([c for c in cities if c["role"] == "pilot"]) == 26
    hits = items(client.get("/api/v1/search/?q=Seoul"))
    # Seoul's plans are members-only; the public ASCN conference Seoul hosted is not.
    assert [h["title"] for h in hits if h["city"] == "Seoul"] == ["WeGO-ASCN Mayoral Conference"]


def test_members_see_their_network_by_token_and_by_session(client_for):
    by_token, _ = token_client("seoul-editor")
    assert "neascn" in [n["slug"] for n in items(by_token.get("/api/v1/networks/"))]
    plans = items(by_token.get("/api/v1/networks/neascn/plans/"))
    detail = by_token.get(f"/api/v1/plans/{plans[0]['id']}/").json()
    assert detail["initiatives"] and detail["network"] == "neascn"
    session = client_for("seoul-editor")
    assert session.get("/api/v1/networks/neascn/").status_code == 200


def test_a_revoked_or_bad_token_is_a_401():
    by_token, key = token_client("seoul-editor")
    APIToken.objects.get(prefix=key[: len(APIToken.objects.first().prefix)]).revoke()
    response = by_token.get("/api/v1/networks/")
    assert response.status_code == 401 and "token" in response.json()["message"]
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/v1/networks/").status_code == 401


def test_overlaps_filters_and_errors(client):
    pairs = items(client.get("/api/v1/networks/ascn/overlaps/?min_score=0.3"))
    assert pairs and all(p["score"] >= 0.3 for p in pairs)
    scores = [p["score"] for p in pairs]
    assert scores == sorted(scores, reverse=True)
    response = client.get("/api/v1/networks/ascn/overlaps/?min_score=7")
    assert response.status_code == 400 and response.json()["field"] == "min_score"
    response = client.get("/api/v1/networks/ascn/overlaps/?sdg=abc")
    assert response.status_code == 400 and response.json()["field"] == "sdg"
    first = pairs[0]["a"]
    mine = items(client.get(f"/api/v1/initiatives/{first}/overlaps/"))
    assert any(first in (p["a"], p["b"]) for p in mine)
    assert client.get("/api/v1/initiatives/nope/").status_code == 404


def test_curation_by_coordinators_only():
    pair = pairs_within("ascn").first()
    body = json.dumps({"state": "confirmed", "note": "Joint IOC study"})
    viewer, _ = token_client("ascn-viewer")
    response = viewer.post(f"/api/v1/overlaps/{pair.pk}/curation", body, "application/json")
    assert response.status_code == 400
    coordinator, _ = token_client("ascn-coordinator")
    response = coordinator.post(f"/api/v1/overlaps/{pair.pk}/curation", body, "application/json")
    assert response.status_code == 200 and response.json()["state"] == "confirmed"
    pair.refresh_from_db()
    assert pair.note == "Joint IOC study" and pair.decided_by.username == "ascn-coordinator"
    bad = json.dumps({"state": "maybe"})
    response = coordinator.post(f"/api/v1/overlaps/{pair.pk}/curation", bad, "application/json")
    assert response.status_code == 400 and response.json()["field"] == "state"
    anonymous = Client().post(f"/api/v1/overlaps/{pair.pk}/curation", body, "application/json")
    assert anonymous.status_code == 401


def test_import_by_api(tmp_path):
    from tests.action_plans.test_import import good, write_csv

    path = write_csv(tmp_path, [good(1), good(2, sdgs="40")])
    coordinator, _ = token_client("ascn-coordinator")
    with open(path, "rb") as fh:
        response = coordinator.post("/api/v1/networks/ascn/plans/import", {"file": fh})
    assert response.status_code == 400 and "line 3" in response.json()["message"]
    path = write_csv(tmp_path, [good(1)], name="ok.csv")
    with open(path, "rb") as fh:
        response = coordinator.post("/api/v1/networks/ascn/plans/import", {"file": fh})
    assert response.status_code == 200 and response.json()["published"] is True
    editor, _ = token_client("bangkok-editor")
    with open(path, "rb") as fh:
        assert editor.post("/api/v1/networks/ascn/plans/import", {"file": fh}).status_code == 400


def test_tokens_are_created_and_revoked_on_the_account_page(client_for):
    client = client_for("ascn-viewer")
    html = client.post("/accounts/tokens/", {"name": "laptop"}).content.decode()
    key = html.split('<code id="new-key">')[1].split("</code>")[0]
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/networks/").status_code == 200
    token = APIToken.objects.get(name="laptop")
    client.post("/accounts/tokens/", {"revoke": token.pk})
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/networks/").status_code == 401
    assert client.post("/accounts/tokens/", {"revoke": "x"}).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/search/?q=a%00b",
        "/search/?q=a%00b",
        "/ascn/plans/?city=x%00",
        "/api/v1/initiatives/a%00b/",
    ],
)
def test_nul_characters_are_a_400_not_a_500(client, url):
    assert client.get(url).status_code == 400


def test_network_events_follow_the_pages_rules(client, client_for):
    events = items(client.get("/api/v1/networks/ascn/events/?when=past"))
    titles = [e["title"] for e in events]
    assert titles.index("3rd ASCN Annual Meeting") < titles.index("ASCN Workshop")
    workshop = next(e for e in events if e["title"] == "ASCN Workshop")
    assert workshop["start"].startswith("2019-06-05T09:00:00+07:00")
    assert workshop["time_zone"] == "Asia/Bangkok" and workshop["host_city"] == "Bangkok"
    assert client.get("/api/v1/networks/neascn/events/").status_code == 404
    assert items(client.get("/api/v1/networks/ascn/events/?when=upcoming")) == []
    member = client_for("seoul-editor")
    upcoming = items(member.get("/api/v1/networks/neascn/events/?when=upcoming"))
    assert [e["title"] for e in upcoming] == ["Inaugural NEASCN Meeting"]
    bad = client.get("/api/v1/networks/ascn/events/?when=soon")
    assert bad.status_code == 400 and bad.json()["field"] == "when"


def test_search_spans_events_plans_and_initiatives(client, client_for):
    hits = items(client.get("/api/v1/search/?q=Bangkok"))
    kinds = {h["kind"] for h in hits}
    assert kinds == {"event", "plan", "initiative"}
    assert not [h for h in items(client.get("/api/v1/search/?q=NEASCN")) if h["kind"] == "event"]
    member = items(client_for("seoul-editor").get("/api/v1/search/?q=Inaugural"))
    assert [h["title"] for h in member] == ["Inaugural NEASCN Meeting"]


def test_calls_counted_by_another_worker_count_against_the_same_limit():
    """Workers share the cache in production; the rate limit holds only if each worker names a
    token's counter the same way (Python's hash() differs per process)."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.core.cache import cache

    client, key = token_client("ascn-viewer")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = (
        "from django.test import RequestFactory; from api.routes import TokenRateThrottle; "
        f"r = RequestFactory().get('/', HTTP_AUTHORIZATION='Bearer {key}'); "
        "print(TokenRateThrottle('120/m').get_cache_key(r))"
    )
    other = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    cache.set(other.stdout.split()[-1], [time.time()] * 120, 60)  # that worker's 120 calls
    try:
        assert client.get("/api/v1/networks/").status_code == 429
    finally:
        cache.clear()
