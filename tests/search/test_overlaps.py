"""Overlaps computed from the demo content, kept up to date through the outbox, curated."""

import io
import json

import pytest
from django.core.management import call_command

from action_plans.models import ActionPlanPage, Initiative
from action_plans.services import import_plans
from search.engines.base import get_engine
from search.models import IndexOutbox, Overlap
from search.selectors import overlap_list
from search.services import curate, process_outbox, rebuild

pytestmark = [pytest.mark.django_db, pytest.mark.backends]


def pair(a: str, b: str) -> Overlap:
    ia, ib = Initiative.objects.get(external_id=a), Initiative.objects.get(external_id=b)
    first, second = sorted([ia, ib], key=lambda i: str(i.uid))
    return Overlap.objects.get(a=first, b=second)


def row(**fields) -> dict:
    base = {
        "network": "ASCN", "city": "Phuket", "country": "Thailand",
        "plan_title": "Resilience Plan", "period_start": 2024, "period_end": 2030,
        "initiative_id": "pkt_flood_test", "title": "Flood early warning",
        "description": "River level sensors and SMS alerts warn residents of floods.",
        "focus_areas": "Quality environment", "stage": "planning",
    }  # fmt: skip
    base.update(fields)
    return base


def jsonl(*rows) -> bytes:
    return "\n".join(json.dumps(r) for r in rows).encode()


def test_the_demo_overlaps_are_computed_with_tiers_and_readable_reasons():
    pairs = list(Overlap.objects.select_related("a", "b"))
    assert {p.tier for p in pairs} == {"same_approach", "same_challenge"}
    assert all(0 < p.score <= 1 for p in pairs)
    with_phrases = [p for p in pairs if p.reasons["phrases_a"]]
    assert with_phrases
    for p in with_phrases:
        # Phrases are the words as written in the text, never stems such as "integr_oper".
        assert all(phrase in f"{p.a.title}. {p.a.description}" for phrase in p.reasons["phrases_a"])
        assert all("_" not in phrase for phrase in p.reasons["phrases_a"])
    assert any(p.reasons["solutions"] for p in pairs)


def test_publishing_a_plan_updates_index_and_overlaps(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_plans(user=None, data=jsonl(row()), filename="plan.jsonl")
    assert result.ok and result.published
    new = Initiative.objects.get(external_id="pkt_flood_test")
    assert get_engine().get(str(new.uid)) is not None
    assert not IndexOutbox.objects.exists()
    assert overlap_list(user=_anon(), initiative=new).exists()


def _anon():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_unpublishing_removes_suggestions(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_plans(user=None, data=jsonl(row()), filename="plan.jsonl")
    new = Initiative.objects.get(external_id="pkt_flood_test")
    assert Overlap.objects.filter(a=new).exists() or Overlap.objects.filter(b=new).exists()
    with django_capture_on_commit_callbacks(execute=True):
        new.plan.unpublish()
    assert not overlap_list(user=_anon(), initiative=new).exists()
    assert not Overlap.objects.filter(a=new, state="suggested").exists()


def test_decisions_survive_recomputation_and_dismissals_stay_dismissed():
    confirmed = pair("t_kch_sioc", "t_ipoh_ioc")
    curate(overlap=confirmed, state="confirmed", note="Both run an IOC", user=None)
    dismissed = pair("t_sr_aq", "t_ipoh_aq")
    curate(overlap=dismissed, state="dismissed", note="Not now", user=None)
    rebuild()
    confirmed.refresh_from_db()
    dismissed.refresh_from_db()
    assert (confirmed.state, confirmed.note) == ("confirmed", "Both run an IOC")
    assert (dismissed.state, dismissed.note) == ("dismissed", "Not now")


def test_a_material_text_change_reopens_a_dismissed_pair(django_capture_on_commit_callbacks):
    dismissed = pair("t_sr_aq", "t_ipoh_aq")
    curate(overlap=dismissed, state="dismissed", note="Not now", user=None)
    plan = Initiative.objects.get(external_id="t_sr_aq").plan
    revision = plan.get_latest_revision_as_object()
    items = list(revision.initiatives.all())
    for item in items:
        if item.external_id == "t_sr_aq":
            item.description = "An air quality monitoring system with sensors."
    revision.initiatives = items
    with django_capture_on_commit_callbacks(execute=True):
        revision.save_revision().publish()
    dismissed.refresh_from_db()
    assert dismissed.state == "suggested"


def test_export_overlaps_writes_one_pair_per_line_named_by_external_ids():
    out = io.StringIO()
    call_command("export_overlaps", "--network", "ascn", "--format", "jsonl", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines, "no pairs exported"
    assert all(0 < line["score"] <= 1 for line in lines)
    assert {"a", "b", "score", "tier", "reasons", "state"} <= set(lines[0])
    assert {line["tier"] for line in lines} <= {"same_approach", "same_challenge"}
    ids = set(Initiative.objects.values_list("external_id", flat=True))
    assert {line["a"] for line in lines} <= ids
    per = {}
    for line in lines:
        per[line["a"]] = per.get(line["a"], 0) + 1
    assert len(lines) == len({(line["a"], line["b"]) for line in lines})


def test_export_overlaps_refuses_bad_arguments():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="between 0 and 1"):
        call_command("export_overlaps", "--min-score", "3", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No network"):
        call_command("export_overlaps", "--network", "nope", stdout=io.StringIO())


def test_check_index_reports_and_repairs_drift():
    # Other tests of this process may have left the index ahead of their rolled-back database.
    call_command("check_index", "--repair", stdout=io.StringIO())
    engine = get_engine()
    victim = Initiative.objects.get(external_id="t_kch_sioc")
    engine.delete_plan(victim.plan_id)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="disagrees with the database"):
        call_command("check_index", stdout=io.StringIO())
    out = io.StringIO()
    call_command("check_index", "--repair", stdout=out)
    assert "Repaired 1 plan(s)" in out.getvalue()
    assert engine.get(str(victim.uid)) is not None


def test_outbox_keeps_changes_while_the_engine_is_down(
    settings, django_capture_on_commit_callbacks
):
    settings.OVERLAP_ENGINE = "tests.search.test_overlaps.DownEngine"
    with django_capture_on_commit_callbacks(execute=True):
        result = import_plans(user=None, data=jsonl(row()), filename="plan.jsonl")
    assert result.ok  # the request itself succeeds
    plan = ActionPlanPage.objects.get(title="Phuket: Resilience Plan")
    assert IndexOutbox.objects.filter(plan_id=plan.pk).exists()
    assert "down for the test" in IndexOutbox.objects.get(plan_id=plan.pk).last_error
    settings.OVERLAP_ENGINE = (
        "search.engines.elasticsearch.ElasticsearchEngine"
        if settings.ELASTICSEARCH_URL
        else "search.engines.embedded.EmbeddedEngine"
    )
    assert process_outbox().pending == 0
    new = Initiative.objects.get(external_id="pkt_flood_test")
    assert get_engine().get(str(new.uid)) is not None


from search.engines.base import EngineUnavailable  # noqa: E402
from search.engines.embedded import EmbeddedEngine  # noqa: E402


class DownEngine(EmbeddedEngine):
    def index(self, docs):
        raise EngineUnavailable("down for the test")


def test_a_full_rebuild_scores_like_one_query_per_initiative():
    """rebuild() computes every pair in one batch (search/batch.py); each initiative's own
    query finds no pair above the threshold that the batch missed, with the same score."""
    rebuild()
    engine = get_engine()
    sample = Initiative.objects.filter(plan__live=True).order_by("pk")[::3]
    checked = 0
    for item in sample:
        doc = engine.get(str(item.uid))
        stored = {(o.a.uid, o.b.uid): o.score for o in overlap_list(user=_staff(), initiative=item,
                                                                     min_score=0)}  # fmt: skip
        for m in engine.neighbours(doc, limit=50, stored_only=True):
            other = Initiative.objects.get(uid=m.id)
            key = tuple(sorted([item.uid, other.uid], key=str))
            assert key in stored, (item.title, other.title, m.score)
            assert abs(stored[key] - m.score) < 0.01
            checked += 1
    assert checked >= 20


def _staff():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="wego-staff")
