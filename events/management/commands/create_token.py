from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from events.models import ApiToken
from events.services.tokens import token_create


class Command(BaseCommand):
    help = "Create an API token for a user and print its key (shown once; only a hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", required=True, help="what the token is for")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        parser.add_argument("--days", type=int, default=None, help="expire after this many days (default: never)")

    def handle(self, *args, user, name, scope, days, **options):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"no user named {user!r}")
        token, key = token_create(user=owner, name=name, scope=scope, days=days)
        self.stdout.write(f"create_token: {scope} token {token.prefix}… for {user}: {key}")
