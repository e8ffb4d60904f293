"""Gatherings of a network (workshops, annual meetings, conferences, webinars) and the
delegates cities register for them."""

import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from events.blocks import AGENDA_BLOCKS, MaterialsBlock, OutcomesBlock
from events.feed_keys import FeedKey  # noqa: F401  (a model of this app)
from events.forms import EventPageForm
from networks.models import City

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class EventPage(RoutablePageMixin, Page):
    """A gathering in a network's space; its times are entered and shown in its own zone."""

    base_form_class = EventPageForm

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", "Workshop"
        ANNUAL_MEETING = "annual_meeting", "Annual meeting"
        MAYORAL_CONFERENCE = "mayoral_conference", "Mayoral conference"
        WEBINAR = "webinar", "Webinar"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    start = models.DateTimeField(help_text="In the event's time zone.")
    end = models.DateTimeField(help_text="In the event's time zone.")
    time_zone = models.CharField(max_length=64, choices=[(z, z) for z in TIME_ZONES], default="UTC")
    online = models.BooleanField(default=False, help_text="Held online (wholly or in part).")
    online_url = models.URLField("online link", blank=True, max_length=500)
    venue = models.CharField(max_length=255, blank=True, help_text="Name and address")
    venue_city = models.CharField(max_length=120, blank=True, help_text="e.g. Bangkok, Thailand")
    host_city = models.ForeignKey(
        City, null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_events"
    )
    participating_cities = ParentalManyToManyField(City, blank=True, related_name="events")
    partner_organisations = models.TextField(blank=True, help_text="One per line.")
    description = RichTextField(blank=True)
    agenda = StreamField(AGENDA_BLOCKS, blank=True)
    outcomes = StreamField(OutcomesBlock(), blank=True)
    materials = StreamField(MaterialsBlock(), blank=True)
    registration_open = models.BooleanField(
        default=False, help_text="Let members register their cities' delegates."
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places for delegates; leave empty for no limit."
    )
    per_city_quota = models.PositiveIntegerField(
        "places per city", null=True, blank=True,
        help_text="At most this many delegates of one city; leave empty for no limit.",
    )  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("time_zone")],
            heading="When",
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("venue_city"),
                FieldPanel("online"),
                FieldPanel("online_url"),
            ],
            heading="Where",
        ),
        FieldPanel("host_city"),
        FieldPanel("participating_cities"),
        FieldPanel("partner_organisations"),
        FieldPanel("description"),
        FieldPanel("agenda"),
        FieldPanel("outcomes"),
        FieldPanel("materials"),
        MultiFieldPanel(
            [FieldPanel("registration_open"), FieldPanel("capacity"), FieldPanel("per_city_quota")],
            heading="Registration",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("venue_city"),
        index.FilterField("start"),
    ]
    parent_page_types = ["networks.NetworkPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "event"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The event ends before it starts."})
        if self.online_url and not self.online:
            self.online = True

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.zone)

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def network(self):
        from networks.models import NetworkPage

        return NetworkPage.objects.get(pk=self.get_parent().pk)

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partner_organisations.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from events.selectors import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(event=self, user=request.user))
        return context

    def serve(self, request, *args, **kwargs):
        from networks.permissions import deny_unless_can_view

        deny_unless_can_view(request, self.network)
        return super().serve(request, *args, **kwargs)

    def permissions_for_user(self, user):
        from events.permissions import EventPermissionTester

        return EventPermissionTester(user, self)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.network.is_public else []

    # Route methods are named *_view: ``registrations`` is the reverse relation.
    @path("register/")
    def register_view(self, request):
        from events.views import register

        return register(request, self)

    @path("registrations/")
    def registrations_view(self, request):
        from events.views import registrations

        return registrations(request, self)

    @path("registrations/csv/")
    def registrations_csv_view(self, request):
        from events.views import registrations_csv

        return registrations_csv(request, self)


class Registration(models.Model):
    """A delegate of a member city at an event; beyond capacity, on the waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="registrations")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    position = models.CharField(max_length=200, blank=True, help_text="Job title")
    status = models.CharField(max_length=10, choices=Status.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="unique_active_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city.name}) at {self.event.title}"
