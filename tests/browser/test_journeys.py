"""Issue 17's journeys in a real browser, at desktop and phone widths: each role's way in,
asking to join a members-only network, reading a network's overlaps, and what used to be
broken (checkboxes, the API docs, the sign-in link)."""

import re

import pytest

from tests.browser.conftest import shoot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def contrast(page, selector: str) -> list[float]:
    """WCAG contrast of each matching element's text against its background."""
    return page.evaluate(
        """(selector) => {
        const lum = (rgb) => { const c = rgb.match(/\\d+/g).slice(0, 3).map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
        return [...document.querySelectorAll(selector)].map(el => {
            const text = getComputedStyle(el.querySelector('a') || el).color;
            const back = getComputedStyle(el).backgroundColor;
            const [a, b] = [lum(text), lum(back)].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05); }); }""",
        selector,
    )


def overlapping(boxes: list[dict]) -> list[tuple]:
    def hit(a, b) -> bool:
        return a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]

    return [(a["name"], b["name"]) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
            if hit(a, b)]  # fmt: skip


def test_an_editor_finds_the_way_in_from_the_home_page(open_as):
    page = open_as("bangkok-editor")
    page.goto("/")
    page.get_by_role("link", name="Manage").click()
    panel = page.locator("#portal_city-section")
    assert "Bangkok: your plans and overlaps" in panel.inner_text()
    assert "New overlaps of your initiatives" in panel.inner_text()
    shoot(page, "dashboard-editor")
    panel.get_by_role("link", name=re.compile(r"^Bangkok: Smart City Action Plan")).first.click()
    # "Who else does this?" sits on the edit page and follows what the editor writes.
    box = page.locator("[data-who-else-url]")
    box.scroll_into_view_if_needed()
    page.wait_for_selector("[data-who-else-url][data-ready='1']", timeout=60_000)
    first_title = page.locator("input[name='initiatives-0-title']")
    first_title.fill("Flood early warning with water-level sensors on canals")
    page.locator("textarea[name='initiatives-0-description']").fill(
        "Telemetry stations send real-time rainfall and canal levels, and flood alerts go to "
        "residents before the canals overflow."
    )
    page.wait_for_function(
        "document.querySelector('[data-who-else-results]').textContent.includes('Flood early')",
        timeout=60_000,
    )
    assert page.locator("[data-who-else-results] table").count() >= 1


def test_a_coordinator_sees_what_to_review_and_decide(open_as):
    page = open_as("ascn-coordinator")
    page.goto("/ascn/")
    page.get_by_role("link", name="Manage").click()
    text = page.locator("#portal_coordinator-section").inner_text()
    assert "Plans awaiting your review" in text and "Overlaps waiting for a decision" in text
    assert re.search(r"ASCN: \d+ overlaps? waiting for a decision", text)
    shoot(page, "dashboard-coordinator")


def test_an_outsider_asks_to_join_and_the_coordinator_approves(open_as):
    outsider = open_as("ascn-viewer")
    outsider.goto("/")
    outsider.get_by_role("link", name="What it is and how to ask to join").click()
    assert "Ask to join" in outsider.locator("main").inner_text()
    outsider.fill("#id_organisation", "Da Nang Department of Information")
    outsider.get_by_role("button", name="Send my request").click()
    assert "gone to its coordinators" in outsider.locator("main").inner_text()
    coordinator = open_as("neascn-coordinator")
    coordinator.goto("/admin/membership-requests/")
    row = coordinator.locator("tr", has_text="Da Nang Department of Information")
    row.get_by_role("button", name="Approve as member viewer").click()
    assert "approved" in coordinator.locator(".messages").inner_text()
    outsider.goto("/neascn/")
    assert "Northeast Asia" in outsider.locator("h1").inner_text()
    assert "Ask to join" not in outsider.locator("main").inner_text()


def test_the_matrix_reads_well_on_a_desktop_and_becomes_a_ranked_list_on_a_phone(open_as):
    page = open_as(None)
    # Both tiers: a matrix larger than the screen, whose names must stay in view as it scrolls.
    page.goto("/ascn/overlaps/?tier=all")
    page.locator("#matrix-heading").scroll_into_view_if_needed()
    shoot(page, "matrix")
    ratios = contrast(page, "table.matrix td.hot")
    assert ratios and min(ratios) >= 4.5, min(ratios)
    # Row names stay in view when the matrix scrolls sideways; column names when it scrolls down.
    wrap = page.locator(".matrix-wrap")
    wrap.evaluate("el => { el.scrollLeft = 2000; el.scrollTop = 400; }")
    wrap_box = wrap.bounding_box()
    row_name = page.locator("table.matrix tbody th").last.bounding_box()
    column_name = page.locator("table.matrix thead th.vertical").last.bounding_box()
    assert abs(row_name["x"] - wrap_box["x"]) < 4
    assert abs(column_name["y"] - wrap_box["y"]) < 4
    page.get_by_role("link", name="Most overlaps first").click()
    totals = [
        int(t) for t in re.findall(r"\((\d+)\)", page.locator("table.matrix tbody").inner_text())
    ]
    assert totals == sorted(totals, reverse=True)
    page.set_viewport_size(PHONE)
    assert not page.locator("table.matrix").is_visible()
    ranking = page.locator(".pair-ranking")
    assert ranking.is_visible() and ranking.locator("li").count() > 5
    ranking.scroll_into_view_if_needed()
    shoot(page, "pairs-phone")
    # Nothing on the page, not even the graph's canvas drawn for the desktop, widens it.
    assert not wider_than_the_screen(page)


def test_graph_and_map_names_never_cover_each_other(open_as):
    page = open_as(None)
    page.goto("/ascn/overlaps/")
    page.wait_for_selector("#overlap-graph[data-ready='1'] canvas")
    boxes = page.evaluate("""() => document.getElementById('overlap-graph').cy.nodes()
        .filter(n => !n.hasClass('unlabelled')).map(n => ({name: n.data('label'),
        ...n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true})}))""")
    assert len(boxes) >= 10 and not overlapping(boxes)
    page.goto("/ascn/")
    assert page.locator(".city-map .countries path").count() >= 8
    page.locator(".city-map").scroll_into_view_if_needed()
    shoot(page, "map")
    labels = page.evaluate("""() => [...document.querySelectorAll('.city-map text')].map(t => {
        const b = t.getBBox(); return {name: t.textContent, x1: b.x, y1: b.y,
        x2: b.x + b.width, y2: b.y + b.height}; })""")
    assert len(labels) >= 15 and not overlapping(labels), overlapping(labels)
    page.goto("/cities/bangkok/")
    meta = page.locator("main p.meta").first.inner_text()
    assert "Thailand" in meta and not re.search(r"\d+\.\d{3}", meta)


def test_what_was_broken_works(open_as):
    page = open_as(None)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not re.match(
        r"https?://127\.0\.0\.1|data:|blob:", r.url) else None)  # fmt: skip
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    page.goto("/accounts/login/?next=/ascn/")
    assert page.locator("header a", has_text="Sign in").count() == 0
    assert "Forgot your password?" in page.locator("main").inner_text()
    coordinator = open_as("ascn-coordinator")
    coordinator.on("request", lambda r: outside.append(r.url) if not re.match(
        r"https?://127\.0\.0\.1|data:|blob:", r.url) else None)  # fmt: skip
    coordinator.goto("/admin/")
    coordinator.goto("/ascn/overlaps/?state=confirmed#pairs")
    coordinator.locator("li.match input[name=pair]").first.check()
    coordinator.get_by_role(
        "button", name="Create a collaboration from the ticked confirmed pairs"
    ).click()
    for box in coordinator.locator("label.check").all()[:3]:
        tick = box.locator("input").bounding_box()
        assert tick["width"] < 30 and tick["x"] - box.bounding_box()["x"] < 10
    assert not outside, outside


def wider_than_the_screen(page) -> list[str]:
    """What sticks out to the right of the screen (the page scrolls sideways), if anything."""
    if page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1"):
        return []
    return page.evaluate(
        "() => [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + (e.className ? '.' + e.className : ''))"
    )


def test_no_public_page_scrolls_sideways_on_a_phone(open_as):
    page = open_as(None)
    page.set_viewport_size(PHONE)
    page.goto("/ascn/plans/")
    links = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.pathname)")
    plan = next(h for h in links if re.fullmatch(r"/ascn/(?!plans/|overlaps/)[^/?#]+/", h))
    page.goto(plan)
    links = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.pathname)")
    initiative = next(h for h in links if re.fullmatch(r"/initiatives/[0-9a-f-]{36}/", h))
    paths = ["/", "/ascn/", "/ascn/overlaps/", "/ascn/overlaps/?tier=all", "/ascn/plans/", plan,
             initiative, "/cities/bangkok/", "/cities/bangkok/overlaps/?tier=all", "/events/",
             "/search/?q=flood", "/progress/ascn/", "/accounts/login/"]  # fmt: skip
    # A coordinator's pages carry curation forms and tokens.
    coordinator = open_as("ascn-coordinator")
    coordinator.set_viewport_size(PHONE)
    signed_in = ["/ascn/overlaps/?tier=all", "/cities/kuala-lumpur/overlaps/", "/accounts/tokens/"]
    too_wide = {}
    for visitor, path in [(page, p) for p in paths] + [(coordinator, p) for p in signed_in]:
        assert visitor.goto(path).ok, path
        if found := wider_than_the_screen(visitor):
            too_wide[path] = found
    assert not too_wide
