"""The default Site takes the portal's address from WAGTAILADMIN_BASE_URL (issue 19: the
sitemap listed http://localhost/)."""

from django.conf import settings
from django.db import migrations

from core.site_url import point_default_site


def forwards(apps, schema_editor):
    point_default_site(apps.get_model("wagtailcore", "Site"), settings.WAGTAILADMIN_BASE_URL)


class Migration(migrations.Migration):
    dependencies = [("networks", "0003_membership_requests")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
