"""Shared argument handling of grant_role and revoke_role."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from networks.models import City, NetworkPage
from networks.services import ROLES, RoleError


class RoleCommand(BaseCommand):
    verb = "grant"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=ROLES)
        parser.add_argument("--network", help="network slug (coordinator, viewer)")
        parser.add_argument("--city", help="city slug (editor)")

    def resolve(self, options):
        User = get_user_model()
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user “{options['username']}”.")
        network = city = None
        if options["network"]:
            network = NetworkPage.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(f"No network with the slug “{options['network']}”.")
        if options["city"]:
            city = City.objects.filter(slug=options["city"]).first()
            if city is None:
                raise CommandError(f"No city with the slug “{options['city']}”.")
        return user, network, city

    def handle(self, *args, **options):
        from networks import services

        user, network, city = self.resolve(options)
        action = services.grant_role if self.verb == "grant" else services.revoke_role
        try:
            action(user=user, role=options["role"], network=network, city=city)
        except RoleError as exc:
            raise CommandError(str(exc)) from exc
        scope = network.short_name if network else city.name if city else "every network"
        done = "Granted" if self.verb == "grant" else "Revoked"
        self.stdout.write(self.style.SUCCESS(f"{done} {options['role']} ({scope}) for {user}."))
