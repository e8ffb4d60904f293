"""Maps of a network's member cities, drawn on the server as SVG: country outlines from Natural
Earth (npm ``world-atlas``, copied into ``portal/static/vendor/`` by ``scripts/build-frontend``)
in an equirectangular projection fitted to the cities, with readable, non-overlapping names."""

import hashlib
import json
from functools import lru_cache

from django.conf import settings

ATLAS = settings.BASE_DIR / "portal" / "static" / "vendor" / "countries-50m.json"
LABEL_FONT_PX = 11
CHAR_PX = 6.2  # average width of a character at LABEL_FONT_PX in the portal's sans-serif


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


@lru_cache(maxsize=1)
def countries() -> list[dict]:
    """Every country: name, rings of (longitude, latitude) and bounding box."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        found.append({"name": geometry.get("properties", {}).get("name", ""), "rings": rings,
                      "bbox": (min(lons), min(lats), max(lons), max(lats))})  # fmt: skip
    return found


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def network_map(cities, *, width: int = 640, height: int = 420, pad: int = 28) -> dict:
    """``_network_map``, cached: the outlines take a moment to cut."""
    from django.core.cache import cache

    cities = [c for c in cities if c.latitude is not None and c.longitude is not None]
    token = repr([(c.slug, str(c.latitude), str(c.longitude), c.population) for c in cities])
    key = f"network-map:{width}x{height}:{pad}:" + hashlib.sha1(token.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _network_map(cities, width=width, height=height, pad=pad)
        cache.set(key, found, 24 * 3600)
    return found


def _network_map(cities, *, width: int, height: int, pad: int) -> dict:
    """Points, labels and country paths for ``cities`` (those with coordinates), fitted to
    their extent with a margin; labels that would overlap a placed one are left out (the city
    still has its dot, its tooltip and its row in the table)."""
    cities = [c for c in cities if c.latitude is not None and c.longitude is not None]
    if not cities:
        return {"points": [], "countries": [], "width": width, "height": height}
    lats = [float(c.latitude) for c in cities]
    lons = [float(c.longitude) for c in cities]
    span = max(max(lons) - min(lons), max(lats) - min(lats), 4.0)
    scale = min((width - 2 * pad) / span, (height - 2 * pad) / span)
    # Centre the cities in the box.
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    west, north = cx - (width / 2) / scale, cy + (height / 2) / scale
    east, south = cx + (width / 2) / scale, cy - (height / 2) / scale

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * scale, 1), round((north - lat) * scale, 1)

    shapes = []
    for country in countries():
        w, s, e, n = country["bbox"]
        if e < west or w > east or n < south or s > north:
            continue
        parts = []
        for ring in country["rings"]:
            last, path = None, []
            for lon, lat in ring:
                x, y = project(lon, lat)
                # Clamped to just outside the box: what shows inside stays exact, and the
                # rest of the country costs a few points instead of thousands.
                point = (min(max(x, -4.0), width + 4.0), min(max(y, -4.0), height + 4.0))
                if last is None or abs(point[0] - last[0]) + abs(point[1] - last[1]) >= 1.2:
                    path.append(point)
                    last = point
            if len(path) >= 3:
                parts.append("M" + "L".join(f"{x},{y}" for x, y in path) + "Z")
        if parts:
            shapes.append({"name": country["name"], "d": "".join(parts)})

    points = [{"name": c.name, "slug": c.slug, "xy": project(float(c.longitude),
               float(c.latitude))} for c in cities]  # fmt: skip
    placed = [(x - 5, y - 5, x + 5, y + 5) for x, y in (p["xy"] for p in points)]
    # Names in order of importance (the larger cities first), each at the first free spot.
    order = sorted(range(len(cities)), key=lambda i: -(cities[i].population or 0))
    for i in order:
        point, (x, y) = points[i], points[i]["xy"]
        w, h = len(point["name"]) * CHAR_PX, LABEL_FONT_PX + 2
        spots = [(x + 8, y + 4, "start"), (x - 8, y + 4, "end"),
                 (x, y - 9, "middle"), (x, y + 17, "middle")]  # fmt: skip
        for lx, ly, anchor in spots:
            left = {"start": lx, "end": lx - w, "middle": lx - w / 2}[anchor]
            box = (left, ly - h + 2, left + w, ly + 2)
            if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
                continue
            own = (x - 5, y - 5, x + 5, y + 5)
            if not any(_overlaps(box, other) for other in placed if other != own):
                placed.append(box)
                point["label"] = {"x": round(lx, 1), "y": round(ly, 1), "anchor": anchor}
                break
        point["x"], point["y"] = x, y
    return {"points": points, "countries": shapes, "width": width, "height": height}


def place_name(city) -> str:
    """Where a city is, in words: its country, read from the map's outlines when the city's
    country field is empty."""
    if city.country:
        return city.country
    if city.latitude is None:
        return ""
    lon, lat = float(city.longitude), float(city.latitude)
    for country in countries():
        w, s, e, n = country["bbox"]
        if w <= lon <= e and s <= lat <= n and any(_inside(lon, lat, r) for r in country["rings"]):
            return country["name"]
    return ""


def _inside(x: float, y: float, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside
