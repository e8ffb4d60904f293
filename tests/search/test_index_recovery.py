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
from search.models import IndexOutbox
from search.services import live_plans, process_outbox
from tests.conftest import elasticsearch_url

ROOT = Path(__file__).resolve().parents[2]
PORT = "9260"  # a node of its own, so the shared test node is never stopped
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
