from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from wagtail.models import APIToken

from api.models import TokenScope
from core.params import parse_number
from events.feed_keys import FeedKey


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The account's personal API tokens (read or write; a key is shown once) and calendar
    keys (feed-only); create or revoke either."""
    new_key, new_scope, new_feed_key = "", "", ""
    status = 200
    if request.method == "POST":
        for field, model, label in (("revoke", APIToken, "Token"),
                                    ("revoke_feed", FeedKey, "Calendar key")):  # fmt: skip
            if field in request.POST:
                if (number := parse_number(request.POST[field])) is None:
                    messages.error(request, f"No such {label.lower()}.")
                    return redirect("api_tokens")
                model.objects.filter(user=request.user, pk=number).update(revoked_at=timezone.now())
                messages.success(request, f"{label} revoked.")
                return redirect("api_tokens")
        if "feed_key" in request.POST:
            _, new_feed_key = FeedKey.create_key(user=request.user)
        else:
            name = request.POST.get("name", "").strip()
            scope = request.POST.get("scope", TokenScope.Scope.READ)
            if not name or len(name) > 80:
                messages.error(request, "Give the token a name of at most 80 characters.")
                status = 400
            elif scope not in TokenScope.Scope.values:
                messages.error(request, "Choose the token's scope: read or write.")
                status = 400
            else:
                token, new_key = APIToken.create_token(user=request.user, name=name)
                TokenScope.objects.create(token=token, scope=scope)
                new_scope = scope
    tokens = request.user.api_tokens.filter(revoked_at__isnull=True).select_related("scope")
    context = {
        "tokens": tokens,
        "scopes": TokenScope.Scope.choices,
        "new_key": new_key,
        "new_scope": new_scope,
        "feed_keys": request.user.feed_keys.filter(revoked_at__isnull=True),
        "new_feed_key": new_feed_key,
        "base_url": request.build_absolute_uri("/").rstrip("/"),
    }
    return render(request, "api/tokens.html", context, status=status)
