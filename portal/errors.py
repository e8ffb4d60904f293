"""The 500 page: it says what became of the error, as configured (issue 19)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader


def server_error(request: HttpRequest) -> HttpResponseServerError:
    # No request context and no base template: nothing here may need the database, which
    # may be the very thing that failed.
    html = loader.get_template("500.html").render({"admins_told": bool(settings.ADMINS)})
    return HttpResponseServerError(html)
