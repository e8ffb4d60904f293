"""Time zones an event editor chooses from: the current, canonical zones of the IANA database
(``zone.tab``: one per region of each country, no obsolete aliases such as "Asia/Saigon"),
and the zone of a city, read from its coordinates and country."""

import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

SYSTEM_TAB = Path("/usr/share/zoneinfo/zone.tab")


def _zone_tab() -> str:
    try:
        return (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return SYSTEM_TAB.read_text(encoding="utf-8")


def _degrees(text: str) -> float:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    if len(digits) in (4, 5):  # DDMM or DDDMM
        whole, minutes, seconds = digits[:-2], digits[-2:], "0"
    else:  # DDMMSS or DDDMMSS
        whole, minutes, seconds = digits[:-4], digits[-4:-2], digits[-2:]
    return sign * (int(whole) + int(minutes) / 60 + int(seconds) / 3600)


@lru_cache(maxsize=1)
def zones() -> list[dict]:
    """Each canonical zone: name, country code, country name, latitude, longitude."""
    found = []
    for line in _zone_tab().splitlines():
        if not line or line.startswith("#"):
            continue
        code, coordinates, name, *_ = line.split("\t")
        lat, lon = re.match(r"([+-]\d+)([+-]\d+)", coordinates).groups()
        country = pycountry.countries.get(alpha_2=code)
        found.append({"name": name, "code": code, "country": getattr(country, "name", code),
                      "lat": _degrees(lat), "lon": _degrees(lon)})  # fmt: skip
    return found


def zone_choices(*, current: str = "") -> list[tuple[str, str]]:
    """(zone, "Country — City") choices, by country; UTC first; ``current`` kept when it is an
    older name so that an existing event still validates."""
    choices = [("UTC", "UTC (no local time)")]
    for zone in sorted(zones(), key=lambda z: (z["country"], z["name"])):
        place = zone["name"].rsplit("/", 1)[-1].replace("_", " ")
        choices.append((zone["name"], f"{zone['country']} — {place}"))
    if current and current not in {value for value, _ in choices}:
        choices.append((current, current))
    return choices


def _country_code(country: str) -> str | None:
    if not country:
        return None
    tries = [country]
    if match := re.fullmatch(r"(.+?) of (.+)", country.strip()):
        tries.append(f"{match[2]}, {match[1]} of")  # "Republic of Korea": "Korea, Republic of"
    for name in tries:
        try:
            return pycountry.countries.lookup(name).alpha_2
        except LookupError:
            continue
    matches = pycountry.countries.search_fuzzy(country) if len(country) > 3 else []
    return matches[0].alpha_2 if matches else None


def zone_for_city(city) -> str | None:
    """The canonical zone nearest to the city within its country (any country when the
    country is unknown); None without coordinates or country."""
    code = None
    try:
        code = _country_code(city.country)
    except LookupError:
        code = None
    candidates = [z for z in zones() if code and z["code"] == code]
    if city.latitude is None or city.longitude is None:
        return candidates[0]["name"] if len(candidates) == 1 else None
    candidates = candidates or zones()
    lat, lon = float(city.latitude), float(city.longitude)

    def distance(zone: dict) -> float:
        dlon = math.radians(zone["lon"] - lon)
        a, b = math.radians(lat), math.radians(zone["lat"])
        return math.acos(max(-1.0, min(1.0, math.sin(a) * math.sin(b)
                                       + math.cos(a) * math.cos(b) * math.cos(dlon))))  # fmt: skip

    return min(candidates, key=distance)["name"]
