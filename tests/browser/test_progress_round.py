"""The monitoring round in a real browser: the coordinator runs the demo's open ASCN round, the
Bangkok editor files an update from the dashboard task and submits it, the coordinator approves
it and closes the round, and the public reads the report."""

import datetime as dt

import pytest

from tests.browser.conftest import shoot

pytestmark = pytest.mark.browser


def test_a_round_from_dashboard_task_to_public_report(open_as):
    year = dt.date.today().year
    editor = open_as("bangkok-editor")
    editor.goto("/admin/")
    task = editor.locator("section", has_text=f"ASCN monitoring round {year}")
    assert "Bangkok: to report" in task.inner_text()
    task.get_by_role("link", name="add a progress update").first.click()
    editor.select_option("#id_initiative", index=1)
    title = editor.locator("#id_initiative option:checked").inner_text().split(": ", 1)[1]
    editor.fill("#id_date", dt.date.today().isoformat())
    editor.keyboard.press("Escape")
    editor.select_option("#id_stage", "implementing")
    editor.fill("#id_completion", "35")
    editor.fill("#id_narrative", "Pilot streets equipped; procurement of the rest under way.")
    with editor.expect_navigation():
        editor.locator("button[type=submit]", has_text="Save").first.click()
    editor.get_by_role("link", name="Submit").first.click()
    editor.get_by_role("button", name="Submit").click()
    assert "submitted for approval" in editor.locator(".messages").inner_text()

    coordinator = open_as("ascn-coordinator")
    coordinator.goto("/admin/")
    coordinator.locator("section", has_text="awaiting your approval").get_by_role(
        "link", name=title).first.click()  # fmt: skip
    coordinator.get_by_role("button", name="Approve").click()
    assert "approved" in coordinator.locator(".messages").inner_text()
    coordinator.goto("/admin/progress/rounds/")
    coordinator.get_by_role("link", name=f"ASCN {year}").click()
    row = coordinator.locator("tr", has_text="Bangkok")
    assert "yes" in row.inner_text()
    coordinator.get_by_role("button", name="Close the round and publish the report").click()
    assert "closed" in coordinator.locator(".messages").inner_text()

    public = open_as(None)
    public.goto("/ascn/")
    public.get_by_role("link", name="Monitoring rounds and reports").click()
    public.get_by_role("link", name=f"monitoring report {year}").click()
    text = public.locator("main").inner_text()
    assert title in text and "Implementing" in text and "35%" in text
    shoot(public, "monitoring-report")


def test_a_coordinator_opens_a_round_and_nudges_a_city(open_as):
    year = dt.date.today().year
    coordinator = open_as("neascn-coordinator")
    coordinator.goto("/admin/progress/rounds/")
    coordinator.select_option("#id_network", label="Northeast Asia Smart Cities Network")
    coordinator.fill("#id_year", str(year))
    deadline = dt.date.today() + dt.timedelta(days=30)
    coordinator.fill("#id_deadline", deadline.isoformat())
    coordinator.keyboard.press("Escape")
    coordinator.fill("#id_message", "Please report on your initiatives of the year.")
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Open the round").click()
    assert "opened" in coordinator.locator(".messages").inner_text()
    row = coordinator.locator("tr", has_text="Seoul")
    assert "no" in row.inner_text()
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Nudge Seoul").click()
    assert "reminded by email" in coordinator.locator(".messages").inner_text()

    editor = open_as("seoul-editor")
    editor.goto("/admin/")
    task = editor.locator("section", has_text=f"NEASCN monitoring round {year}")
    assert "Seoul: to report" in task.inner_text()


def test_an_initiatives_indicators_are_charted_with_a_table_beside(open_as):
    page = open_as(None)
    page.goto("/ascn/plans/?city=vientiane")
    page.get_by_role("link", name="Wastewater Treatment System").first.click()
    item = page.locator("[id^=initiative-]", has_text="Wastewater Treatment System").first
    item.get_by_role("link", name="progress").click()
    chart = page.locator("#indicator-charts canvas").first
    chart.wait_for(state="visible")
    assert chart.bounding_box()["height"] > 50  # Chart.js drew it
    assert "Households benefiting" in page.locator("#indicator-charts").inner_text()
    table = page.locator("table", has_text="Households benefiting").first
    assert "8000" in table.inner_text().replace(",", "")
