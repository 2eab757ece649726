from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Make sure a local editor account exists, in the Editors group, and say how to log in. "
        "For development only: it refuses to run with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="editor")
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, username, password, url, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_editor creates a known password; it runs only with DEBUG on."
            )
        try:
            editors = Group.objects.get(name="Editors")
        except Group.DoesNotExist:
            raise CommandError("The Editors group is missing: run migrate first.") from None
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_staff": True}
        )
        if created:
            user.set_password(password)
            user.save()
        elif not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(editors)
        if created:
            self.stdout.write(f"Editor account created. Log in at {url} as {username} / {password}")
        else:
            self.stdout.write(
                f"Editor account {username!r} exists (password unchanged). Log in at {url}"
            )
