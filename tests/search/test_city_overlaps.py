"""A mayor's office finds partners: the city's initiatives and who else works on them."""

import pytest

from action_plans.models import Initiative
from search.models import Overlap
from search.services import curate

pytestmark = pytest.mark.django_db


def test_city_page_lists_overlaps_with_highlighted_reasons(client):
    html = client.get("/cities/kuching/overlaps/?tier=all").content.decode()
    assert "Who works on what Kuching works on" in html
    assert "Ipoh" in html  # both run an integrated operations centre
    assert "<mark>" in html and ("Same approach ·" in html or "Same challenge ·" in html)


def test_members_only_overlaps_never_show_to_outsiders(client, client_for):
    seoul_titles = list(
        Initiative.objects.filter(plan__city__name="Seoul").values_list("title", flat=True)
    )
    for who in (client, client_for("ascn-viewer"), client_for("bangkok-editor")):
        html = who.get("/cities/bangkok/overlaps/?min_score=0&tier=all").content.decode()
        assert not any(title in html for title in seoul_titles)
        assert who.get("/cities/seoul/overlaps/").status_code == 404
    assert client_for("seoul-editor").get("/cities/seoul/overlaps/").status_code == 200


def test_dismissed_pairs_disappear_and_confirmed_filter_works(client):
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Q

    from search.selectors import overlap_list

    pair = (
        overlap_list(user=AnonymousUser())
        .filter(Q(a__plan__city__name="Kuching") | Q(b__plan__city__name="Kuching"))
        .first()
    )
    other = pair.b if pair.a.plan.city.name == "Kuching" else pair.a
    url = "/cities/kuching/overlaps/"
    curate(overlap=pair, state="confirmed", note="", user=None)
    assert other.title in client.get(url + "?state=confirmed&tier=all").content.decode()
    curate(overlap=pair, state="dismissed", note="", user=None)
    assert other.title not in client.get(url + "?state=confirmed&tier=all").content.decode()


def test_done_there_planned_here_puts_the_experienced_city_forward(client):
    pair = Overlap.objects.select_related("a__plan__city", "b__plan__city").order_by("-score")[0]
    pair.a.stage, pair.b.stage = "planning", "done"
    pair.a.save()
    pair.b.save()
    html = client.get(
        f"/cities/{pair.a.plan.city.slug}/overlaps/?lessons=1&tier=all"
    ).content.decode()
    assert "Done there, planned here" in html and pair.b.title in html


@pytest.mark.parametrize(
    "query", ["min_score=2", "min_score=x", "focus_area=nope", "state=any", "tier=all2"]
)
def test_bad_filters_are_a_400_with_a_message(client, query):
    response = client.get(f"/cities/kuching/overlaps/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
