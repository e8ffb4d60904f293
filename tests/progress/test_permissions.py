"""The permission matrix of progress: every demo role × the public ASCN and the members-only
NEASCN × every way in (pages, exports, API, admin). Each case asserts the exact outcome."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken, ModelLogEntry

from action_plans.models import Initiative
from api.models import TokenScope
from networks.models import NetworkPage
from progress.models import MonitoringRound, ProgressUpdate
from progress.services import attach_initiative
from search.models import Overlap

pytestmark = pytest.mark.django_db

ROLES = [None, "wego-staff", "ascn-coordinator", "neascn-coordinator", "bangkok-editor",
         "seoul-editor", "ascn-viewer"]  # fmt: skip
CITY = {"ascn": "Bangkok", "neascn": "Seoul"}  # a city of that network only
READERS = {"ascn": set(ROLES), "neascn": {"wego-staff", "neascn-coordinator", "seoul-editor"}}
WRITERS = {  # file and edit the city's updates
    "ascn": {"wego-staff", "ascn-coordinator", "bangkok-editor"},
    "neascn": {"wego-staff", "neascn-coordinator", "seoul-editor"},
}
COORDINATORS = {"ascn": {"wego-staff", "ascn-coordinator"},
                "neascn": {"wego-staff", "neascn-coordinator"}}  # fmt: skip
SECRET = "Narrative only its readers may see"
DRAFT = "Draft narrative only writers may see"


def write_token(user) -> tuple[APIToken, str]:
    """A personal token with the write scope (a read token may not write)."""
    token, key = APIToken.create_token(user=user, name="test")
    TokenScope.objects.create(token=token, scope="write")
    return token, key


def _update(item, day, status, narrative):
    update = ProgressUpdate(date=day, stage="implementing", completion=30, status=status,
                            narrative=f"{narrative} ({item.plan.city.name})")  # fmt: skip
    attach_initiative(update=update, initiative=item)
    update.save()
    update.save_revision()
    return update


@pytest.fixture
def world():
    """Per network: an approved update, a submitted one, a draft, and a closed 2024 round."""
    out = {}
    for slug, city in CITY.items():
        network = NetworkPage.objects.get(slug=slug)
        item = Initiative.objects.filter(plan__city__name=city, plan__live=True).first()
        MonitoringRound.objects.create(network=network, year=2024, deadline=date(2024, 9, 30),
                                       status="closed")  # fmt: skip
        out[slug] = {
            "network": network, "item": item,
            "approved": _update(item, date(2024, 6, 30), "approved", SECRET),
            "submitted": _update(item, date(2024, 7, 31), "submitted", "Submitted"),
            "draft": _update(item, date(2024, 8, 31), "draft", DRAFT),
        }  # fmt: skip
    # A pair across the two networks, confirmed in the rounds' year: the public report of
    # ASCN must not name Seoul's initiative to those who may not read NEASCN.
    a, b = sorted((out["ascn"]["item"], out["neascn"]["item"]), key=lambda i: str(i.uid))
    Overlap.objects.filter(a=a, b=b).delete()
    Overlap.objects.create(a=a, b=b, score=0.95, tier=Overlap.Tier.SAME_APPROACH,
                           reasons={"tier": "same_approach"}, state=Overlap.State.CONFIRMED,
                           decided_at=datetime(2024, 7, 1, tzinfo=UTC))  # fmt: skip
    return out


def _client(username, api=False) -> Client:
    if username is None:
        return Client()
    user = get_user_model().objects.get(username=username)
    if api:
        _, key = write_token(user)
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    client = Client()
    client.force_login(user)
    return client


def _page_outcome(role, slug) -> int:
    if role in READERS[slug]:
        return 200
    return 404  # anonymous visitors too: a members-only page answers like a made-up URL


def _api_outcome(role, slug) -> int:
    return 200 if role in READERS[slug] else 404


@pytest.mark.parametrize("slug", ["ascn", "neascn"])
@pytest.mark.parametrize("role", ROLES)
def test_progress_matrix(world, role, slug):
    w = world[slug]
    item, secret = w["item"], f"{SECRET} ({CITY[slug]})"
    failures = []

    def check(way, response, status, *, shows=None, hides=None):
        body = response.content.decode(errors="replace")
        if response.status_code != status:
            failures.append(f"{way}: {response.status_code} != {status}")
        elif shows and shows not in body:
            failures.append(f"{way}: does not show {shows!r}")
        if hides and hides in body:
            failures.append(f"{way}: shows {hides!r}")

    # Pages and exports.
    web = _client(role)
    expected = _page_outcome(role, slug)
    reads = role in READERS[slug]
    shown = secret if reads else None
    for way, url, text in [
        ("initiative page", f"/initiatives/{item.uid}/", shown),
        ("rounds index", f"/progress/{slug}/", "2024" if reads else None),
        ("report page", f"/progress/{slug}/rounds/2024/", item.title if reads else None),
        ("progress export", f"/progress/{slug}/export/csv/", secret if reads else None),
        ("report csv", f"/progress/{slug}/rounds/2024/report.csv", shown),
        ("report xlsx", f"/progress/{slug}/rounds/2024/report.xlsx", None),
    ]:
        check(way, web.get(url), expected, shows=text, hides=None if reads else secret)
    # Confirmed pairs in a report name only what the reader may see, on every way in.
    if slug == "ascn":
        other = world["neascn"]["item"].title
        sees_other = role in READERS["neascn"]
        for way, url in [
            ("report page", "/progress/ascn/rounds/2024/"),
            ("report csv", "/progress/ascn/rounds/2024/report.csv"),
            ("api report", "/api/v1/networks/ascn/rounds/2024/report/"),
        ]:
            client = _client(role, api=True) if way.startswith("api") else web
            check(f"{way}, cross-network pair", client.get(url), 200,
                  shows=other if sees_other and way == "report page" else None,
                  hides=None if sees_other else other)  # fmt: skip
    # Drafts and submitted updates never show outside the admin.
    check("draft on page", web.get(f"/initiatives/{item.uid}/"), expected, hides=DRAFT)

    # API: read for readers, write for the city's editors and the network's coordinators.
    api = _client(role, api=True)
    expected = _api_outcome(role, slug)
    for way, url in [
        ("api network updates", f"/api/v1/networks/{slug}/progress/"),
        ("api initiative updates", f"/api/v1/initiatives/{item.public_id}/progress/"),
        ("api rounds", f"/api/v1/networks/{slug}/rounds/"),
        ("api report", f"/api/v1/networks/{slug}/rounds/2024/report/"),
    ]:
        check(way, api.get(url), expected, shows=secret if "updates" in way and reads else None,
              hides=DRAFT)  # fmt: skip
    status = api.get(f"/api/v1/networks/{slug}/rounds/2024/status/")
    check("api round status", status, 401 if role is None else
          200 if role in COORDINATORS[slug] else 404)  # fmt: skip
    body = {"date": "2024-12-31", "stage": "operating", "completion": 90}
    write = api.post(f"/api/v1/initiatives/{item.public_id}/progress/", body,
                     content_type="application/json")  # fmt: skip
    check("api write", write, 401 if role is None else 200 if role in WRITERS[slug]
          else 400 if reads else 404)  # fmt: skip

    # Admin: the listing, the editor and history of a draft, approving, running the round.
    listing = web.get("/admin/snippets/progress/progressupdate/")
    if role in WRITERS[slug]:
        check("admin listing", listing, 200, shows=f"{w['draft']}")
    elif listing.status_code == 200:
        check("admin listing", listing, 200, hides=str(w["draft"]))
    elif listing.status_code not in (302, 403):
        failures.append(f"admin listing: {listing.status_code}")
    for way, url in [
        ("admin edit", f"/admin/snippets/progress/progressupdate/edit/{w['draft'].pk}/"),
        ("admin history", f"/admin/snippets/progress/progressupdate/history/{w['draft'].pk}/"),
    ]:
        response = web.get(url)
        if role in WRITERS[slug]:
            check(way, response, 200, shows=DRAFT if way == "admin edit" else None)
        elif response.status_code == 200:
            failures.append(f"{way}: 200 for an outsider")
    chooser = web.get("/admin/snippets/choose/progress/progressupdate/")
    if role not in WRITERS[slug] and str(w["draft"]) in chooser.content.decode():
        failures.append("admin chooser: lists an update the user may not see")
    bulk = f"/admin/bulk/progress/progressupdate/delete/?id={w['draft'].pk}"
    if role not in WRITERS[slug] and str(w["draft"]) in web.get(bulk).content.decode():
        failures.append("admin bulk delete: names an update the user may not see")
    web.post(bulk)
    if ProgressUpdate.objects.filter(pk=w["draft"].pk).exists() == (role in WRITERS[slug]):
        failures.append("admin bulk delete: wrong outcome")
    web.post(f"/admin/progress/updates/{w['submitted'].pk}/approve/")
    w["submitted"].refresh_from_db()
    approved = w["submitted"].status == "approved"
    if approved != (role in COORDINATORS[slug]):
        failures.append(f"admin approve: approved={approved}")
    round_ = MonitoringRound.objects.get(network=w["network"], year=2024)
    admin_round = web.get(f"/admin/progress/rounds/{round_.pk}/")
    if role in COORDINATORS[slug]:
        check("admin round", admin_round, 200, shows=CITY[slug])
    elif admin_round.status_code == 200:
        failures.append("admin round: 200 for a non-coordinator")

    # Running a round: open (admin form, API), nudge a city, close: coordinators only.
    network, coordinates = w["network"], role in COORDINATORS[slug]
    MonitoringRound.objects.filter(network=network, status="open").update(status="closed")
    opened = web.post("/admin/progress/rounds/", {"network": network.pk, "year": 2031,
                                                  "deadline": "2031-09-30"})  # fmt: skip
    round_2031 = MonitoringRound.objects.filter(network=network, year=2031).first()
    if bool(round_2031) != coordinates or (not coordinates and opened.status_code == 200):
        failures.append(f"admin open round: {opened.status_code}, created={bool(round_2031)}")
    if round_2031 is None:
        round_2031 = MonitoringRound.objects.create(network=network, year=2031,
                                                    deadline=date(2031, 9, 30))  # fmt: skip
    city_id = item.plan.city_id
    nudges = ModelLogEntry.objects.filter(action="progress.nudge").count
    before = nudges()
    web.post(f"/admin/progress/rounds/{round_2031.pk}/", {"city": city_id})
    if (nudges() > before) != coordinates:
        failures.append("admin nudge: wrong outcome")
    web.post(f"/admin/progress/rounds/{round_2031.pk}/", {"close": "1"})
    round_2031.refresh_from_db()
    if (not round_2031.is_open) != coordinates:
        failures.append("admin close round: wrong outcome")
    api_open = api.post(f"/api/v1/networks/{slug}/rounds/",
                        {"year": 2032, "deadline": "2032-09-30"},
                        content_type="application/json")  # fmt: skip
    expected = (401 if role is None else 200 if coordinates
                else 403 if role in READERS[slug] else 404)  # fmt: skip
    check("api open round", api_open, expected)
    assert not failures, failures
