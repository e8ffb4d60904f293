"""Writes on collaborations: coordinators group confirmed pairs or a theme into a joint
project; the cities involved are told by email."""

from django.conf import settings
from django.db import transaction
from guardian.shortcuts import get_users_with_perms

from action_plans.models import Initiative
from core.mail import queue_mail
from networks.models import City, NetworkPage
from search.models import Collaboration, Overlap


class CollaborationError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@transaction.atomic
def create_collaboration(
    *, network: NetworkPage, title: str, lead_city: City, initiatives: list[Initiative],
    overlaps: list[Overlap] = (), next_steps: str = "", status: str = Collaboration.Status.PROPOSED,
    by,
) -> Collaboration:  # fmt: skip
    """Create a collaboration of at least two cities' initiatives; the lead city must be one
    of them. The cities' contacts and editors are notified after commit."""
    cities = {i.plan.city for i in initiatives}
    if len(cities) < 2:
        raise CollaborationError("initiatives", "Choose initiatives of at least two cities.")
    if lead_city not in cities:
        raise CollaborationError("lead_city", "The lead city must be one of the cities involved.")
    if status not in Collaboration.Status.values:
        raise CollaborationError("status", "Unknown status.")
    # Everyone who may see the network sees the collaboration and its cities: an initiative of
    # another network that is members-only would show there to people who may not read it.
    hidden = sorted(
        {i.plan.city.name for i in initiatives if not _shown_in(network, i.plan.network)}
    )
    if hidden:
        raise CollaborationError(
            "initiatives",
            f"{', '.join(hidden)}: initiatives of a members-only network other than "
            f"{network.short_name} cannot join its collaborations.",
        )
    collaboration = Collaboration.objects.create(
        network=network, title=title.strip(), lead_city=lead_city, next_steps=next_steps.strip(),
        status=status, created_by=by,
    )  # fmt: skip
    collaboration.cities.set(cities)
    collaboration.initiatives.set(initiatives)
    collaboration.overlaps.set(overlaps)
    transaction.on_commit(lambda: notify_cities(collaboration=collaboration))
    return collaboration


def _shown_in(network: NetworkPage, other: NetworkPage) -> bool:
    return other.pk == network.pk or other.is_public


def update_collaboration(*, collaboration: Collaboration, status: str, next_steps: str) -> None:
    if status not in Collaboration.Status.values:
        raise CollaborationError("status", "Unknown status.")
    collaboration.status = status
    collaboration.next_steps = next_steps.strip()
    collaboration.save(update_fields=["status", "next_steps", "updated_at"])


def people_to_tell(*, city: City) -> list[tuple[str, str]]:
    """(name, address) of whom a city's news goes to: its contact people, its general contact
    address and its editors; one entry per address."""
    editors = get_users_with_perms(
        city, only_with_perms_in=["edit_city_plans"], with_group_users=True
    )
    people = [(c.name + (f", {c.role}" if c.role else ""), c.email) for c in city.contacts.all()]
    if city.contact_email:
        people.append((f"{city.name}'s contact address", city.contact_email))
    people += [(f"{u.get_full_name() or u.username}, editor", u.email) for u in editors
               if u.is_active]  # fmt: skip
    seen, unique = set(), []
    for name, email in people:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            unique.append((name, email))
    return unique


def recipients(*, city: City) -> list[str]:
    """The addresses a city's news goes to."""
    return sorted(email for _, email in people_to_tell(city=city))


def told_summary(*, collaboration: Collaboration) -> str:
    """Who the collaboration's email reaches, city by city, in words for the coordinator."""
    told, untold = [], []
    for city in collaboration.cities.order_by("name"):
        people = people_to_tell(city=city)
        if people:
            told.append(f"{city.name} ({'; '.join(name for name, _ in people)})")
        else:
            untold.append(city.name)
    parts = []
    if told:
        parts.append("Told by email: " + ", ".join(told) + ".")
    if untold:
        which = "this city" if len(untold) == 1 else "these cities"
        parts.append(
            f"No one to tell in {', '.join(untold)}: add contact people to {which} in the "
            "admin (Snippets › Cities)."
        )
    return " ".join(parts)


def notify_cities(*, collaboration: Collaboration) -> int:
    """One email per involved city and recipient, through the mail task (which retries; a mail
    server that fails never fails the request). Returns the number of cities told."""
    url = f"{settings.WAGTAILADMIN_BASE_URL}/collaborations/{collaboration.pk}/"
    names = ", ".join(c.name for c in collaboration.cities.order_by("name"))
    told = 0
    for city in collaboration.cities.all():
        to = recipients(city=city)
        if not to:
            continue
        body = (
            f"{city.name} takes part in a new collaboration of {collaboration.network.title}: "
            f"{collaboration.title}.\n\nCities: {names}\nLead city: {collaboration.lead_city.name}"
            f"\nStatus: {collaboration.get_status_display()}\n\nNext steps:\n"
            f"{collaboration.next_steps or '(to be agreed)'}\n\n{url}\n"
        )
        queue_mail(subject=f"New collaboration: {collaboration.title}", body=body, to=to)
        told += 1
    return told
