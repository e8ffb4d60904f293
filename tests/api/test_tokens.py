"""API tokens have scopes (read, write); calendar feeds have their own feed-only keys."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken

from events.feed_keys import FeedKey
from search.models import Overlap
from tests.api.test_api import token_client
from tests.factories import pairs_within

pytestmark = pytest.mark.django_db


def ascn_pair_id() -> int:
    pair = pairs_within("ascn").filter(state="suggested").first()
    assert pair is not None
    return pair.pk


def test_the_tokens_page_creates_tokens_with_a_scope_shown_once(client_for):
    client = client_for("ascn-coordinator")
    page = client.post("/accounts/tokens/", {"name": "reports", "scope": "read"}).content.decode()
    assert "Your new read token, shown only once" in page
    key = re.search(r'<code id="new-key">([^<]+)</code>', page).group(1)
    assert '<span id="new-scope">read</span>' in page
    page = client.post("/accounts/tokens/", {"name": "curation", "scope": "write"}).content.decode()
    assert "Your new write token, shown only once" in page
    listing = client.get("/accounts/tokens/").content.decode()
    assert "<td>reports</td><td>read</td>" in listing
    assert "<td>curation</td><td>write</td>" in listing
    assert key not in listing  # shown only once
    bad = client.post("/accounts/tokens/", {"name": "x", "scope": "admin"})
    assert bad.status_code == 400 and "Choose the token&#x27;s scope" in bad.content.decode()


def test_a_read_token_reads_but_cannot_curate_or_import(tmp_path):
    reader, _ = token_client("ascn-coordinator", scope="read")
    assert reader.get("/api/v1/networks/ascn/overlaps/").status_code == 200
    url = f"/api/v1/overlaps/{ascn_pair_id()}/curation"
    refused = reader.post(url, {"state": "dismissed"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["message"] == (
        "This token may only read: create a token with the write scope."
    )
    assert Overlap.objects.get(pk=ascn_pair_id()).state == "suggested"
    from tests.action_plans.test_import import good, write_csv

    with open(write_csv(tmp_path, [good(1)]), "rb") as fh:
        assert reader.post("/api/v1/networks/ascn/plans/import", {"file": fh}).status_code == 403
    writer, _ = token_client("ascn-coordinator", scope="write")
    done = writer.post(url, {"state": "dismissed"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "dismissed"


def test_a_token_without_a_recorded_scope_may_only_read():
    user = get_user_model().objects.get(username="ascn-coordinator")
    _, key = APIToken.create_token(user=user, name="old")
    old = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/v1/overlaps/{ascn_pair_id()}/curation"
    response = old.post(url, {"state": "dismissed"}, content_type="application/json")
    assert response.status_code == 403


def test_calendar_keys_open_feeds_only_and_api_tokens_open_no_feed(client_for):
    user = get_user_model().objects.get(username="seoul-editor")
    feed, key = FeedKey.create_key(user=user)
    anonymous = Client()
    assert b"Inaugural NEASCN Meeting" in anonymous.get(f"/calendar.ics?key={key}").content
    # A calendar key is no API token ...
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert bearer.get("/api/v1/networks/neascn/").status_code == 401
    # ... and an API token is no calendar key, however it is passed.
    _, api_key = token_client("seoul-editor", scope="write")
    for query in (f"token={api_key}", f"key={api_key}"):
        response = anonymous.get(f"/calendar/neascn.ics?{query}")
        assert response.status_code == 403
        assert b"Calendar feeds take a calendar key" in response.content
    # Revoked from the tokens page, the key stops working.
    page = client_for("seoul-editor")
    assert page.post("/accounts/tokens/", {"revoke_feed": feed.pk}).status_code == 302
    assert anonymous.get(f"/calendar.ics?key={key}").status_code == 403


def test_the_tokens_page_creates_a_calendar_key_with_its_feed_address(client_for):
    page = client_for("seoul-editor").post("/accounts/tokens/", {"feed_key": "1"}).content.decode()
    key = re.search(r'<code id="new-feed-key">([^<]+)</code>', page).group(1)
    assert f"/calendar.ics?key={key}" in page
    assert FeedKey.user_for(key).username == "seoul-editor"
