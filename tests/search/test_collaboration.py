"""Browsing and curating a network's overlaps: matrix, themes, curation, collaborations,
lessons, exports and alerts, each as the people who use them."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from action_plans.models import ActionPlanPage, Initiative
from action_plans.services import import_plans
from networks.models import City, NetworkPage
from search.models import Collaboration, Follow, Overlap
from search.selectors import overlap_list

pytestmark = pytest.mark.django_db
NEASCN_ONLY = ["Seoul", "Busan", "Daejeon"]


def ascn_pair(city: str = "Bangkok") -> Overlap:
    """A visible suggested pair between two ASCN cities, one of them ``city``: the engine's
    when it stores one, else one made here (curation is the point of these tests, not which
    pairs the engine finds)."""
    ascn = ActionPlanPage.objects.child_of(NetworkPage.objects.get(slug="ascn")).values("pk")
    found = (
        Overlap.objects.filter(a__plan__in=ascn, b__plan__in=ascn, state="suggested")
        .filter(a__plan__city__name=city) | Overlap.objects.filter(
            a__plan__in=ascn, b__plan__in=ascn, state="suggested", b__plan__city__name=city)
    ).order_by("-score").first()  # fmt: skip
    if found:
        return found
    mine = Initiative.objects.filter(plan__in=ascn, plan__city__name=city).first()
    other = Initiative.objects.filter(plan__in=ascn).exclude(plan__city__name=city).first()
    a, b = sorted((mine, other), key=lambda i: str(i.uid))
    return Overlap.objects.create(a=a, b=b, score=0.9, tier=Overlap.Tier.SAME_APPROACH,
                                  reasons={"tier": "same_approach"})  # fmt: skip


def test_public_matrix_counts_only_public_pairs(client):
    html = client.get("/ascn/overlaps/").content.decode()
    matrix = html[html.index('class="table matrix"') : html.index("</table>")]
    for name in NEASCN_ONLY:
        assert name not in matrix
    anon = get_user_model()(username="nobody")
    anon.is_active = False  # an inactive user sees what the public sees
    ascn = NetworkPage.objects.get(slug="ascn")
    # Counts are of same-approach pairs by default; both tiers are one click away.
    pairs = [p for p in overlap_list(user=anon, network=ascn, tiers=["same_approach"])
             if p.state != "dismissed"]  # fmt: skip
    assert f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''} of initiatives" in html
    both = [p for p in overlap_list(user=anon, network=ascn) if p.state != "dismissed"]
    assert len(both) > len(pairs)
    assert (
        f"{len(both)} pairs of initiatives"
        in client.get("/ascn/overlaps/?tier=all").content.decode()
    )
    # A cell holds the number of pairs of that couple of cities.
    pair = pairs[0]
    a, b = pair.a.plan.city, pair.b.plan.city
    count = sum(1 for p in pairs if {p.a.plan.city_id, p.b.plan.city_id} == {a.pk, b.pk})
    assert f'aria-label="{a.name} and {b.name}: {count}"' in html
    assert client.get("/neascn/overlaps/").status_code == 404  # like a made-up URL
    assert client.get("/neascn/overlaps/export/csv/").status_code == 404


def test_members_see_their_networks_matrix_and_the_graph_data(client_for):
    html = client_for("seoul-editor").get("/neascn/overlaps/").content.decode()
    assert "Seoul" in html and 'id="graph-data"' in html
    script = html.split('id="graph-data"')[1]
    graph = json.loads(script[script.index(">") + 1 : script.index("</script>")])
    assert graph["nodes"] and graph["edges"]
    assert client_for("bangkok-editor").get("/neascn/overlaps/").status_code == 404


def test_themes_group_initiatives_of_several_cities(client):
    html = client.get("/ascn/overlaps/").content.decode()
    themes = html[html.index('id="themes-heading"') : html.index('id="collab-heading"')]
    assert themes.count('<details class="theme">') >= 2
    assert "cities," in themes and "No themes yet" not in themes


def test_coordinator_confirms_and_dismisses_with_a_note(client_for):
    pair = ascn_pair()
    url = f"/overlaps/{pair.pk}/curate/"
    data = {"state": "confirmed", "note": "Both run canal sensors.", "next": "/ascn/overlaps/"}
    assert client_for("bangkok-editor").post(url, data).status_code == 403
    assert client_for("neascn-coordinator").post(url, data).status_code == 403
    assert client_for(None).post(url, data).status_code == 403
    pair.refresh_from_db()
    assert pair.state == "suggested"
    response = client_for("ascn-coordinator").post(url, data)
    assert response.status_code == 302 and response["Location"] == "/ascn/overlaps/"
    pair.refresh_from_db()
    assert (pair.state, pair.note, pair.decided_by.username) == (
        "confirmed", "Both run canal sensors.", "ascn-coordinator")  # fmt: skip
    bad = client_for("ascn-coordinator").post(url, {"state": "maybe"})
    assert bad.status_code == 400 and "Choose confirmed" in bad.content.decode()
    pair.refresh_from_db()
    assert pair.state == "confirmed"
    page = client_for("ascn-coordinator").get("/ascn/overlaps/?state=confirmed").content.decode()
    assert "Both run canal sensors." in page


def test_coordinator_creates_a_collaboration_and_the_cities_are_told(
    client_for, django_capture_on_commit_callbacks
):
    pair = ascn_pair()
    pair.state = "confirmed"
    pair.save()
    coordinator = client_for("ascn-coordinator")
    form = coordinator.get(f"/ascn/collaborations/new/?pair={pair.pk}").content.decode()
    assert pair.a.title in form and pair.b.title in form
    bangkok = City.objects.get(name="Bangkok")
    data = {"pair": pair.pk, "initiative": [pair.a.pk, pair.b.pk], "lead_city": bangkok.pk,
            "title": "Joint canal monitoring", "status": "active",
            "next_steps": "Exchange sensor specs by June."}  # fmt: skip
    assert client_for("bangkok-editor").post("/ascn/collaborations/new/", data).status_code == 404
    missing = coordinator.post("/ascn/collaborations/new/", {**data, "title": ""})
    assert missing.status_code == 400 and "Give a title" in missing.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post("/ascn/collaborations/new/", data)
    assert response.status_code == 302
    collaboration = Collaboration.objects.get(title="Joint canal monitoring")
    assert collaboration.lead_city == bangkok and collaboration.status == "active"
    assert set(collaboration.cities.all()) == {pair.a.plan.city, pair.b.plan.city}
    # Bangkok's editor hears of it, and the cities see it on their pages.
    assert any("bangkok-editor@demo.wego.example" in m.to for m in mail.outbox)
    assert all("Joint canal monitoring" in m.subject for m in mail.outbox)
    for city in collaboration.cities.all():
        assert "Joint canal monitoring" in client_for(None).get(
            f"/cities/{city.slug}/").content.decode()  # fmt: skip
    detail = client_for(None).get(f"/collaborations/{collaboration.pk}/").content.decode()
    assert "Exchange sensor specs by June." in detail and pair.a.title in detail
    # The coordinator moves it on; nobody else can.
    url = f"/collaborations/{collaboration.pk}/"
    client_for("bangkok-editor").post(url, {"status": "stopped", "next_steps": "x"})
    collaboration.refresh_from_db()
    assert collaboration.status == "active"
    coordinator.post(url, {"status": "completed", "next_steps": "Done in 2027."})
    collaboration.refresh_from_db()
    assert collaboration.status == "completed"
    csv_text = client_for(None).get("/ascn/overlaps/export/csv/").content.decode("utf-8-sig")
    assert "collaboration" in csv_text and "Joint canal monitoring" in csv_text


def test_a_theme_becomes_a_collaboration_form(client_for):
    coordinator = client_for("ascn-coordinator")
    html = coordinator.get("/ascn/overlaps/").content.decode()
    link = html.split("collaborations/new/?theme=")[1].split('"')[0]
    form = coordinator.get(f"/ascn/collaborations/new/?theme={link}").content.decode()
    assert form.count('name="initiative"') >= 3


def test_done_there_planned_here_puts_the_experienced_city_first(client):
    html = client.get("/ascn/overlaps/?lessons=1").content.decode()
    pairs = html[html.index('id="pairs-heading"') :]
    lessons = pairs.count("has done it")
    assert lessons >= 1
    assert lessons == pairs.count('class="match lesson"')
    assert 'class="match"' not in pairs


def test_csv_export_and_printable_report(client, client_for):
    response = client.get("/ascn/overlaps/export/csv/")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and set(rows[0]) >= {"a_id", "b_id", "tier", "score", "state", "lesson_from"}
    names = {r["a_city"] for r in rows} | {r["b_city"] for r in rows}
    assert not names & set(NEASCN_ONLY)
    staff = client_for("wego-staff").get("/ascn/overlaps/export/csv/").content.decode()
    assert len(staff.splitlines()) >= len(rows)
    report = client.get("/ascn/overlaps/export/report/").content.decode()
    assert "Confirmed overlaps" in report and "@media print" not in report
    assert client.get("/ascn/overlaps/export/pdf/").status_code == 404


def _publish_similar_initiative(like: Initiative) -> None:
    row = {"network": "ASCN", "city": "Phuket", "country": "Thailand",
           "plan_title": "Phuket Plan 2027", "period_start": 2026, "period_end": 2030,
           "initiative_id": "pkt_copy", "title": like.title, "description": like.description,
           "focus_areas": "", "stage": "planning"}  # fmt: skip
    result = import_plans(user=None, data=json.dumps(row).encode(), filename="p.jsonl")
    assert result.ok, result.errors


def test_followers_hear_of_new_overlaps_at_once(client_for, django_capture_on_commit_callbacks):
    mine = Initiative.objects.filter(plan__city__name="Bangkok").first()
    editor = client_for("bangkok-editor")
    response = editor.post(f"/initiatives/{mine.uid}/follow/", {"frequency": "immediate"})
    assert response.status_code == 302
    assert Follow.objects.get(initiative=mine).frequency == "immediate"
    assert "Unfollow" in editor.get("/cities/bangkok/overlaps/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _publish_similar_initiative(mine)
    alerts = [m for m in mail.outbox if m.to == ["bangkok-editor@demo.wego.example"]]
    assert len(alerts) == 1 and "Phuket" in alerts[0].body and mine.title in alerts[0].body


def test_weekly_followers_get_a_digest(client_for, django_capture_on_commit_callbacks):
    mine = Initiative.objects.filter(plan__city__name="Bangkok").first()
    client_for("bangkok-editor").post(f"/initiatives/{mine.uid}/follow/", {"frequency": "weekly"})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _publish_similar_initiative(mine)
    assert not mail.outbox
    out = io.StringIO()
    call_command("send_overlap_digest", stdout=out)
    assert "1 digest message sent" in out.getvalue()
    assert mail.outbox[0].to == ["bangkok-editor@demo.wego.example"]
    call_command("send_overlap_digest", stdout=out)  # nothing is sent twice
    assert len(mail.outbox) == 1


def test_only_the_citys_people_may_follow(client_for):
    mine = Initiative.objects.filter(plan__city__name="Bangkok").first()
    url = f"/initiatives/{mine.uid}/follow/"
    assert client_for("seoul-editor").post(url, {"frequency": "weekly"}).status_code == 403
    assert client_for("ascn-viewer").post(url, {"frequency": "weekly"}).status_code == 302
    assert client_for("bangkok-editor").post(url, {"frequency": "hourly"}).status_code == 400
    assert client_for(None).post(url).status_code == 403
    seoul = Initiative.objects.filter(plan__city__name="Seoul").first()
    assert client_for("bangkok-editor").post(
        f"/initiatives/{seoul.uid}/follow/").status_code == 404  # fmt: skip


def test_a_members_only_collaboration_stays_members_only(client_for):
    from search.collaborations import create_collaboration

    neascn = NetworkPage.objects.get(slug="neascn")
    seoul = City.objects.get(name="Seoul")
    mine = Initiative.objects.filter(plan__city=seoul).first()
    other = Initiative.objects.filter(plan__city__name="Busan").first()
    group = create_collaboration(network=neascn, title="Seoul-Busan data hub", lead_city=seoul,
                                 initiatives=[mine, other], by=None)  # fmt: skip
    url = f"/collaborations/{group.pk}/"
    assert client_for(None).get(url).status_code == 404  # like a made-up URL
    assert client_for("bangkok-editor").get(url).status_code == 404
    assert client_for("ascn-coordinator").get(url).status_code == 404
    assert "Seoul-Busan data hub" in client_for("seoul-editor").get(url).content.decode()
    for who in (None, "bangkok-editor"):
        assert "Seoul-Busan data hub" not in client_for(who).get("/cities/seoul/").content.decode()
        csv_text = client_for(who).get("/ascn/overlaps/export/csv/").content.decode()
        assert "Seoul-Busan data hub" not in csv_text
    assert client_for("ascn-coordinator").get("/neascn/collaborations/new/").status_code == 404


def test_a_public_networks_collaboration_refuses_a_members_only_networks_initiative(client_for):
    """WeGO staff see both networks, but an ASCN collaboration shows to everyone: a Seoul
    initiative (NEASCN, members only) in it would name Seoul to people who may not read it."""
    bangkok, seoul = City.objects.get(name="Bangkok"), City.objects.get(name="Seoul")
    ours = Initiative.objects.filter(plan__city=bangkok).first()
    theirs = Initiative.objects.filter(plan__city=seoul).first()
    data = {"initiative": [ours.pk, theirs.pk], "lead_city": bangkok.pk,
            "title": "Bangkok-Seoul exchange", "status": "proposed"}  # fmt: skip
    response = client_for("wego-staff").post("/ascn/collaborations/new/", data)
    assert response.status_code == 400
    assert "Seoul: initiatives of a members-only network other than ASCN" in (
        response.content.decode()
    )
    assert not Collaboration.objects.filter(title="Bangkok-Seoul exchange").exists()
    # The other way round is fine: NEASCN's members may all see ASCN, which is public.
    busan = Initiative.objects.filter(plan__city__name="Busan").first()
    data = {"initiative": [theirs.pk, busan.pk, ours.pk], "lead_city": seoul.pk,
            "title": "Seoul-Busan-Bangkok exchange", "status": "proposed"}  # fmt: skip
    assert client_for("wego-staff").post("/neascn/collaborations/new/", data).status_code == 302
    group = Collaboration.objects.get(title="Seoul-Busan-Bangkok exchange")
    assert {c.name for c in group.cities.all()} == {"Seoul", "Busan", "Bangkok"}
