"""Revision history: every change kept, deletions recoverable, whoever made them."""

import reversion
from django.db import transaction


def delete_keeping_copy(objects, user, comment):
    """Delete objects after saving a revision of them (and what they follow) for recovery."""
    objects = list(objects)
    with transaction.atomic():
        with reversion.create_revision():
            for obj in objects:
                reversion.add_to_revision(obj)
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(comment)
        for obj in objects:
            obj.delete()
