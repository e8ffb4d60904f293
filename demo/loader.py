"""The demo content: real networks, cities, plans and one account per role."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page, Site

from action_plans.models import Initiative
from action_plans.services import import_plans
from core.site_url import site_address
from demo.events import load_demo_events
from networks.models import City, HomePage, Membership, NetworkPage
from networks.services import ensure_staff_group, grant_role
from progress.demo import load_demo_progress
from search.services import process_outbox

DATA_DIR = Path(settings.BASE_DIR) / "data"

DEMO_ACCOUNTS = [
    # username, role, network slug, city name
    ("wego-staff", "staff", None, None),
    ("ascn-coordinator", "coordinator", "ascn", None),
    ("neascn-coordinator", "coordinator", "neascn", None),
    ("bangkok-editor", "editor", None, "Bangkok"),
    ("seoul-editor", "editor", None, "Seoul"),
    ("ascn-viewer", "viewer", "ascn", None),
]


def _home() -> HomePage:
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # Wagtail's starter page ("Welcome to your new Wagtail site!") gives way to ours.
    Page.objects.filter(depth=2, content_type__model="page").delete()
    home = HomePage(
        title="WeGO Regional Smart-City Networks",
        slug="home",
        intro="<p>Cities of WeGO's regional networks publish their smart-city action plans "
        "here; the portal finds where their initiatives overlap so they can join forces.</p>",
    )
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    site.hostname, site.port = site_address(settings.WAGTAILADMIN_BASE_URL)
    site.root_page = home
    site.site_name = settings.WAGTAIL_SITE_NAME
    site.save()
    return home


def _networks(home: HomePage, spec: list[dict]) -> dict[str, NetworkPage]:
    networks = {}
    for item in spec:
        network = NetworkPage.objects.filter(slug=item["slug"]).first()
        if network is None:
            network = NetworkPage(
                title=item["title"],
                slug=item["slug"],
                short_name=item["short_name"],
                visibility=item["visibility"],
                founded=item["founded"],
                website=item["website"],
                about=item["about"],
            )
            home.add_child(instance=network)
            network.save_revision().publish()
        networks[item["short_name"]] = network
    return networks


def _cities(networks: dict[str, NetworkPage], spec: list[dict]) -> None:
    for item in spec:
        city, _ = City.objects.get_or_create(
            name=item["name"],
            country=item["country"],
            defaults={"latitude": item["latitude"], "longitude": item["longitude"]},
        )
        for short_name, membership in item["networks"].items():
            since = membership["since"]
            Membership.objects.get_or_create(
                network=networks[short_name],
                city=city,
                defaults={
                    "role": membership["role"],
                    "since": date.fromisoformat(since) if since else None,
                },
            )


def demo_plan_rows() -> list[dict]:
    """The shared initiatives as rows of the import format, one plan per city and network."""
    rows = []
    with open(DATA_DIR / "initiatives.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["network"] not in ("ASCN", "NEASCN"):
                continue
            pilot = record["programme"] == "ASCN Smart City Action Plans (2018)"
            rows.append(
                {
                    "network": record["network"],
                    "city": record["city"],
                    "country": record["country"],
                    "plan_title": "Smart City Action Plan 2018"
                    if record["network"] == "ASCN"
                    else "Smart City Action Plan",
                    "period_start": 2018,
                    "period_end": 2030,
                    "initiative_id": record["id"],
                    "title": record["title"],
                    "description": record["description"],
                    "focus_areas": record.get("focus_area_inferred") or "",
                    "stage": "planning" if pilot else "implementing",
                }
            )
    return rows


def load_demo(*, stdout=None) -> dict[str, int]:
    """Create or complete the demo content; a second run changes nothing."""
    # The plans commit first; their overlaps are computed here rather than by the task worker,
    # because the demo events' matchmaking sessions are built from them.
    counts = _load_networks_and_plans()
    process_outbox()
    counts["events_created"] = load_demo_events()
    counts.update(load_demo_progress())
    return counts


@transaction.atomic
def _load_networks_and_plans() -> dict[str, int]:
    spec = json.loads((DATA_DIR / "demo_networks.json").read_text(encoding="utf-8"))
    home = _home()
    networks = _networks(home, spec["networks"])
    _cities(networks, spec["cities"])
    known = set(Initiative.objects.exclude(external_id="").values_list("external_id", flat=True))
    rows = [r for r in demo_plan_rows() if r["initiative_id"] not in known]
    imported = 0
    if rows:
        data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
        result = import_plans(user=None, data=data, filename="demo.jsonl")
        if not result.ok:
            raise ValueError("; ".join(map(str, result.errors)))
        imported = result.initiatives_created
    ensure_staff_group()
    _accounts(networks)
    return {
        "networks": NetworkPage.objects.count(),
        "cities": City.objects.count(),
        "initiatives_imported": imported,
    }


def _accounts(networks: dict[str, NetworkPage]) -> None:
    User = get_user_model()
    by_slug = {n.slug: n for n in networks.values()}
    for username, role, network_slug, city_name in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@demo.wego.example"}
        )
        if created or not user.check_password(settings.DEMO_PASSWORD):
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        if created:
            city = City.objects.get(name=city_name) if city_name else None
            grant_role(
                user=user,
                role=role,
                network=by_slug.get(network_slug) if network_slug else None,
                city=city,
            )
