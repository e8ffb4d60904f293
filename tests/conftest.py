import os

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo content, loaded once per run by the real command."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open(os.devnull, "w"))


@pytest.fixture
def real_embedder(settings, db):
    """The real sentence-embedding model, for tests where meaning is the point (the suite's
    default is tests.fakes.hashed_embeddings). The fake's cached vectors go, inside the test's
    transaction, so every text is embedded again by the model; the shipped pair model scores."""
    from search.models import EmbeddingCache

    settings.OVERLAP_EMBEDDER = "search.embedding.model_embeddings"
    settings.OVERLAP_MODEL_PATH = ""  # the shipped model, trained on the real embeddings
    EmbeddingCache.objects.all().delete()


@pytest.fixture
def demo_password(settings) -> str:
    return settings.DEMO_PASSWORD


@pytest.fixture
def client_for(db, demo_password):
    """A logged-in client for a demo account; None gives an anonymous client."""

    def make(username: str | None) -> Client:
        client = Client()
        if username:
            assert client.login(username=username, password=demo_password), username
        return client

    return make


def elasticsearch_url() -> str:
    """The node's URL; under CI or ``make test`` a missing node fails instead of skipping."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        if os.environ.get("REQUIRE_ELASTICSEARCH") or os.environ.get("CI"):
            pytest.fail("ELASTICSEARCH_URL is not set but Elasticsearch tests are required")
        pytest.skip("no Elasticsearch node (set ELASTICSEARCH_URL)")
    return url
