"""Events: staff build a gathering around confirmed overlaps in the admin; the cities involved
see it; members register delegates within capacity; calendars import the feeds."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from icalendar import Calendar
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from action_plans.models import ActionPlanPage, Initiative
from events.models import EventPage, Registration
from networks.models import City, NetworkPage
from search.collaborations import create_collaboration
from search.models import Overlap

pytestmark = pytest.mark.django_db
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def list_block(values: list) -> dict:
    data = {str(i): {"value": v, "deleted": "", "order": str(i), "id": ""}
            for i, v in enumerate(values)}  # fmt: skip
    data["count"] = str(len(values))
    return data


def agenda_item(title: str, **extra) -> dict:
    return {"day": "", "start_time": "", "end_time": "", "title": title, "description": "",
            **extra}  # fmt: skip


def event_form(pairs: list[Overlap], collaborations=(), **extra) -> dict:
    return nested_form_data({
        "title": "ASCN Annual Meeting 2027", "slug": "ascn-annual-meeting-2027",
        "kind": "annual_meeting", "start": "2027-08-23 09:00", "end": "2027-08-25 17:00",
        "time_zone": "Asia/Bangkok", "venue": "Queen Sirikit National Convention Center",
        "venue_city": "Bangkok, Thailand", "online": "", "online_url": "", "host_city": "",
        "partner_organisations": "ASEAN Secretariat", "description": rich_text("<p>Meet.</p>"),
        "agenda": streamfield([
            ("session", agenda_item("Opening")),
            ("matchmaking", agenda_item("Matchmaking", overlaps=list_block(
                [p.pk for p in pairs]), collaborations=list_block(
                [c.pk for c in collaborations]))),
        ]),
        "outcomes": streamfield([]), "materials": streamfield([]),
        "registration_open": "on", "capacity": "1", **extra,
    })  # fmt: skip


def confirmed_ascn_pairs() -> list[Overlap]:
    pairs = list(Overlap.objects.filter(state="confirmed").order_by("-score")[:2])
    assert pairs, "the demo confirms the strongest ASCN pairs"
    return pairs


def test_staff_create_a_meeting_from_confirmed_overlaps_and_editors_register(
    client_for, django_capture_on_commit_callbacks
):
    ascn = NetworkPage.objects.get(slug="ascn")
    pairs = confirmed_ascn_pairs()
    staff = client_for("wego-staff")
    # The chooser offers the confirmed pairs.
    chooser = staff.get("/admin/overlap_chooser/").content.decode()
    assert pairs[0].a.title in chooser
    # A collaboration of Bangkok's goes on the agenda too.
    bangkok = City.objects.get(name="Bangkok")
    mine = Initiative.objects.filter(plan__city=bangkok).first()
    other = Initiative.objects.filter(plan__city__name="Singapore").first()
    group = create_collaboration(network=ascn, title="Canal data exchange", lead_city=bangkok,
                                 initiatives=[mine, other], by=None)  # fmt: skip
    assert "Canal data exchange" in staff.get("/admin/collaboration_chooser/").content.decode()
    data = event_form(pairs, [group], **{"action-publish": "Publish"})
    response = staff.post(f"/admin/pages/add/events/eventpage/{ascn.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(slug="ascn-annual-meeting-2027")
    assert event.live
    # 09:00 typed in the event's zone is 02:00 UTC; the page shows the venue's time.
    assert event.start == dt.datetime(2027, 8, 23, 2, 0, tzinfo=dt.UTC)
    assert event.local_start.hour == 9
    html = client_for(None).get(event.url).content.decode()
    assert "23 August 2027, 09:00" in html and "Asia/Bangkok" in html
    for pair in pairs:  # which cities meet about what
        assert pair.a.plan.city.name in html and pair.b.title in html
    assert "Collaboration: " in html and "Canal data exchange" in html
    singapore = client_for(None).get("/cities/singapore/").content.decode()
    assert event.title in singapore.split("<h2>Events</h2>")[1]

    # Each involved city sees the event on its own page.
    city = pairs[0].a.plan.city
    assert event.title in client_for(None).get(f"/cities/{city.slug}/").content.decode()

    # Bangkok's editor registers two delegates: one place, so the second waits.
    editor = client_for("bangkok-editor")
    for name in ("Somchai P.", "Malee K."):
        response = editor.post(event.url + "register/", {
            "city": bangkok.pk, "name": name, "email": f"{name[:3].lower()}@bangkok.example",
            "position": "Smart city officer"})  # fmt: skip
        assert response.status_code == 302
    first, second = Registration.objects.filter(event=event).order_by("pk")
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    page = editor.get(event.url).content.decode()
    assert "Somchai P." in page and "On the waiting list" in page

    # The coordinator sees and exports the list; cancelling the first promotes the second.
    coordinator = client_for("ascn-coordinator")
    csv = coordinator.get(event.url + "registrations/csv/").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("name,email,position,city")
    assert "Malee K.,mal@bangkok.example,Smart city officer,Bangkok" in csv
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after the commit
        response = editor.post(event.url + "register/", {"cancel": first.pk})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert mail.outbox and mail.outbox[-1].to == ["mal@bangkok.example"]


def test_times_are_kept_when_the_event_is_edited(client_for):
    ascn = NetworkPage.objects.get(slug="ascn")
    staff = client_for("wego-staff")
    staff.post(f"/admin/pages/add/events/eventpage/{ascn.pk}/",
               event_form([], **{"action-publish": "Publish"}))  # fmt: skip
    event = EventPage.objects.get(slug="ascn-annual-meeting-2027")
    form = staff.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert "2027-08-23 09:00" in form  # shown in the event's zone, not the editor's (UTC)


def test_a_new_page_is_not_autosaved_behind_the_editor(client_for):
    # Autosave's first save would create the page while the editor still fills the form; a
    # Publish clicked meanwhile then failed with "the slug is already in use".
    ascn = NetworkPage.objects.get(slug="ascn")
    form = client_for("wego-staff").get(f"/admin/pages/add/events/eventpage/{ascn.pk}/")
    assert form.status_code == 200
    assert "data-w-autosave-interval-value" not in form.content.decode()
    assert "w-unsaved" in form.content.decode()  # leaving with unsaved changes still asks


def test_bad_event_dates_are_refused_next_to_the_field(client_for):
    ascn = NetworkPage.objects.get(slug="ascn")
    data = event_form([], end="2027-08-20 17:00", **{"action-publish": "Publish"})
    response = client_for("wego-staff").post(f"/admin/pages/add/events/eventpage/{ascn.pk}/", data)
    assert response.status_code == 200
    assert "The event ends before it starts." in response.content.decode()
    assert not EventPage.objects.filter(slug="ascn-annual-meeting-2027").exists()


def test_city_editors_cannot_create_or_edit_events(client_for):
    ascn = NetworkPage.objects.get(slug="ascn")
    editor = client_for("bangkok-editor")
    response = editor.post(f"/admin/pages/add/events/eventpage/{ascn.pk}/",
                           event_form([], **{"action-publish": "Publish"}))  # fmt: skip
    assert response.status_code == 302
    assert not EventPage.objects.filter(slug="ascn-annual-meeting-2027").exists()
    workshop = EventPage.objects.get(slug="ascn-workshop-2019")
    assert editor.get(f"/admin/pages/{workshop.pk}/edit/").status_code == 302
    assert (
        client_for("neascn-coordinator").get(f"/admin/pages/{workshop.pk}/edit/").status_code == 302
    )
    assert (
        client_for("ascn-coordinator").get(f"/admin/pages/{workshop.pk}/edit/").status_code == 200
    )


def _open(slug: str, capacity=None) -> EventPage:
    event = EventPage.objects.get(slug=slug)
    event.registration_open, event.capacity = True, capacity
    event.end = event.start = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    event.save_revision().publish()
    return event


def test_who_may_register_whom(client_for):
    event = _open("ascn-workshop-2019")
    bangkok, singapore = City.objects.get(name="Bangkok"), City.objects.get(name="Singapore")
    seoul = City.objects.get(name="Seoul")
    data = {"name": "A. Delegate", "email": "a@example.org"}
    # A city editor registers for their own city only.
    editor = client_for("bangkok-editor")
    response = editor.post(event.url + "register/", {**data, "city": singapore.pk})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    # A member viewer may register for any member city; another network's editor for none.
    assert (
        client_for("ascn-viewer")
        .post(event.url + "register/", {**data, "city": singapore.pk})
        .status_code
        == 302
    )
    response = client_for("seoul-editor").post(event.url + "register/", {**data, "city": seoul.pk})
    assert response.status_code == 403
    response = client_for(None).post(event.url + "register/", {**data, "city": bangkok.pk})
    assert response.status_code == 403
    assert Registration.objects.filter(event=event).count() == 1
    # Bad input: a clear message and a 400; the same delegate twice is refused.
    response = editor.post(event.url + "register/", {"city": bangkok.pk, "name": "B."})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    response = editor.post(event.url + "register/", {**data, "city": bangkok.pk})
    assert response.status_code == 400
    assert "a@example.org is already registered" in response.content.decode()
    # The registering user sees only their own delegates; nobody else's names show.
    page = editor.get(event.url).content.decode()
    assert "A. Delegate" not in page


def test_a_model_wide_permission_does_not_make_an_editor_a_viewer(client):
    """Only a network's own object permission makes a member viewer; a model-wide
    networks.view_network (given in Django's user admin, say) opens no network's registration."""
    from django.contrib.auth.models import Permission

    from tests.factories import PASSWORD, UserFactory

    event = _open("ascn-workshop-2019")
    bangkok, singapore = City.objects.get(name="Bangkok"), City.objects.get(name="Singapore")
    editor = UserFactory(role="editor", role__city=bangkok)
    editor.user_permissions.add(Permission.objects.get(codename="view_network"))
    assert client.login(username=editor.username, password=PASSWORD)
    data = {"name": "A. Delegate", "email": "a@example.org"}
    response = client.post(event.url + "register/", {**data, "city": singapore.pk})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert client.post(event.url + "register/", {**data, "city": bangkok.pk}).status_code == 302


def test_registration_closes_after_the_event(client_for):
    event = EventPage.objects.get(slug="ascn-annual-meeting-2019")
    event.registration_open = True
    event.save_revision().publish()
    bangkok = City.objects.get(name="Bangkok")
    response = client_for("bangkok-editor").post(
        event.url + "register/", {"city": bangkok.pk, "name": "Late", "email": "l@example.org"}
    )
    assert response.status_code == 400 and "closed" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_network_feed_imports_into_a_calendar_at_the_right_time(client_for):
    response = client_for(None).get("/calendar/ascn.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = {e["SUMMARY"]: e for e in cal.walk("VEVENT")}
    meeting = events["ASCN Annual Meeting 2019"]
    start = meeting.decoded("DTSTART")
    assert start == dt.datetime(2019, 8, 22, 9, 0, tzinfo=BANGKOK)
    assert start.astimezone(dt.UTC).hour == 2
    assert str(meeting["DTSTART"].params["TZID"]) == "Asia/Bangkok"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Bangkok", "Asia/Seoul"] or {
        str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")
    } >= {"Asia/Bangkok", "Asia/Seoul"}
    assert all("UID" in e and "DTSTAMP" in e for e in events.values())
    assert not any("NEASCN" in name for name in events)


def test_members_only_feed_needs_a_members_calendar_key(client_for, demo_password):
    from django.contrib.auth import get_user_model

    from events.feed_keys import FeedKey

    assert client_for(None).get("/calendar/neascn.ics").status_code == 404
    user = get_user_model().objects.get(username="seoul-editor")
    _, key = FeedKey.create_key(user=user)
    response = client_for(None).get(f"/calendar/neascn.ics?key={key}")
    assert response.status_code == 200 and b"Inaugural NEASCN Meeting" in response.content
    assert client_for(None).get("/calendar/neascn.ics?key=nope").status_code == 403
    outsider = get_user_model().objects.get(username="bangkok-editor")
    _, other = FeedKey.create_key(user=outsider)
    assert client_for(None).get(f"/calendar/neascn.ics?key={other}").status_code == 404


def test_lists_of_upcoming_and_past_events(client_for):
    html = client_for(None).get("/events/").content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert "ASCN Workshop" in past and "ASCN Workshop" not in upcoming
    assert "NEASCN" not in html
    html = client_for("seoul-editor").get("/events/").content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert "Inaugural NEASCN Meeting" in upcoming
    assert "NEASCN Online Pre-Workshop" in past
    # Past events, most recent first.
    assert past.index("3rd ASCN Annual Meeting") < past.index("ASCN Workshop")
    network = client_for("seoul-editor").get("/neascn/").content.decode()
    assert "Inaugural NEASCN Meeting" in network


def test_matchmaking_shows_only_pairs_the_visitor_may_see(client_for):
    """A confirmed pair with a members-only side, put on a public event's agenda, shows to
    members of both networks only."""
    neascn = NetworkPage.objects.get(slug="neascn")
    ascn = NetworkPage.objects.get(slug="ascn")
    from action_plans.models import ActionPlanPage

    private = ActionPlanPage.objects.child_of(neascn).values("pk")
    public = ActionPlanPage.objects.child_of(ascn).values("pk")
    pair = Overlap.objects.filter(a__plan__in=private, b__plan__in=public).first() or \
        Overlap.objects.filter(b__plan__in=private, a__plan__in=public).first()  # fmt: skip
    if pair is None:
        pytest.skip("no overlap across the two networks in the demo")
    pair.state = "confirmed"
    pair.save()
    event = EventPage.objects.get(slug="ascn-annual-meeting-2019")
    raw = list(event.agenda.raw_data)
    block = next(b for b in raw if b["type"] == "matchmaking")
    block["value"]["overlaps"].append({"type": "item", "value": pair.pk, "id": "x"})
    event.agenda = raw
    event.save_revision().publish()
    secret = pair.a if pair.a.plan_id in set(private.values_list("pk", flat=True)) else pair.b
    assert secret.title not in client_for(None).get(event.url).content.decode()
    assert secret.title not in client_for("bangkok-editor").get(event.url).content.decode()
    assert secret.title in client_for("wego-staff").get(event.url).content.decode()
    # The admin chooser does not offer it to the ASCN coordinator either.
    chooser = client_for("ascn-coordinator").get("/admin/overlap_chooser/").content.decode()
    assert secret.title not in chooser
    assert (
        client_for("ascn-coordinator").get(f"/admin/overlap_chooser/chosen/{pair.pk}/").status_code
        == 404
    )
    # Nor resolves it when asked for several ids at once (Wagtail's view would look in all rows).
    several = client_for("ascn-coordinator").get(
        f"/admin/overlap_chooser/chosen-multiple/?id={pair.pk}"
    )
    assert several.status_code == 200 and secret.title not in several.content.decode()
    assert secret.title in client_for("wego-staff").get(
        f"/admin/overlap_chooser/chosen-multiple/?id={pair.pk}").content.decode()  # fmt: skip


def test_collaboration_chooser_offers_only_collaborations_the_user_may_see(client_for):
    neascn = NetworkPage.objects.get(slug="neascn")  # members only
    seoul = City.objects.get(name="Seoul")
    initiatives = Initiative.objects.filter(plan__in=ActionPlanPage.objects.child_of(neascn))
    items = [initiatives.filter(plan__city=seoul).first(),
             initiatives.exclude(plan__city=seoul).first()]  # fmt: skip
    group = create_collaboration(network=neascn, title="Members-only data exchange",
                                 lead_city=seoul, initiatives=items, by=None)  # fmt: skip
    ways = ["/admin/collaboration_chooser/", "/admin/collaboration_chooser/results/?q=Members",
            f"/admin/collaboration_chooser/chosen-multiple/?id={group.pk}"]  # fmt: skip
    for user, sees in [("ascn-coordinator", False), ("bangkok-editor", False),
                       ("seoul-editor", True), ("wego-staff", True)]:  # fmt: skip
        client = client_for(user)
        for url in ways:
            assert (group.title in client.get(url).content.decode()) is sees, (user, url)
        chosen = client.get(f"/admin/collaboration_chooser/chosen/{group.pk}/").status_code
        assert chosen == (200 if sees else 404), user


def test_materials_of_members_only_events_stay_members_only(client_for, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    # Wagtail serves documents from a local path: a real file system, not the in-memory one.
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}  # fmt: skip
    doc = Document(title="Pre-workshop slides")
    doc.file.save("slides.pdf", ContentFile(b"%PDF-1.4 slides"), save=False)
    doc.save()
    event = EventPage.objects.get(slug="neascn-pre-workshop-2020")
    event.materials = [{"type": "document", "value": {"title": "Slides", "document": doc.pk}}]
    event.save_revision().publish()
    url = doc.url
    response = client_for("seoul-editor").get(url)
    assert response.status_code == 200 and b"slides" in b"".join(response.streaming_content)
    assert client_for("bangkok-editor").get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404


@pytest.mark.parametrize("role,linked", [(None, False), ("ascn-viewer", False),
                                         ("seoul-editor", True), ("wego-staff", True)])  # fmt: skip
def test_a_public_event_names_a_hidden_host_city_without_linking_its_page(client_for, role, linked):
    """The WeGO-ASCN conference of 2019 is an ASCN event hosted by Seoul, whose page only
    NEASCN's members may open: the others read the name, with no link to a 404."""
    event = EventPage.objects.get(slug="wego-ascn-mayoral-conference-2019")
    event.participating_cities.add(City.objects.get(name="Seoul"), City.objects.get(name="Bangkok"))
    event.save()  # a parental many-to-many is written with its page
    client = client_for(role)
    html = client.get(event.url).content.decode()
    assert "<dd>Seoul</dd>" in html or linked
    assert ('href="/cities/seoul/"' in html) is linked
    assert 'href="/cities/bangkok/"' in html  # a visible participant stays linked
    assert (client.get("/cities/seoul/").status_code == 200) is linked
