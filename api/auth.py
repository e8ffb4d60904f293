"""Who is calling: a personal token (Wagtail's APIToken, ``Authorization: Bearer …``), else
the site's session, else nobody."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from wagtail.api.v3.auth import BearerTokenAuth


class InvalidToken(Exception):
    pass


def caller(request: HttpRequest):
    """The user behind the request; a bad or revoked token is refused, never anonymous."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        if BearerTokenAuth().authenticate(request, header[7:].strip()) is None:
            raise InvalidToken
        return request.user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else AnonymousUser()
