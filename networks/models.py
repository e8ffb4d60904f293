"""Regional networks, their member cities and the portal's home page."""

from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from networks.registry import contributions, network_routes


class HomePage(Page):
    """The portal's root: lists the networks the visitor may see."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["networks.NetworkPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from networks.selectors import listed_private_networks, network_list

        context = super().get_context(request, *args, **kwargs)
        context["networks"] = network_list(user=request.user)
        context["closed_networks"] = listed_private_networks(user=request.user)
        return context


class City(ClusterableModel):
    """A city or region; one city can belong to several networks."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    country = models.CharField(max_length=80)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    population = models.PositiveBigIntegerField(null=True, blank=True)
    wego_member = models.BooleanField("WeGO member", default=False)
    contact_email = models.EmailField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
        FieldPanel("population"),
        FieldPanel("wego_member"),
        FieldPanel("contact_email", heading="General contact address"),
        InlinePanel("contacts", heading="Contact people", label="Contact person"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"
        permissions = [("edit_city_plans", "Can draft and edit the city's action plans")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)


class CityContact(Orderable):
    """A person a network's coordinators reach at a city: told of collaborations and events."""

    city = ParentalKey(City, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, blank=True, help_text="e.g. Smart city officer")
    email = models.EmailField()

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email")]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class NetworkPage(RoutablePageMixin, Page):
    """A regional network's space: its home page, member cities and everything below it."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        MEMBERS = "members", "Members only"

    short_name = models.CharField(max_length=20, help_text="e.g. ASCN")
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    listed_publicly = models.BooleanField(
        default=True,
        help_text="Show a members-only network's name on the public home page; "
        "its cities, plans and events stay members-only.",
    )
    about = RichTextField(blank=True)
    founded = models.PositiveSmallIntegerField(null=True, blank=True)
    website = models.URLField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_name"),
        FieldPanel("visibility"),
        FieldPanel("listed_publicly"),
        FieldPanel("founded"),
        FieldPanel("website"),
        FieldPanel("about"),
        InlinePanel("memberships", label="Member cities"),
    ]
    parent_page_types = ["networks.HomePage"]
    subpage_types = ["action_plans.ActionPlanPage", "events.EventPage"]

    class Meta:
        permissions = [
            ("coordinate_network", "Can coordinate the network"),
            ("view_network", "Can read the network's members-only content"),
        ]

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    def get_context(self, request, *args, **kwargs):
        from networks.maps import network_map

        context = super().get_context(request, *args, **kwargs)
        memberships = list(self.memberships.select_related("city").order_by("city__name"))
        context["memberships"] = memberships
        context["map"] = network_map([m.city for m in memberships])
        # The latest plans, upcoming events...: each app adds its own (networks/registry.py).
        context.update(contributions("network", request, self))
        return context

    def serve(self, request, *args, **kwargs):
        from networks.permissions import can_view_network, deny_unless_can_view

        user = request.user
        if (
            user.is_authenticated
            and self.listed_publicly
            and request.path == self.url
            and not can_view_network(user, self)
        ):
            # The home page names the network: its door says what it is and how to join.
            from networks.views import members_only

            return members_only(request, self)
        deny_unless_can_view(request, self)
        return super().serve(request, *args, **kwargs)

    @classmethod
    def get_subpage_urls(cls):
        """The apps' own ``<network>/...`` views (plans, overlaps, events...) before the page."""
        return (*network_routes(), *super().get_subpage_urls())

    def get_sitemap_urls(self, request=None):
        # The sitemap is public: members-only spaces never appear in it.
        return super().get_sitemap_urls(request) if self.is_public else []


class Membership(models.Model):
    """A city's membership of a network."""

    class Role(models.TextChoices):
        PILOT = "pilot", "Pilot city"
        MEMBER = "member", "Member"
        OBSERVER = "observer", "Observer"

    network = ParentalKey(NetworkPage, on_delete=models.CASCADE, related_name="memberships")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(null=True, blank=True)

    panels = [FieldPanel("city"), FieldPanel("role"), FieldPanel("since")]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "city"], name="unique_membership")
        ]
        ordering = ["city__name"]

    def __str__(self) -> str:
        return f"{self.city.name} in {self.network.short_name} ({self.get_role_display()})"


class MembershipRequest(models.Model):
    """A signed-in outsider asks to read a members-only network; its coordinators decide."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    network = models.ForeignKey(
        NetworkPage, on_delete=models.CASCADE, related_name="membership_requests"
    )
    user = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="membership_requests"
    )
    organisation = models.CharField(
        max_length=200, help_text="The city or organisation you work for."
    )
    message = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_network",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.network.short_name} ({self.get_status_display()})"
