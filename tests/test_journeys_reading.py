"""Reading the overlaps of a network (issue 17): a matrix with readable figures, names in view,
sorting and a ranked list for phones; maps with country outlines and readable names."""

import re

import pytest
from django.contrib.staticfiles import finders

from networks.models import City

pytestmark = pytest.mark.django_db


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_every_matrix_figure_meets_wcag_aa_contrast(client):
    css = open(finders.find("css/portal.css"), encoding="utf-8").read()
    html = client.get("/ascn/overlaps/").content.decode()
    steps = set(re.findall(r'<td class="hot heat-(\d)">', html))
    assert steps and len(re.findall(r'<td class="hot', html)) == len(
        re.findall(r'<td class="hot heat-\d">', html)
    )
    for step in steps:
        rule = re.search(rf"\.heat-{step} {{ background:(#\w{{6}}); color:(#\w{{6}}); }}", css)
        assert rule, step
        assert contrast(*rule.groups()) >= 4.5, (step, rule.groups())
    muted = re.search(r"\.matrix td\.zero, \.matrix td\.self { color:(#\w{6}); }", css).group(1)
    assert contrast(muted, "#ffffff") >= 4.5


def row_names(html: str) -> list[str]:
    table = html[html.index('class="table matrix"') : html.index("</table>")]
    return re.findall(r'<th scope="row"><a href="\?city=[^"]+#pairs">([^<]+)</a>', table)


def test_the_matrix_sorts_by_count_and_lists_ranked_pairs_for_phones(client):
    by_name = row_names(client.get("/ascn/overlaps/").content.decode())
    assert by_name == sorted(by_name)
    html = client.get("/ascn/overlaps/?order=count").content.decode()
    by_count = row_names(html)
    totals = [int(t) for t in re.findall(r'</a> <span class="meta">\((\d+)\)</span></th>', html)]
    assert sorted(by_count) == sorted(by_name) and totals == sorted(totals, reverse=True)
    assert by_count != by_name
    ranking = html[html.index('class="pair-ranking"') :]
    counts = [int(n) for n in re.findall(r'<span class="count heat-\d">(\d+)</span>', ranking)]
    assert counts and counts == sorted(counts, reverse=True)
    assert client.get("/ascn/overlaps/?order=nonsense").status_code == 400


def test_the_network_map_draws_countries_and_names_its_cities(client):
    html = client.get("/ascn/").content.decode()
    svg = html[html.index('<figure class="city-map">') : html.index("</figure>")]
    assert svg.count("<path ") >= 8  # the ASEAN countries and their neighbours
    assert "<title>Thailand</title>" in svg and "<title>Indonesia</title>" in svg
    labels = re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)"[^>]*>([^<]+)</text>', svg
    )
    assert len(labels) >= 15 and "Bangkok" in {name for *_, name in labels}
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_city_page_shows_its_place_not_raw_coordinates(client):
    city = City.objects.get(name="Bangkok")
    html = client.get("/cities/bangkok/").content.decode()
    main = html[html.index("<main") :]
    assert f"{city.latitude}, {city.longitude}" not in main and str(city.latitude) not in main
    assert "Thailand" in main and '<figure class="city-map">' in main


def test_curation_notes_stay_with_the_networks_members_unless_marked_public(client, client_for):
    from tests.test_journeys_broken import make_pair

    pair = make_pair()
    coordinator = client_for("ascn-coordinator")
    url = f"/overlaps/{pair.pk}/curate/"
    note = "The mayors meet in August; keep it quiet."
    data = {"state": "confirmed", "note": note, "next": "/ascn/overlaps/"}
    assert coordinator.post(url, data).status_code == 302
    page = f"/ascn/overlaps/?state=confirmed&city={pair.a.plan.city.slug}#pairs"
    assert note not in client.get(page).content.decode()
    assert note not in client.get("/ascn/overlaps/export/csv/").content.decode("utf-8-sig")
    assert note not in client.get("/ascn/overlaps/export/report/").content.decode()
    assert note in client_for("ascn-viewer").get(page).content.decode()
    assert note in client_for("ascn-viewer").get("/ascn/overlaps/export/csv/").content.decode()
    coordinator.post(url, {**data, "note_public": "1"})
    assert note in client.get(page).content.decode()


def test_the_meeting_report_lists_the_strongest_suggested_pairs_to_consider(client):
    from django.contrib.auth.models import AnonymousUser

    from networks.models import NetworkPage
    from search.selectors import overlap_list

    ascn = NetworkPage.objects.get(slug="ascn")
    strongest = overlap_list(user=AnonymousUser(), network=ascn, states=["suggested"]).first()
    html = client.get("/ascn/overlaps/export/report/").content.decode()
    section = html[html.index("The strongest suggested pairs to consider") :]
    section = section[: section.index("<h2>")]
    assert strongest.a.title in section or strongest.b.title in section
    assert section.count("<tr>") >= 6


def test_the_message_after_confirm_stays_in_view(client_for):
    from tests.test_journeys_broken import make_pair

    pair = make_pair()
    coordinator = client_for("ascn-coordinator")
    target = f"/ascn/overlaps/#pair-{pair.pk}"
    data = {"state": "confirmed", "note": "", "next": target}
    response = coordinator.post(f"/overlaps/{pair.pk}/curate/", data, follow=True)
    html = response.content.decode()
    toast = html[html.index('<div class="toast" role="status">') :]
    assert "Confirmed" in toast[: toast.index("</div>")]
    css = open(finders.find("css/portal.css"), encoding="utf-8").read()
    assert re.search(r"\.toast \{ position:fixed;", css)
