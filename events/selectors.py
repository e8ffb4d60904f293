"""Reads on events, filtered by the networks the asking user may see."""

import json
from collections.abc import Mapping, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex, Revision

from events.models import EventPage, Registration
from networks.models import City, NetworkPage
from networks.permissions import (
    can_coordinate,
    can_view_network,
    editable_city_ids,
    is_network_viewer,
    is_wego_staff,
    member_network_ids,
)
from networks.selectors import city_list, in_visible_networks


def event_list(
    *, user, network: NetworkPage | None = None, city: City | None = None, when: str = "all"
) -> QuerySet[EventPage]:
    """Live events the user may see; upcoming soonest first, past most recent first."""
    events = EventPage.objects.live().filter(in_visible_networks(user=user))
    if network is not None:
        events = events.child_of(network)
    if city is not None:
        events = events.filter(pk__in=_involving(city))
    now = timezone.now()
    if when == "upcoming":
        return events.filter(end__gte=now).order_by("start", "pk")
    if when == "past":
        return events.filter(end__lt=now).order_by("-start", "pk")
    return events.order_by("-start", "pk")


def _involving(city: City) -> list[int]:
    """Events a city hosts or takes part in, or where a matchmaking session picked one of its
    overlaps or collaborations."""
    from search.models import Collaboration, Overlap

    ids = set(
        EventPage.objects.filter(Q(host_city=city) | Q(participating_cities=city)).values_list(
            "pk", flat=True
        )
    )
    picked = {e.pk: picked_ids(e) for e in EventPage.objects.exclude(pk__in=ids)}
    pairs = {i for p in picked.values() for i in p["overlaps"]}
    groups = {i for p in picked.values() for i in p["collaborations"]}
    pairs &= set(Overlap.objects.filter(pk__in=pairs).filter(
        Q(a__plan__city=city) | Q(b__plan__city=city)).values_list("pk", flat=True))  # fmt: skip
    groups &= set(Collaboration.objects.filter(pk__in=groups, cities=city).values_list(
        "pk", flat=True))  # fmt: skip
    touching = [pk for pk, p in picked.items()
                if pairs & set(p["overlaps"]) or groups & set(p["collaborations"])]  # fmt: skip
    return [*ids, *touching]


def _items(block: dict, name: str) -> list[int]:
    values = [i.get("value") if isinstance(i, dict) else i
              for i in block["value"].get(name) or []]  # fmt: skip
    return [v for v in values if isinstance(v, int)]


def picked_ids(event: EventPage) -> dict[str, list[int]]:
    """The overlaps and collaborations chosen in the event's matchmaking sessions, read from
    the raw stream data (no query per item)."""
    found: dict[str, list[int]] = {"overlaps": [], "collaborations": []}
    for block in event.agenda.raw_data:
        if block["type"] == "matchmaking":
            for name in found:
                found[name] += _items(block, name)
    return found


def matchmaking(*, event: EventPage, user) -> list[dict]:
    """For each matchmaking session, the pairs and collaborations the user may see: which
    cities meet about what."""
    from search.selectors import collaboration_list, overlap_list

    picked = picked_ids(event)
    pairs = overlap_list(user=user, min_score=0).filter(pk__in=picked["overlaps"])
    visible = {p.pk: p for p in pairs}
    groups = {c.pk: c for c in collaboration_list(user=user).filter(
        pk__in=picked["collaborations"])}  # fmt: skip
    sessions = []
    for block in event.agenda.raw_data:
        if block["type"] != "matchmaking":
            continue
        sessions.append({
            "title": block["value"].get("title", ""), "id": block.get("id"),
            "pairs": [visible[i] for i in _items(block, "overlaps") if i in visible],
            "collaborations": [groups[i] for i in _items(block, "collaborations")
                               if i in groups],
        })  # fmt: skip
    return sessions


def registrable_cities(*, user, event: EventPage) -> QuerySet[City]:
    """The member cities whose delegates the user may register: their own cities as a city
    editor; any member city as a member viewer, coordinator or WeGO staff."""
    network = event.get_parent()
    members = City.objects.filter(memberships__network_id=network.pk)
    if not user.is_authenticated or network.pk not in member_network_ids(user):
        return City.objects.none()
    if is_wego_staff(user) or can_coordinate(user, network) or is_network_viewer(user, network):
        return members.order_by("name")
    return members.filter(pk__in=editable_city_ids(user)).order_by("name")


def own_registrations(*, user, event: EventPage) -> QuerySet[Registration]:
    """What a registering user sees: the delegates they registered and their cities'."""
    if not user.is_authenticated:
        return Registration.objects.none()
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(Q(registered_by=user) | Q(city_id__in=editable_city_ids(user)))
        .select_related("city")
    )


def places_left(*, event: EventPage) -> int | None:
    if event.capacity is None:
        return None
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(event.capacity - taken, 0)


def registration_is_open(*, event: EventPage) -> bool:
    return event.live and event.registration_open and not event.is_past


def event_context(*, event: EventPage, user) -> dict:
    network = event.get_parent().specific
    cities = registrable_cities(user=user, event=event)
    sessions = {s["id"]: s for s in matchmaking(event=event, user=user)}
    from events.forms import RegistrationForm

    return {
        "form": RegistrationForm(cities=cities),
        "network": network,
        # Each agenda item, with a matchmaking session's pairs narrowed to what the user may see.
        "agenda": [
            {
                "block": b,
                "pairs": sessions.get(b.id, {}).get("pairs", []),
                "collaborations": sessions.get(b.id, {}).get("collaborations", []),
            }
            for b in event.agenda
        ],  # fmt: skip
        "can_register": registration_is_open(event=event) and cities.exists(),
        "registrable_cities": cities,
        "own_registrations": own_registrations(user=user, event=event),
        "places_left": places_left(event=event),
        "can_coordinate": can_coordinate(user, network),
        # A city only in networks the user may not see has no page for them: named, not linked.
        "linked_city_ids": set(
            city_list(user=user)
            .filter(Q(pk=event.host_city_id) | Q(pk__in=event.participating_cities.all()))
            .values_list("pk", flat=True)
        ),
    }


def _mentions(data, document_id: int) -> bool:
    """Whether stream data (raw blocks, possibly still a JSON string) names the document."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except ValueError:
            return False
    if isinstance(data, Mapping):
        if data.get("document") == document_id:
            return True
        return any(_mentions(v, document_id) for v in data.values() if not isinstance(v, str))
    if isinstance(data, Sequence):  # a list, or a StreamValue's raw data view
        return any(_mentions(v, document_id) for v in data)
    return False


def document_readable(*, user, document) -> bool:
    """Who may fetch a document is decided by every page and revision that references it.

    An event's published materials open it to whoever may read the event's network; a draft,
    an unpublished event or an older revision opens it only to the network's coordinators and
    WeGO staff. A document nothing references stays public (Wagtail's default)."""
    live, drafts = set(), set()
    event_type = ContentType.objects.get_for_model(EventPage)
    # Parsed in Python: the stored JSON's spacing differs between SQLite and PostgreSQL.
    for event in EventPage.objects.only("pk", "live", "materials"):
        if _mentions(event.materials.raw_data, document.pk):
            (live if event.live else drafts).add(event.pk)
    revisions = Revision.page_revisions.filter(content_type=event_type).exclude(
        object_id__in=[str(pk) for pk in drafts]
    )
    for page_id, content in revisions.values_list("object_id", "content").iterator():
        if _mentions(content.get("materials"), document.pk):
            drafts.add(int(page_id))
    # Other pages (a rich text link, say) count with their live state; events are read above,
    # since the reference index may have been built from a draft.
    others = Page.objects.filter(pk__in=_referencing_page_ids(document))
    for page in others.exclude(content_type=event_type):
        if page.pk not in live | drafts:
            (live if page.live else drafts).add(page.pk)
    if not live and not drafts:
        return True
    networks = {
        page.pk: NetworkPage.objects.ancestor_of(page, inclusive=True).first()
        for page in Page.objects.filter(pk__in=live | drafts)
    }
    for page_id in live:
        network = networks.get(page_id)
        if network is None or can_view_network(user, network):
            return True
    return any(
        networks.get(page_id) is not None and can_coordinate(user, networks[page_id])
        for page_id in drafts
    )


def _referencing_page_ids(document) -> list[int]:
    page_type = ContentType.objects.get_for_model(Page)
    refs = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    return [int(i) for i in refs.values_list("object_id", flat=True)]
