"""The real node goes down in the middle of a series of edits and deletes; nothing is lost."""

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from action_plans.models import ActionPlanPage, Initiative
from action_plans.services import import_plans
from search.documents import docs_for_plan
from search.engines.elasticsearch import ElasticsearchEngine
from search.models import IndexOutbox, Overlap
from search.services import RECOMPUTE_ALL, live_plans, process_outbox, rebuild
from tests.conftest import elasticsearch_url

ROOT = Path(__file__).resolve().parents[2]
# A node of its own, so the shared test node is never stopped (another port for parallel runs).
PORT = os.environ.get("ES_RECOVERY_PORT", "9260")
pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def node(action: str, *, keep_data: bool = False) -> None:
    env = {
        **os.environ,
        "ES_PORT": PORT,
        "ES_WAIT": "180",
        "ES_KEEP_DATA": "1" if keep_data else "",
    }
    subprocess.run([str(ROOT / "scripts" / "elasticsearch"), action], check=True, env=env,
                   timeout=300, capture_output=True)  # fmt: skip


@pytest.fixture
def own_node(settings):
    elasticsearch_url()  # skips, or fails under CI, when there is no Elasticsearch at all
    node("start")
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{PORT}"
    settings.ELASTICSEARCH_INDEX_PREFIX = f"recovery-{uuid.uuid4().hex[:8]}"
    settings.OVERLAP_ENGINE = "search.engines.elasticsearch.ElasticsearchEngine"
    yield ElasticsearchEngine(url=settings.ELASTICSEARCH_URL)
    node("stop")


def plan_file(title: str, *items: tuple[str, str]) -> bytes:
    rows = [
        {"network": "ASCN", "city": "Phuket", "country": "Thailand", "plan_title": title,
         "period_start": 2024, "period_end": 2030, "initiative_id": ext, "title": text,
         "description": text}
        for ext, text in items
    ]  # fmt: skip
    return "\n".join(json.dumps(r) for r in rows).encode()


def expected_index() -> set[str]:
    return {d.id for plan in live_plans() for d in docs_for_plan(plan)}


def test_index_catches_up_after_the_node_was_down(own_node, django_capture_on_commit_callbacks):
    from search.services import rebuild

    rebuild(engine=own_node)
    assert set(own_node.ids()) == expected_index()

    def publish(data: bytes) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            assert import_plans(user=None, data=data, filename="p.jsonl").ok

    publish(plan_file("Plan A", ("rec_a1", "Flood sensors on rivers"), ("rec_a2", "Bike lanes")))
    node("stop")  # the node goes down mid-series
    publish(plan_file("Plan B", ("rec_b1", "Smart street lighting with LED lamps")))
    publish(plan_file("Plan A", ("rec_a1", "Flood sensors and sirens on rivers")))
    with django_capture_on_commit_callbacks(execute=True):
        ActionPlanPage.objects.get(title="Phuket: Plan B").delete()  # a delete while down
    bangkok = Initiative.objects.get(external_id="bkk_bangsue").plan
    with django_capture_on_commit_callbacks(execute=True):
        bangkok.unpublish()
    assert IndexOutbox.objects.count() >= 3  # every change waits in the outbox
    node("start", keep_data=True)
    assert process_outbox().pending == 0
    assert set(own_node.ids()) == expected_index()
    a1 = Initiative.objects.get(external_id="rec_a1")
    assert own_node.get(str(a1.uid)).description == "Flood sensors and sirens on rivers"
    assert not Initiative.objects.filter(external_id="rec_b1").exists()


def stored_pairs() -> list[tuple]:
    return sorted(
        (o.a_id, o.b_id, o.tier, o.state, round(o.score, 6)) for o in Overlap.objects.all()
    )


def test_recovery_gives_exactly_what_a_rebuild_gives(own_node, django_capture_on_commit_callbacks):
    """Issue 19: after the outbox drained, borderline pairs differed from a fresh rebuild (the
    pairs of untouched plans kept the old term statistics and language means)."""
    rebuild(engine=own_node)

    def publish(data: bytes) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            assert import_plans(user=None, data=data, filename="p.jsonl").ok

    node("stop")
    publish(plan_file("Plan C", ("rec_c1", "Flood sensors, river gauges and SMS warnings"),
                      ("rec_c2", "Bike sharing stations near metro lines"),
                      ("rec_c3", "Smart parking sensors and an app for free bays")))  # fmt: skip
    publish(plan_file("Plan D", ("rec_d1", "Open data portal for city budgets and contracts")))
    assert IndexOutbox.objects.filter(plan_id=RECOMPUTE_ALL).count() == 1
    node("start", keep_data=True)
    assert process_outbox().pending == 0
    recovered = stored_pairs()
    assert any(o.a.external_id.startswith("rec_") or o.b.external_id.startswith("rec_")
               for o in Overlap.objects.select_related("a", "b"))  # fmt: skip
    rebuild(engine=own_node)
    assert stored_pairs() == recovered
