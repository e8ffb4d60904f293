"""Event lists, calendar feeds, and delegate registration."""

import csv

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify

from core.params import parse_number
from core.spreadsheets import safe_row
from events.feed_keys import FeedKey
from events.forms import RegistrationForm
from events.ical import calendar_for
from events.models import EventPage, Registration
from events.selectors import event_list, own_registrations, registrable_cities
from events.services import RegistrationError, cancel_registration, register_delegate
from networks.models import NetworkPage
from networks.permissions import can_coordinate, can_view_network, deny_unless_can_view


def events_index(request: HttpRequest, network: NetworkPage | None = None) -> HttpResponse:
    """Upcoming and past events of one network, or of every network the visitor may see."""
    past = Paginator(event_list(user=request.user, network=network, when="past"), 20)
    context = {
        "network": network,
        "upcoming": event_list(user=request.user, network=network, when="upcoming"),
        "past": past.get_page(request.GET.get("page")),
        "feed_url": f"/calendar/{network.slug}.ics" if network else "/calendar.ics",
    }
    return render(request, "events/event_index.html", context)


def _calendar_user(request: HttpRequest):
    """Calendar programs cannot sign in: a calendar key in ``?key=`` stands for its owner
    (a bad or revoked key is refused; an API token is not a calendar key), else the session."""
    if "token" in request.GET:
        return None
    key = request.GET.get("key", "").strip()
    if key:
        return FeedKey.user_for(key)
    return request.user if request.user.is_authenticated else AnonymousUser()


def _ics(request: HttpRequest, events, name: str, filename: str) -> HttpResponse:
    body = calendar_for(events=events, name=name, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def _refused() -> HttpResponse:
    return HttpResponse(
        "Invalid or revoked calendar key. Calendar feeds take a calendar key (?key=) from "
        "/accounts/tokens/, not an API token.",
        status=403,
        content_type="text/plain; charset=utf-8",
    )


def calendar_all(request: HttpRequest) -> HttpResponse:
    user = _calendar_user(request)
    if user is None:
        return _refused()
    return _ics(request, event_list(user=user), "Regional smart-city networks", "events")


def calendar_network(request: HttpRequest, slug: str) -> HttpResponse:
    user = _calendar_user(request)
    if user is None:
        return _refused()
    network = get_object_or_404(NetworkPage.objects.live(), slug=slug)
    if not can_view_network(user, network):
        raise Http404("No such calendar")
    events = event_list(user=user, network=network)
    return _ics(request, events, network.title, network.slug)


def calendar_event(request: HttpRequest, pk: int) -> HttpResponse:
    user = _calendar_user(request)
    if user is None:
        return _refused()
    event = get_object_or_404(EventPage.objects.live(), pk=pk)
    if not can_view_network(user, event.network):
        raise Http404("No such event")
    return _ics(request, [event], event.title, slugify(event.title) or "event")


def register(request: HttpRequest, event: EventPage) -> HttpResponse:
    """Register a delegate (POST), or cancel one of the user's own (POST ``cancel``)."""
    if request.method != "POST":
        return redirect(event.url)
    if "cancel" in request.POST:
        return _cancel(request, event)
    cities = registrable_cities(user=request.user, event=event)
    if not cities.exists():
        return _status(request, event, "You cannot register delegates for this event.", 403)
    if not (event.registration_open and not event.is_past):
        return _status(request, event, "Registration for this event is closed.", 400)
    form = RegistrationForm(request.POST, cities=cities)
    if form.is_valid():
        try:
            registration = register_delegate(event=event, by=request.user, **form.cleaned_data)
        except RegistrationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                f"{registration.name} ({registration.city.name}): "
                f"{registration.get_status_display().lower()}.",
            )
            return redirect(event.url + "#registration")
    context = {**event.get_context(request), "form": form}
    return render(request, "events/event_page.html", context, status=400)


def _cancel(request: HttpRequest, event: EventPage) -> HttpResponse:
    pk = request.POST.get("cancel", "")
    mine = own_registrations(user=request.user, event=event)
    if can_coordinate(request.user, event.get_parent()):
        mine = event.registrations.exclude(status=Registration.Status.CANCELLED)
    number = parse_number(pk)
    registration = mine.filter(pk=number).first() if number is not None else None
    if registration is None:
        return _status(request, event, "No such registration.", 404)
    cancel_registration(registration=registration)
    messages.success(request, f"Registration of {registration.name} cancelled.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = event.url + "#registration"
    return redirect(target)


def _status(request, event, message: str, status: int) -> HttpResponse:
    return render(request, "events/refused.html", {"page": event, "message": message},
                  status=status)  # fmt: skip


def _coordinator_only(request: HttpRequest, event: EventPage) -> None:
    if not can_coordinate(request.user, event.get_parent()):
        raise Http404("No such page")


def registrations(request: HttpRequest, event: EventPage) -> HttpResponse:
    """The full list of delegates: for the network's coordinators and WeGO staff only."""
    _coordinator_only(request, event)
    rows = event.registrations.select_related("city", "registered_by")
    return render(request, "events/registrations.html", {"page": event, "registrations": rows})


def registrations_csv(request: HttpRequest, event: EventPage) -> HttpResponse:
    _coordinator_only(request, event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(event.title) or "event"
    response["Content-Disposition"] = f'attachment; filename="{name}-registrations.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(["name", "email", "position", "city", "country", "status", "registered_at",
                     "registered_by"])  # fmt: skip
    for r in event.registrations.select_related("city", "registered_by"):
        writer.writerow(safe_row([
            r.name, r.email, r.position, r.city.name, r.city.country, r.status,
            r.created_at.isoformat(), r.registered_by.get_username() if r.registered_by else "",
        ]))  # fmt: skip
    return response


def network_events(request: HttpRequest, network: NetworkPage) -> HttpResponse:
    deny_unless_can_view(request, network)
    return events_index(request, network)


def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The cancel link of a registration email: a page to confirm, then a POST cancels."""
    from events.tasks import registration_from_token

    registration = registration_from_token(token)
    if registration is None:
        return render(request, "events/cancel_link.html", {"invalid": True}, status=404)
    done = registration.status == Registration.Status.CANCELLED
    if request.method == "POST" and not done:
        cancel_registration(registration=registration)
        done = True
    context = {"registration": registration, "event": registration.event, "done": done}
    return render(request, "events/cancel_link.html", context)
