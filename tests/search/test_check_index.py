"""check_index compares content (a hash per document) and the outbox, and fails on drift."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from action_plans.models import ActionPlanPage
from search.models import EmbeddedDoc, IndexOutbox

pytestmark = pytest.mark.django_db


def check(*args) -> str:
    out = io.StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


def test_a_stale_document_and_a_queued_update_fail_the_check_until_repaired(settings):
    if "Embedded" not in settings.OVERLAP_ENGINE:
        pytest.skip("edits the embedded store directly")
    assert ", 0 missing, 0 extra, 0 stale, 0 queued in the outbox" in check()
    row = EmbeddedDoc.objects.filter(published=True).first()
    row.title = "An old title the database no longer has"
    row.save()
    other = EmbeddedDoc.objects.exclude(plan_id=row.plan_id).filter(published=True).first()
    other.terms = other.terms[:-1]
    other.save()
    plan = ActionPlanPage.objects.get(pk=row.plan_id)
    IndexOutbox.objects.create(plan_id=plan.pk)
    out = io.StringIO()
    with pytest.raises(CommandError, match="disagrees with the database; run with --repair"):
        call_command("check_index", stdout=out)
    assert "0 missing, 0 extra, 2 stale, 1 queued in the outbox" in out.getvalue()
    assert row.doc_id in out.getvalue() and other.doc_id in out.getvalue()
    repaired = check("--repair")
    assert "Repaired 2 plan(s)." in repaired and "Outbox: 1 applied, 0 pending." in repaired
    assert ", 0 missing, 0 extra, 0 stale, 0 queued in the outbox" in check()


def test_a_missing_document_fails_the_check(settings):
    if "Embedded" not in settings.OVERLAP_ENGINE:
        pytest.skip("edits the embedded store directly")
    EmbeddedDoc.objects.filter(published=True).first().delete()
    with pytest.raises(CommandError, match="disagrees"):
        check()


@pytest.mark.elasticsearch
def test_check_index_reads_the_node_in_bulk(settings):
    """One multi-get per 500 documents, not a GET per document (issue 19)."""
    from search.engines.base import get_engine
    from search.services import compare_index

    if "Elasticsearch" not in settings.OVERLAP_ENGINE:
        pytest.skip("counts requests to the real node")
    engine = get_engine()
    transport = engine.client.transport
    real, targets = transport.perform_request, []

    def counted(method, target, *args, **kwargs):  # the real request, counted
        targets.append(f"{method} {target}")
        return real(method, target, *args, **kwargs)

    transport.perform_request = counted
    try:
        drift = compare_index(engine=engine)
    finally:
        del transport.perform_request
    assert drift.expected > 100 and drift.indexed > 100
    assert not [t for t in targets if "/_doc/" in t]
    mgets = len([t for t in targets if t.endswith("/_mget")])
    assert 1 <= mgets <= 2 * -(-drift.expected // 500)
    assert len(targets) < 10 + drift.indexed // 250, targets
