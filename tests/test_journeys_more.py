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
    from tests.test_events import event_form

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
