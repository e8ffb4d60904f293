"""The "Members and roles" screen of the Wagtail admin: one place to grant and revoke roles."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.forms import IdChoiceField
from core.params import parse_number
from networks.models import City, NetworkPage
from networks.permissions import coordinated_network_ids
from networks.selectors import role_holders
from networks.services import RoleError, grant_role, revoke_role

NETWORK_ROLES = [("coordinator", "Coordinator"), ("viewer", "Member viewer"),
                 ("editor", "City editor")]  # fmt: skip


class RoleForm(forms.Form):
    user = IdChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        error_messages={"required": "Search for a person and choose them.",
                        "invalid_choice": "Search for a person and choose them."},
    )  # fmt: skip
    # No role is chosen in advance: granting coordinator by mistake is one click away.
    role = forms.ChoiceField(choices=[("", "Choose a role"), *NETWORK_ROLES],
                             error_messages={"required": "Choose a role."})  # fmt: skip
    city = IdChoiceField(queryset=City.objects.none(), required=False, empty_label="—")

    def __init__(self, *args, network: NetworkPage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.filter(memberships__network=network)

    def clean(self):
        data = super().clean()
        if data.get("role") == "editor" and not data.get("city"):
            self.add_error("city", "A city editor needs a city.")
        return data


def _network_for(request: HttpRequest, slug: str) -> NetworkPage:
    network = get_object_or_404(NetworkPage, slug=slug)
    if network.pk not in coordinated_network_ids(request.user):
        raise Http404("No such network")
    return network


def index(request: HttpRequest) -> HttpResponse:
    networks = NetworkPage.objects.filter(pk__in=coordinated_network_ids(request.user))
    if not networks:
        raise Http404("You coordinate no network")
    if len(networks) == 1:
        return redirect("network_roles", slug=networks[0].slug)
    return render(request, "networks/admin/roles_index.html", {"networks": networks})


def find_users(query: str, *, limit: int = 20):
    """Active users whose username, name or email contains ``query`` (two characters or more)."""
    query = query.strip()[:100]
    if len(query) < 2:
        return []
    match = (
        Q(username__icontains=query) | Q(first_name__icontains=query)
        | Q(last_name__icontains=query) | Q(email__icontains=query)
    )  # fmt: skip
    return list(get_user_model().objects.filter(match, is_active=True).order_by("username")[:limit])


def network_roles(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug)
    form = RoleForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant_role(user=data["user"], role=data["role"], network=network,
                       city=data.get("city"), by=request.user)  # fmt: skip
        except RoleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{data['user']} is now {data['role']}.")
            return redirect("network_roles", slug=slug)
    status = 400 if request.method == "POST" else 200
    query = request.GET.get("q", "")
    found = find_users(query)
    if form.is_bound and form.data.get("user"):
        chosen = parse_number(form.data.get("user"))
        found += [u for u in get_user_model().objects.filter(pk=chosen or 0) if u not in found]
    context = {
        "network": network, "form": form, "holders": role_holders(network=network),
        "query": query, "found": found, "chosen": str(form.data.get("user", "")),
    }  # fmt: skip
    return render(request, "networks/admin/roles.html", context, status=status)


@require_POST
def revoke(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug)
    user = get_user_model().objects.filter(username=request.POST.get("username", "")).first()
    role = request.POST.get("role", "")
    city = None
    if role == "editor":
        city = City.objects.filter(
            pk=parse_number(request.POST.get("city")) or 0, memberships__network=network
        ).first()
    if user is None or role not in dict(NETWORK_ROLES) or (role == "editor" and city is None):
        messages.error(request, "Nothing revoked: unknown user, role or city.")
        return redirect("network_roles", slug=slug)
    if user == request.user and role == "coordinator" and request.POST.get("confirm") != "yes":
        # Revoking one's own coordinator role shuts oneself out of this screen: ask first.
        return render(request, "networks/admin/revoke_own_role.html",
                      {"network": network, "role": role})  # fmt: skip
    try:
        revoke_role(user=user, role=role, network=network, city=city, by=request.user)
    except RoleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Revoked {role} from {user}.")
    return redirect("network_roles", slug=slug)
