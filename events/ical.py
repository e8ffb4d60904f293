"""iCalendar (RFC 5545) feeds of events, with each event in its own time zone."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

PRODID = "-//WeGO//Regional Networks Portal//EN"


def calendar_for(*, events: Iterable, name: str, base_url: str) -> bytes:
    """A VCALENDAR with one VEVENT per event and the VTIMEZONEs they use."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for page in events:
        event = Event()
        event.add("uid", f"event-{page.pk}@regional-networks.wego")
        event.add("dtstamp", stamp)
        event.add("dtstart", page.local_start)
        event.add("dtend", page.local_end)
        event.add("summary", page.title)
        event.add("categories", [page.get_kind_display()])
        url = base_url.rstrip("/") + page.url
        event.add("url", url)
        where = ", ".join(part for part in (page.venue, page.venue_city) if part)
        if page.online:
            where = f"{where} and online" if where else "Online"
        if where:
            event.add("location", where)
        text = strip_tags(page.description or "").strip()
        link = f"\n\nOnline: {page.online_url}" if page.online_url else ""
        event.add("description", f"{text}{link}\n\n{url}".strip())
        event.add("last-modified", page.last_published_at or stamp)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
