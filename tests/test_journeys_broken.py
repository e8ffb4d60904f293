"""What a new user met on the portal's pages (issue 17, "Broken"): each fixed, each asserted as
the user would notice it."""

import threading

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from action_plans.models import ActionPlanPage
from networks.models import City, NetworkPage
from search.models import Overlap

pytestmark = pytest.mark.django_db


def test_city_overlaps_page_answers_requests_from_several_threads_at_once(client):
    # `make run` serves with threads; one shared Snowball stemmer broke under them.
    statuses, errors = [], []

    def fetch():
        from django.test import Client

        mine = Client(raise_request_exception=False)
        for slug in ("kuching", "bangkok", "ipoh", "singapore", "kuching", "bangkok"):
            try:
                statuses.append(mine.get(f"/cities/{slug}/overlaps/?min_score=0").status_code)
            except Exception as error:  # noqa: BLE001 - any failure is what the test looks for
                errors.append(repr(error))

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert statuses == [200] * 24


def make_pair(city_a: str = "Bangkok", city_b: str = "Kuching") -> Overlap:
    """A stored, suggested same-approach pair between two ASCN cities' first initiatives (the
    engine's own pairs change with its thresholds; these tests are about the pages)."""
    ascn = NetworkPage.objects.get(slug="ascn")

    def first(city: str):
        plan = ActionPlanPage.objects.child_of(ascn).get(city__name=city)
        return plan.initiatives.order_by("sort_order", "pk").first()

    a, b = sorted((first(city_a), first(city_b)), key=lambda i: i.pk)
    pair, _ = Overlap.objects.update_or_create(a=a, b=b, defaults={
        "score": 0.97, "tier": Overlap.Tier.SAME_APPROACH, "state": Overlap.State.SUGGESTED,
        "note": "", "note_public": False, "reasons": {}})  # fmt: skip
    return pair


def create(client, pair, title="Joint canal monitoring"):
    pair.state = "confirmed"
    pair.save()
    data = {"pair": pair.pk, "initiative": [pair.a.pk, pair.b.pk],
            "lead_city": pair.a.plan.city_id, "title": title, "status": "active"}  # fmt: skip
    return client.post("/ascn/collaborations/new/", data, follow=True)


def test_a_new_collaboration_shows_in_the_body_of_its_cities_pages(client, client_for):
    pair = make_pair()
    create(client_for("ascn-coordinator"), pair)
    html = client.get("/cities/kuching/").content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<h2>" not in title and "Joint canal monitoring" not in title
    main = html[html.index("<main") :]
    collaborations = main[main.index("<h2>Collaborations</h2>") :]
    assert "Joint canal monitoring" in collaborations[: collaborations.index("<h2>Events")]


def test_the_collaboration_message_says_who_was_told(
    client_for, django_capture_on_commit_callbacks
):
    pair = make_pair()
    other = City.objects.get(name="Kuching")
    other.contacts.all().delete()
    other.contact_email = ""
    other.save()
    coordinator = client_for("ascn-coordinator")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        html = create(coordinator, pair).content.decode()
    assert "were notified" not in html
    assert "Told by email: Bangkok (bangkok-editor, editor)" in html
    assert f"No one to tell in {other.name}: add contact people" in html
    assert len(mail.outbox) == 1

    # The coordinator adds a contact person to the city in the admin; the next one reaches her.
    url = f"/admin/snippets/networks/city/edit/{other.pk}/"
    assert coordinator.get(url).status_code == 200
    data = nested_form_data({
        "name": other.name, "slug": other.slug, "country": other.country,
        "latitude": other.latitude, "longitude": other.longitude, "population": "",
        "contact_email": "",
        "contacts": inline_formset([
            {"name": "Aisha Rahman", "role": "Smart city officer", "email": "aisha@city.example"}
        ]),
    })  # fmt: skip
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(other.contacts.values_list("name", "email")) == [
        ("Aisha Rahman", "aisha@city.example")
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        html = create(coordinator, pair, title="Second round").content.decode()
    assert f"{other.name} (Aisha Rahman, Smart city officer)" in html
    assert any(m.to == ["aisha@city.example"] for m in mail.outbox)


def test_only_a_networks_coordinators_and_staff_keep_its_cities_contacts(client_for):
    seoul = City.objects.get(name="Seoul")  # NEASCN only
    bangkok = City.objects.get(name="Bangkok")
    edit = "/admin/snippets/networks/city/edit/{}/"
    assert client_for("ascn-coordinator").get(edit.format(seoul.pk)).status_code in (403, 404)
    assert client_for("neascn-coordinator").get(edit.format(seoul.pk)).status_code == 200
    assert client_for("wego-staff").get(edit.format(bangkok.pk)).status_code == 200
    editor = client_for("bangkok-editor").get(edit.format(bangkok.pk))
    assert editor.status_code in (302, 403, 404)
    listing = client_for("ascn-coordinator").get("/admin/snippets/networks/city/").content.decode()
    assert "Bangkok" in listing and "Seoul" not in listing


def test_api_docs_load_swagger_ui_from_the_portals_own_static_files(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn." not in html and 'src="http' not in html and 'href="http' not in html
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")


def test_the_admin_loads_no_avatar_from_the_internet(client_for):
    for url in ("/admin/", "/admin/account/"):
        html = client_for("wego-staff").get(url).content.decode()
        assert "gravatar" not in html.lower(), url


def test_the_sign_in_page_does_not_nest_next_into_itself(client):
    html = client.get("/accounts/login/?next=/ascn/").content.decode()
    assert "next=%2Faccounts%2Flogin" not in html and "?next=/accounts/login" not in html
    assert 'name="next" value="/ascn/"' in html
