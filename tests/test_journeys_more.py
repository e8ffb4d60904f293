"""Smaller things a new user met (issue 17): labels written for people."""

import pytest

from action_plans.models import ActionPlanPage

pytestmark = pytest.mark.django_db


def test_the_plan_form_labels_read_as_words_not_field_names(client_for):
    plan = ActionPlanPage.objects.filter(city__name="Bangkok").first()
    html = client_for("bangkok-editor").get(f"/admin/pages/{plan.pk}/edit/").content.decode()
    for label in ("Sustainable Development Goals (SDGs)", "Link to the source document",
                  "Id in the source system", "Starts (year)"):  # fmt: skip
        assert label in html, label
    for raw in (">Sdgs", ">Source url", ">External id", ">Period start", ">Start year"):
        assert raw not in html, raw


def test_the_import_page_offers_templates_that_import_and_the_format_as_a_page(client_for):
    from action_plans.importer import COLUMNS
    from action_plans.services import import_plans
    from networks.models import NetworkPage

    client = client_for("ascn-coordinator")
    page = client.get("/admin/import-plans/").content.decode()
    assert "docs/import-format.md" not in page
    for url in ("/admin/import-plans/template.csv", "/admin/import-plans/template.xlsx",
                "/admin/import-plans/format/"):  # fmt: skip
        assert f'href="{url}"' in page
    fmt = client.get("/admin/import-plans/format/").content.decode()
    assert all(f"<code>{column}</code>" in fmt for column in COLUMNS)
    ascn = NetworkPage.objects.get(slug="ascn")
    for ext in ("csv", "xlsx"):
        response = client.get(f"/admin/import-plans/template.{ext}")
        assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
        result = import_plans(user=None, data=response.content, filename=f"t.{ext}", network=ascn)
        assert result.ok and result.initiatives_created + result.initiatives_updated == 2
    assert client_for(None).get("/admin/import-plans/template.csv").status_code == 302


def test_event_time_zone_comes_from_the_host_city_among_current_zones(client_for):
    import datetime as dt
    import zoneinfo

    from events.models import EventPage
    from networks.models import City, NetworkPage
    from tests.events.test_events import event_form

    ascn = NetworkPage.objects.get(slug="ascn")
    staff = client_for("wego-staff")
    add = f"/admin/pages/add/events/eventpage/{ascn.pk}/"
    html = staff.get(add).content.decode()
    zones = html[
        html.index('name="time_zone"') : html.index("</select>", html.index('name="time_zone"'))
    ]
    assert '<option value="" selected>' in zones  # no UTC by default
    assert 'value="Asia/Ho_Chi_Minh"' in zones and 'value="Asia/Saigon"' not in zones
    assert zones.count("<option") < 450
    host = html[
        html.index('name="host_city"') : html.index("</select>", html.index('name="host_city"'))
    ]
    assert "Bangkok" in host and "Seoul" not in host  # the network's own cities only
    import re

    offered = {int(i) for i in re.findall(r'name="participating_cities" value="(\d+)"', html)}
    members = set(City.objects.filter(memberships__network=ascn).values_list("pk", flat=True))
    assert offered == members and "data-city-filter" in html and "city_filter.js" in html
    da_nang = City.objects.get(name="Da Nang")
    data = event_form([], time_zone="", host_city=str(da_nang.pk), slug="zone-from-host")
    response = staff.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="zone-from-host")
    assert event.time_zone == "Asia/Ho_Chi_Minh"
    local = dt.datetime(2027, 8, 23, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert event.start == local
    data = event_form([], time_zone="", host_city="", slug="zone-missing")
    response = staff.post(add, data)
    assert response.status_code == 200
    assert "Choose the time zone, or a host city" in response.content.decode()


def test_registration_emails_the_delegate_with_the_ics_and_a_cancel_link_within_a_city_quota(
    client_for, django_capture_on_commit_callbacks
):
    import re

    from django.core import mail

    from events.models import EventPage, Registration
    from networks.models import City, NetworkPage
    from tests.events.test_events import event_form

    ascn = NetworkPage.objects.get(slug="ascn")
    data = event_form([], slug="quota-meeting", capacity="10", per_city_quota="1",
                      **{"action-publish": "Publish"})  # fmt: skip
    assert (
        client_for("wego-staff")
        .post(f"/admin/pages/add/events/eventpage/{ascn.pk}/", data)
        .status_code
        == 302
    )
    event = EventPage.objects.get(slug="quota-meeting")
    bangkok = City.objects.get(name="Bangkok")
    editor = client_for("bangkok-editor")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(event.url + "register/", {
            "city": bangkok.pk, "name": "Somchai P.", "email": "som@bangkok.example"})  # fmt: skip
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["som@bangkok.example"] and message.cc == [
        "bangkok-editor@demo.wego.example"
    ]
    assert event.title in message.subject and "confirmed" in message.subject
    [(filename, ics, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    ics = ics if isinstance(ics, str) else ics.decode()
    assert "BEGIN:VEVENT" in ics and event.title in ics
    # The city's one place is taken: a second delegate is refused with a reason.
    second = editor.post(event.url + "register/", {
        "city": bangkok.pk, "name": "Malee K.", "email": "mal@bangkok.example"})  # fmt: skip
    assert second.status_code == 400 and "Bangkok has used its 1 place" in second.content.decode()
    # The link in the email cancels, after asking.
    link = re.search(r"https?://\S+(/registrations/cancel/\S+/)", message.body).group(1)
    anonymous = client_for(None)
    assert "Cancel a registration?" in anonymous.get(link).content.decode()
    assert "Registration cancelled" in anonymous.post(link).content.decode()
    assert Registration.objects.get(email="som@bangkok.example").status == "cancelled"
    assert anonymous.get("/registrations/cancel/forged-token/").status_code == 404


def _hits(html: str, section: str = "search-results") -> list[str]:
    import re

    start = html.index(f'class="list {section}')
    block = html[start : html.index("</ol>", start)]
    return re.findall(r'<span class="badge">(\w+)</span> <a href="[^"]+">([^<]+)</a>', block)


def test_site_search_ranks_by_relevance_with_snippets_and_filters(client):
    html = client.get("/search/", {"q": "flood"}).content.decode()
    hits = _hits(html)
    assert len(hits) >= 3 and "flood" in hits[0][1].lower()  # a title match comes first
    assert "<mark>flood</mark>" in html.lower() or "<mark>Flood</mark>" in html
    plans = _hits(client.get("/search/", {"q": "Bangkok", "kind": "plan"}).content.decode())
    assert plans and {kind for kind, _ in plans} == {"Plan"}
    city = _hits(client.get("/search/", {"q": "flood", "city": "bangkok"}).content.decode())
    assert len(city) < len(hits)
    focused = client.get("/search/", {"q": "flood", "focus_area": "environment"})
    assert focused.status_code == 200
    assert client.get("/search/", {"q": "flood", "kind": "everything"}).status_code == 400
    assert client.get("/search/", {"q": "Seoul", "network": "neascn"}).status_code == 400


def test_site_search_finds_initiatives_in_other_languages_by_meaning(client):
    html = client.get(
        "/search/", {"q": "홍수 조기 경보 시스템"}
    ).content.decode()  # flood early warning
    similar = _hits(html, "search-results similar")
    assert similar, "the multilingual model finds initiatives written in English"
    assert any("flood" in title.lower() for _, title in similar[:5]), similar
