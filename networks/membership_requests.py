"""Asking to join a members-only network: a signed-in outsider sends a request from the
network's door page; its coordinators approve (the member viewer role) or decline it in the
admin. Every step is in the audit log."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from networks.models import MembershipRequest, NetworkPage
from networks.permissions import can_view_network
from networks.services import grant_role


class RequestError(ValueError):
    pass


def pending_request(*, user, network: NetworkPage) -> MembershipRequest | None:
    return MembershipRequest.objects.filter(
        user=user, network=network, status=MembershipRequest.Status.PENDING
    ).first()


@transaction.atomic
def request_membership(
    *, user, network: NetworkPage, organisation: str, message: str = ""
) -> MembershipRequest:
    if can_view_network(user, network):
        raise RequestError("You can already read this network.")
    if pending_request(user=user, network=network):
        raise RequestError("Your request is already waiting for the coordinators.")
    organisation = organisation.strip()
    if not organisation or len(organisation) > 200 or len(message) > 2000:
        raise RequestError("Name your city or organisation (at most 200 characters) and keep "
                           "the message under 2,000 characters.")  # fmt: skip
    request = MembershipRequest.objects.create(
        user=user, network=network, organisation=organisation, message=message.strip()
    )
    log(instance=request, action="portal.membership_requested", user=user,
        data={"network": network.short_name, "organisation": organisation})  # fmt: skip
    return request


@transaction.atomic
def decide_membership_request(*, request: MembershipRequest, approve: bool, by) -> None:
    """Approve (the requester becomes a member viewer of the network) or decline."""
    if request.status != MembershipRequest.Status.PENDING:
        raise RequestError("This request has been decided already.")
    request.status = (
        MembershipRequest.Status.APPROVED if approve else MembershipRequest.Status.DECLINED
    )
    request.decided_by, request.decided_at = by, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        grant_role(user=request.user, role="viewer", network=request.network, by=by)
    action = "portal.membership_approved" if approve else "portal.membership_declined"
    log(instance=request, action=action, user=by,
        data={"network": request.network.short_name, "user": request.user.username})  # fmt: skip
