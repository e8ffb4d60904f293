"""factory-boy factories: cities, networks, plans with initiatives, and users with a role.

Pages go into Wagtail's tree under ``parent`` (a network under the home page, a plan under a
new network unless given one) and are published with a revision unless ``publish=False``.
Usage: ``PlanFactory(parent=network, city=city, initiatives=[{"title": "Flood warning"}])``,
``UserFactory(role="editor", role__city=city)``.
"""

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from factory.django import DjangoModelFactory, Password

from action_plans.models import ActionPlanPage, Initiative
from networks.models import City, HomePage, Membership, NetworkPage
from networks.services import grant_role
from search.models import Overlap

PASSWORD = "factory-password"


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Testville {n}")
    slug = factory.LazyAttribute(lambda city: slugify(city.name))
    country = "Thailand"
    latitude = 13.75
    longitude = 100.5


class _PageFactory(DjangoModelFactory):
    """Wagtail pages are created by their parent (``add_child``), then published."""

    class Meta:
        abstract = True

    publish = True

    @classmethod
    def _create(cls, model_class, *args, parent, publish, **kwargs):
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return page


class NetworkFactory(_PageFactory):
    class Meta:
        model = NetworkPage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(lambda: HomePage.objects.get())
    title = factory.Sequence(lambda n: f"Test Network {n}")
    slug = factory.LazyAttribute(lambda network: slugify(network.title))
    short_name = factory.Sequence(lambda n: f"TN{n}")
    visibility = NetworkPage.Visibility.PUBLIC

    @factory.post_generation
    def members(network, create, cities, **kwargs):
        """``members=[city, ...]``: member cities."""
        for city in cities or []:
            Membership.objects.get_or_create(network=network, city=city)


class PlanFactory(_PageFactory):
    class Meta:
        model = ActionPlanPage

    parent = factory.SubFactory(NetworkFactory)
    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Smart City Plan {n}")
    slug = factory.LazyAttribute(lambda plan: slugify(plan.title))
    period_start = 2024
    period_end = 2030

    @classmethod
    def _create(cls, model_class, *args, initiatives=(), **kwargs):
        """``initiatives=[{"title": ..., "description": ...}, ...]`` go into the first revision;
        the city becomes a member of the network."""
        kwargs["initiatives"] = [Initiative(**fields) for fields in initiatives]
        Membership.objects.get_or_create(network=kwargs["parent"], city=kwargs["city"])
        return super()._create(model_class, *args, **kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = Password(PASSWORD)

    @factory.post_generation
    def role(user, create, role, **scope):
        """``role="coordinator", role__network=network`` or ``role="editor", role__city=city``
        through the portal's own grant_role (object permissions and Wagtail groups)."""
        if role:
            grant_role(user=user, role=role, **scope)


def pairs_within(slug: str):
    """Stored pairs whose both initiatives are in the network ``slug``, best first: a pair with
    a city of another network is hidden from someone who only belongs to this one, and which
    pairs score highest varies with the engine."""
    plans = ActionPlanPage.objects.child_of(NetworkPage.objects.get(slug=slug))
    return Overlap.objects.filter(a__plan__in=plans, b__plan__in=plans).order_by("-score", "pk")
