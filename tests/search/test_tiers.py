"""What a pair means to a user: two tiers with a likelihood, counted and filtered the same way
on pages, exports and the API; the solution catalogue; retraining from decisions."""

import io
import json

import pytest
from django.core.management import call_command

from search.models import Overlap
from search.pair_model import get_model

pytestmark = pytest.mark.django_db


def test_the_network_page_counts_same_approach_with_same_challenge_one_click_away(client):
    approach = Overlap.objects.filter(tier="same_approach").count()
    assert approach and Overlap.objects.filter(tier="same_challenge").exists()
    html = client.get("/ascn/overlaps/").content.decode()
    assert "with the same approach (the same problem, similar means)" in html
    assert 'href="?tier=same_challenge"' in html
    challenge = client.get("/ascn/overlaps/?tier=same_challenge").content.decode()
    assert "face the same challenge by other means" in challenge
    assert "Same challenge ·" in challenge and "Same approach ·" not in challenge
    assert client.get("/ascn/overlaps/?tier=maybe").status_code == 400


def test_the_solution_catalogue_names_what_cities_run_and_filters_pairs(client):
    html = client.get("/ascn/overlaps/").content.decode()
    assert "Solutions in ASCN" in html and "Integrated operations centre" in html
    shared = [
        p for p in Overlap.objects.all() if "operations-centre" in p.reasons["shared_solutions"]
    ]
    assert shared
    page = client.get("/ascn/overlaps/?tier=all&solution=operations-centre").content.decode()
    assert "both: integrated operations centre" in page
    assert client.get("/ascn/overlaps/?solution=teleportation").status_code == 400


def test_api_pairs_carry_tier_and_likelihood_in_words(client):
    items = client.get("/api/v1/networks/ascn/overlaps/?tier=all").json()["items"]
    assert {i["tier"] for i in items} == {"same_approach", "same_challenge"}
    assert all(i["likelihood"] in {"very likely", "likely", "possible", "unlikely"} for i in items)
    default = client.get("/api/v1/networks/ascn/overlaps/").json()["items"]
    assert {i["tier"] for i in default} == {"same_approach"}
    response = client.get("/api/v1/networks/ascn/overlaps/?tier=bogus")
    assert response.status_code == 400 and "tier" in response.content.decode()


def test_export_with_min_score_zero_writes_every_stored_pair_of_both_tiers():
    out = io.StringIO()
    call_command("export_overlaps", "--min-score", "0", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {line["tier"] for line in lines} == {"same_approach", "same_challenge"}
    out = io.StringIO()
    call_command("export_overlaps", "--tier", "same_challenge", "--format", "csv", stdout=out)
    rows = out.getvalue().splitlines()
    assert rows[0].startswith("a,b,score,tier") and all(",same_challenge," in r for r in rows[1:])


def test_retraining_learns_from_coordinators_decisions(settings, tmp_path):
    pair = Overlap.objects.filter(tier="same_challenge").first()
    pair.state = Overlap.State.CONFIRMED
    pair.save()
    settings.OVERLAP_MODEL_PATH = str(tmp_path / "model.json")
    before = get_model()
    out = io.StringIO()
    call_command("train_overlap_model", stdout=out)
    assert "and 1 decisions" in out.getvalue()
    trained = json.loads((tmp_path / "model.json").read_text())
    assert trained["meta"]["decisions"] == 1
    assert get_model() is not before  # the engine now scores with the retrained model
