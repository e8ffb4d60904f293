"""The main flows in a real browser: a city editor finds its overlaps; a coordinator confirms
one and creates a collaboration; staff build a meeting from confirmed overlaps and an editor
registers delegates; the public sees nothing of a members-only network."""

import datetime as dt
import re
import urllib.request
import zoneinfo

import pytest
from icalendar import Calendar

from tests.browser.conftest import shoot

pytestmark = pytest.mark.browser


def test_city_editor_finds_the_overlaps_of_its_initiatives(open_as):
    page = open_as("bangkok-editor")
    page.goto("/cities/kuching/")
    page.get_by_role("link", name="Who works on what Kuching works on").click()
    page.select_option("select[name='tier']", "all")  # same approach and same challenge
    page.get_by_role("button", name="Apply").click()
    assert page.locator("section.initiative").count() >= 1
    first = page.locator("li.match").first
    assert re.search(
        r"Same (approach|challenge) · (very likely|likely|possible)", first.inner_text()
    )
    assert first.locator("mark").count() >= 1  # the shared words, highlighted in both texts
    first.scroll_into_view_if_needed()
    shoot(page, "city-overlaps")
    # Following one of its own city's initiatives: alerts at once.
    page.goto("/cities/bangkok/")
    page.get_by_role("link", name="Who works on what Bangkok works on").click()
    page.locator("details#alerts summary").click()
    with page.expect_navigation():
        page.locator("details#alerts button", has_text="Follow").first.click()
    assert "You will hear of new overlaps" in page.content()


def test_coordinator_confirms_a_pair_and_creates_a_collaboration(open_as):
    page = open_as("ascn-coordinator")
    page.goto("/ascn/")
    page.get_by_role("link", name="Where the member cities' initiatives overlap").click()
    page.wait_for_selector("#overlap-graph[data-ready='1'] canvas")
    shoot(page, "overlaps")
    assert page.locator("table.matrix td.hot").count() > 0
    pair = page.locator("li.match").filter(has_text="Suggested").first
    pair_id = pair.get_attribute("id")
    pair.locator("input[name=note]").fill("Both cities asked to meet in August.")
    pair.get_by_role("button", name="Confirm").click()
    assert "Confirmed" in page.locator("p.notice").inner_text()
    page.goto("/ascn/overlaps/?state=confirmed#pairs")
    confirmed = page.locator(f"#{pair_id}")
    assert "Both cities asked to meet in August." in confirmed.inner_text()
    confirmed.locator("input[name=pair]").check()
    page.get_by_role(
        "button", name="Create a collaboration from the ticked confirmed pairs"
    ).click()
    page.fill("#id_title", "Smart parking exchange")
    page.fill("#id_next", "Share the parking sensor tender documents.")
    page.get_by_role("button", name="Create and notify the cities").click()
    assert page.locator("h1").inner_text().startswith("Smart parking exchange")
    told = page.locator("p.notice").inner_text()
    assert re.search(r"Told by email: |No one to tell in ", told), told  # says who was told


def test_staff_build_a_meeting_and_an_editor_registers_two_delegates(open_as, portal_url):
    staff = open_as("wego-staff")
    staff.goto("/admin/")
    network_id = staff.evaluate("""async () => {
        const r = await fetch('/admin/api/main/pages/?type=networks.NetworkPage&slug=ascn');
        return (await r.json()).items[0].id; }""")
    staff.goto(f"/admin/pages/add/events/eventpage/{network_id}/")
    staff.fill("#id_title", "ASCN Annual Meeting 2027")
    staff.select_option("#id_kind", "annual_meeting")
    staff.fill("#id_start", "2027-08-23 09:00")
    staff.keyboard.press("Escape")
    staff.fill("#id_end", "2027-08-25 17:00")
    staff.keyboard.press("Escape")
    staff.select_option("#id_time_zone", "Asia/Bangkok")
    staff.fill("[data-city-filter]", "bangk")
    staff.get_by_label("Bangkok (Thailand)").check()
    staff.fill("#id_venue_city", "Bangkok, Thailand")
    staff.click("#agenda-root button[title='Insert a block']")
    staff.get_by_role("option", name="Matchmaking session").click()
    staff.fill("input[name='agenda-0-value-title']", "Who should meet about what")
    staff.locator("#agenda-root button[title='Add']").first.click()
    staff.get_by_role("button", name="Choose a confirmed overlap").click()
    choice = staff.locator(".modal-content table a").first
    chosen = choice.inner_text()
    choice.click()
    staff.wait_for_selector(".modal-content", state="detached")
    staff.check("#id_registration_open")
    staff.fill("#id_capacity", "10")
    staff.get_by_role("button", name="More actions").click()
    publish = staff.locator("button[name='action-publish']")
    publish.wait_for(state="visible")
    with staff.expect_navigation(timeout=60_000):
        publish.click()
    if "/add/" in staff.url:  # the form came back: say why
        errors = staff.locator(".error-message, .help-critical, .w-field__errors").all_inner_texts()
        errors = [" ".join(e.split()) for e in errors if e.strip()]
        pytest.fail(f"the event was not published: {errors or staff.title()}")
    messages = staff.locator(".messages").all_inner_texts()
    staff.goto("/ascn/events/")
    assert "ASCN Annual Meeting 2027" in staff.locator("main").inner_text(), messages

    cities = [c.strip() for c in chosen.split(" ↔ ")]
    editor = open_as("bangkok-editor", timezone_id="Europe/Paris")
    editor.goto("/cities/bangkok/")
    editor.get_by_role("link", name="ASCN Annual Meeting 2027").click()
    text = editor.locator("main").inner_text()
    assert "23 August 2027, 09:00" in text and "Asia/Bangkok" in text
    # 09:00 in Bangkok is 04:00 in Paris (summer time).
    assert "Your time (Europe/Paris)" in text and "04:00" in text
    assert cities[0].split(":")[0] in text and cities[1].split(":")[0] in text
    for name, email in (("Somchai P.", "somchai@bangkok.example"),
                        ("Malee K.", "malee@bangkok.example")):  # fmt: skip
        editor.fill("#id_name", name)
        editor.fill("#id_email", email)
        editor.get_by_role("button", name="Register delegate").click()
        assert "confirmed" in editor.locator("p.notice").inner_text()
    delegates = editor.locator("#registration ul").inner_text()
    assert "Somchai P." in delegates and "Malee K." in delegates

    # The network's calendar feed carries the meeting at the right time.
    with urllib.request.urlopen(portal_url + "/calendar/ascn.ics") as response:
        calendar = Calendar.from_ical(response.read())
    meeting = next(e for e in calendar.walk("VEVENT") if e["SUMMARY"] == "ASCN Annual Meeting 2027")
    bangkok = zoneinfo.ZoneInfo("Asia/Bangkok")
    assert meeting.decoded("DTSTART") == dt.datetime(2027, 8, 23, 9, 0, tzinfo=bangkok)


def test_the_public_sees_nothing_of_a_members_only_network(open_as):
    page = open_as(None)
    page.goto("/")
    closed = page.locator("li.card-closed")
    assert "Members only" in closed.inner_text()
    assert not re.search(r"\d+ member cit", closed.inner_text())  # not even a count
    closed.get_by_role("link", name="Sign in").click()
    assert "/accounts/login/" in page.url
    for path in ("/neascn/overlaps/", "/neascn/events/"):
        response = page.goto(path)  # like a made-up URL: a 404
        assert response.status == 404 and "Seoul" not in page.content()
    page.goto("/ascn/overlaps/")
    page.wait_for_selector("#overlap-graph[data-ready='1']")
    labels = page.evaluate("JSON.parse(document.getElementById('graph-data').textContent)"
                           ".nodes.map(n => n.data.label)")  # fmt: skip
    assert labels and "Seoul" not in labels and "Busan" not in labels
    page.goto("/events/")
    assert "NEASCN" not in page.locator("main").inner_text()
    page.goto("/search/?q=Seoul")
    assert "Seoul Smart" not in page.locator("main").inner_text()
    page.goto("/ascn/")
    assert "ASEAN" in page.locator("h1").inner_text()
    shoot(page, "screenshot")
