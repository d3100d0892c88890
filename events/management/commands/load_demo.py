from django.core.management.base import BaseCommand, CommandError

from events.services import demo_load


class Command(BaseCommand):
    help = "Load the demo article with its confirmed events and the demo logins. Safe to repeat."

    def handle(self, *args, **options):
        try:
            result = demo_load()
        except RuntimeError as error:
            raise CommandError(str(error))
        editor, analyst = result["editor"], result["analyst"]
        self.stdout.write(
            f"load_demo: {result['events_created']} demo events created; "
            f"editor login {editor[0]} / {editor[1]}, analyst login {analyst[0]} / {analyst[1]}"
        )
