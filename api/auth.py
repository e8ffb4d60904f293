"""Who is calling: a personal token (Wagtail's APIToken, ``Authorization: Bearer …``), else
the site's session, else nobody."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import SessionAuth as NinjaSessionAuth
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


class WriteTokenAuth(BearerTokenAuth):
    """A token that may write: a read token is refused with a 403 that says why."""

    def authenticate(self, request, token: str):
        from ninja.errors import HttpError

        from api.models import TokenScope, token_scope

        api_token = super().authenticate(request, token)
        if api_token is not None and token_scope(api_token) != TokenScope.Scope.WRITE:
            raise HttpError(403, "This token may only read: create a token with the write scope.")
        return api_token


class SessionAuth(NinjaSessionAuth):
    """The site's session, CSRF-checked only when there is a signed-in user: an anonymous
    call gets the documented 401 "Authentication required.", not "CSRF check Failed"."""

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)


session_auth = SessionAuth()
