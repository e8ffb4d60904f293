"""Kinds of solution name means, not the problem they address: two initiatives share a kind only
when they use similar means, which is what tells "same approach" from "same challenge"."""

import importlib

import pytest
from django.apps import apps

from action_plans import solutions
from action_plans.models import Initiative
from action_plans.solutions import tag

# Every slug of the vocabulary before kinds named means only: editors' choices use them.
EARLIER_SLUGS = """operations-centre traffic-signals traffic-management smart-parking
bus-information mass-transit e-mobility bike-sharing maas autonomous-vehicles flood-warning
disaster-warning
air-quality water-quality water-supply wastewater solid-waste waste-to-energy street-lighting
renewable-energy smart-grid green-buildings low-carbon urban-greening cctv emergency-response
e-government citizen-reporting digital-payments e-tax open-data digital-twin gis-mapping
connectivity iot-sensors e-health elderly-care disease-surveillance digital-skills startup-hub
msme-digital smart-tourism heritage smart-agriculture housing-regeneration waterfront walkability
port-logistics industrial-zone new-district social-welfare digital-id accessibility
child-health""".split()


def shared(a: str, b: str) -> set[str]:
    return set(tag(a)) & set(tag(b))


def test_a_parking_app_against_congestion_shares_no_kind_with_adaptive_signals():
    parking = "A mobile app shows drivers free parking spaces, to ease traffic congestion."
    signals = "Adaptive traffic signals at 40 junctions to ease congestion downtown."
    assert "smart-parking" in tag(parking) and "traffic-signals" in tag(signals)
    assert not shared(parking, signals)


@pytest.mark.parametrize(
    "text",
    [
        "Reduce traffic congestion in the city centre.",
        "Tackle flooding in low-lying districts.",
        "Cut haze and air pollution.",
        "Less garbage in the streets.",
        "Improve public transport for commuters.",
        "Help the elderly and the poor.",
    ],
)
def test_a_problem_alone_names_no_kind(text):
    assert tag(text) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CCTV cameras on streets for public safety, watched by police.",
         "Cameras at intersections count vehicles so that the signal timing adapts."),
        ("Camera công cộng giám sát an ninh trật tự.", "Hệ thống camera giám sát giao thông."),
        ("Parking sensors tell drivers where free parking spaces are.",
         "Drivers pay parking fees by app instead of at parking meters."),
        ("An emergency hotline 112 whose operators dispatch ambulances and firefighters.",
         "A city-wide integrated operations centre pools data from all departments."),
        ("A bus rapid transit line with dedicated bus lanes.",
         "A light rail line across the city."),
        ("Sensors on garbage trucks measure PM2.5 as they drive around the city.",
         "Fixed air-quality monitoring stations in every district."),
        ("Water-level sensors send flood alerts to residents.",
         "New drainage channels and pumping stations against flooding."),
    ],
)  # fmt: skip
def test_means_that_people_tell_apart_are_different_kinds(a, b):
    assert tag(a) and tag(b)
    assert not shared(a, b)


def test_the_same_means_share_a_kind_across_languages():
    thai = "ระบบที่จอดรถอัจฉริยะแสดงช่องจอดรถว่างในใจกลางเมืองผ่านแอปพลิเคชัน"
    assert shared("Smart parking app showing free parking bays downtown.", thai)
    korean = "하천 수위 센서로 홍수를 미리 감지하여 주민에게 경보 문자를 보냅니다."
    assert "flood-warning" in shared("River level sensors send flood alerts to residents.", korean)


def test_the_word_its_is_not_an_intelligent_transport_system():
    assert tag("The city improves its drainage.") == ["drainage"]
    assert "traffic-management" in tag("An ITS for the ring road.")


def test_every_kind_is_named_in_the_networks_languages_and_earlier_slugs_stay():
    assert 40 <= len(solutions.SOLUTION_TYPES) <= 80
    assert len(solutions.BY_SLUG) == len(solutions.SOLUTION_TYPES)
    for kind in solutions.SOLUTION_TYPES:
        assert set(kind.local) >= {"ko", "ja", "zh", "th", "vi", "id"}, kind.slug
    assert set(EARLIER_SLUGS) <= set(solutions.BY_SLUG)


@pytest.mark.django_db
def test_an_editors_broad_kind_stays_and_gains_the_kinds_split_off_that_its_text_names():
    item = Initiative.objects.first()
    Initiative.objects.filter(pk=item.pk).update(
        title="Smart parking", description="Drivers pay parking fees by app.",
        solution_types=["smart-parking"],
    )  # fmt: skip
    migration = importlib.import_module("action_plans.migrations.0007_split_solution_kinds")
    migration.add_split_kinds(apps, None)
    assert Initiative.objects.get(pk=item.pk).solution_types == ["parking-payment", "smart-parking"]


def test_korean_names_match_with_or_without_spaces_inside_compounds():
    """Korean writes "조기경보" and "조기 경보" alike: a search for flood early warning in
    Korean finds the kind either way."""
    assert "disaster-warning" in tag("홍수 조기 경보 시스템")
    assert "disaster-warning" in tag("홍수 조기경보 시스템")
    assert "flood-warning" in tag("홍수 조기 경보 시스템")
