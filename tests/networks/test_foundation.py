import os
import re

import pytest
from django.core.management import call_command
from django.db import connection

from action_plans.models import Initiative
from networks.models import City, Membership, NetworkPage

PILOT_CITIES = [
    "Bandar Seri Begawan", "Battambang", "Phnom Penh", "Siem Reap", "Banyuwangi", "DKI Jakarta",
    "Makassar", "Luang Prabang", "Vientiane", "Johor Bahru", "Kota Kinabalu", "Kuala Lumpur",
    "Kuching", "Mandalay", "Nay Pyi Taw", "Yangon", "Cebu City", "Davao City", "Manila",
    "Singapore", "Bangkok", "Chonburi", "Phuket", "Da Nang", "Hanoi", "Ho Chi Minh City",
]  # fmt: skip

pytestmark = pytest.mark.django_db


def test_database_is_the_one_configured():
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_home_page_lists_both_networks(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ASEAN Smart Cities Network" in html
    assert "Northeast Asia Smart Cities Network" in html


def test_ascn_page_lists_its_26_pilot_cities(client):
    response = client.get("/ascn/")
    assert response.status_code == 200
    html = response.content.decode()
    for city in PILOT_CITIES:
        assert f">{city}</a>" in html, city
    pilots = Membership.objects.filter(network__slug="ascn", role="pilot")
    assert sorted(pilots.values_list("city__name", flat=True)) == sorted(PILOT_CITIES)


def test_demo_cities_have_country_and_coordinates():
    assert City.objects.count() >= 60
    assert not City.objects.filter(latitude__isnull=True).exists()
    seoul = City.objects.get(name="Seoul")
    assert seoul.country == "Republic of Korea"
    assert 37 < float(seoul.latitude) < 38


def test_demo_initiatives_come_from_the_shared_material_with_their_ids():
    assert Initiative.objects.count() == 166
    kampong = Initiative.objects.get(external_id="bsb_kampong_ayer")
    assert kampong.title == "Revitalise Kampong Ayer (Water Village)"
    assert kampong.focus_areas == ["civic"]
    assert kampong.plan.city.name == "Bandar Seri Begawan"
    assert kampong.plan.live


def test_load_demo_twice_changes_nothing():
    counts = (
        NetworkPage.objects.count(),
        City.objects.count(),
        Initiative.objects.count(),
        sorted(Initiative.objects.values_list("uid", flat=True)),
    )
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert counts == (
        NetworkPage.objects.count(),
        City.objects.count(),
        Initiative.objects.count(),
        sorted(Initiative.objects.values_list("uid", flat=True)),
    )


@pytest.mark.parametrize(
    "username",
    ["wego-staff", "ascn-coordinator", "neascn-coordinator", "bangkok-editor", "seoul-editor",
     "ascn-viewer"],
)  # fmt: skip
def test_every_demo_account_signs_in_on_the_login_page(client, username, demo_password):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    response = client.post("/accounts/login/", {"username": username, "password": demo_password})
    assert response.status_code == 302
    assert f"Signed in as <strong>{username}</strong>" in client.get("/").content.decode()


def test_wrong_password_is_refused_with_a_message(client):
    response = client.post("/accounts/login/", {"username": "wego-staff", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


@pytest.mark.parametrize(
    "username,admin_ok",
    [("wego-staff", True), ("ascn-coordinator", True), ("neascn-coordinator", True),
     ("bangkok-editor", True), ("seoul-editor", True), ("ascn-viewer", False)],
)  # fmt: skip
def test_staff_roles_reach_the_wagtail_admin(client_for, username, admin_ok):
    response = client_for(username).get("/admin/")
    if admin_ok:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_city_page_lists_its_plans(client):
    html = client.get("/cities/bangkok/").content.decode()
    assert "Bangkok" in html and "Smart City Action Plan 2018" in html


def test_plan_page_shows_its_initiatives(client):
    html = client.get("/ascn/").content.decode()
    link = re.search(r'href="(/ascn/bangkok[^"]+)"', html).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert page.content.decode().count('class="initiative"') >= 1


def test_network_page_maps_every_member_city(client):
    html = client.get("/ascn/").content.decode()
    members = Membership.objects.filter(network__slug="ascn").count()
    assert html.count("<circle ") == members
    assert "<title>Bangkok</title>" in html


@pytest.mark.parametrize("query", ["Kampong Ayer", "스마트 교통"])
def test_site_search_finds_text_in_any_language(client, query, tmp_path):
    if query == "스마트 교통":
        plan = Initiative.objects.get(external_id="bsb_kampong_ayer").plan
        item = plan.initiatives.get(external_id="bsb_kampong_ayer")
        item.description += " 스마트 교통 / ระบบจราจร"
        item.save()
    html = client.get("/search/", {"q": query}).content.decode()
    assert "1 result for" in html and "Revitalise Kampong Ayer" in html


def test_site_search_refuses_an_overlong_query(client):
    response = client.get("/search/", {"q": "x" * 500})
    assert response.status_code == 400 and "too long" in response.content.decode()
