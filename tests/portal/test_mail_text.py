"""Plain-text mail shows text as typed, no HTML entities (issue 19: ``O&#x27;Brien``)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string

from action_plans.models import Initiative
from networks.models import City
from progress.models import MonitoringRound
from search.alerts import send_alerts
from search.models import Overlap, OverlapAlert

pytestmark = pytest.mark.django_db
TITLE = 'O\'Brien "Q" & <Partners>'


def test_alert_email_shows_titles_as_typed():
    pair = Overlap.objects.select_related("a", "b").first()
    Initiative.objects.filter(pk__in=[pair.a_id, pair.b_id]).update(title=TITLE)
    user = get_user_model().objects.get(username="bangkok-editor")
    OverlapAlert.objects.create(user=user, overlap=pair, followed=pair.a)
    mail.outbox.clear()
    assert send_alerts() == 1
    body = mail.outbox[0].body
    assert f"- {TITLE} (" in body and f'overlaps your "{TITLE}"' in body
    assert "&#x27;" not in body and "&quot;" not in body and "&amp;" not in body


def test_round_email_shows_the_message_as_typed():
    round_ = MonitoringRound.objects.filter(network__slug="ascn").first()
    round_.message = TITLE
    body = render_to_string("progress/round_email.txt", {
        "user": get_user_model().objects.get(username="bangkok-editor"), "kind": "invitation",
        "city": City.objects.get(name="Bangkok"), "round": round_, "base_url": "http://x",
    })  # fmt: skip
    assert TITLE in body and "&amp;" not in body
