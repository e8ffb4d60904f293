from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from wagtail.models import APIToken

from portal.params import parse_number


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The account's personal API tokens: create one (its key is shown once) or revoke one."""
    new_key = ""
    status = 200
    if request.method == "POST":
        if "revoke" in request.POST:
            if (number := parse_number(request.POST["revoke"])) is None:
                messages.error(request, "No such token.")
                return redirect("api_tokens")
            APIToken.objects.filter(user=request.user, pk=number).update(revoked_at=timezone.now())
            messages.success(request, "Token revoked.")
            return redirect("api_tokens")
        name = request.POST.get("name", "").strip()
        if not name or len(name) > 80:
            messages.error(request, "Give the token a name of at most 80 characters.")
            status = 400
        else:
            _, new_key = APIToken.create_token(user=request.user, name=name)
    context = {
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),
        "new_key": new_key,
    }
    return render(request, "api/tokens.html", context, status=status)
