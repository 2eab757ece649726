"""Revision history: every change kept, deletions recoverable, whoever made them."""

import reversion
from django.db import transaction
from django.utils.translation import gettext
from reversion_compare.admin import CompareVersionAdmin


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


class HistoryAdmin(CompareVersionAdmin):
    """History, comparison, restore and recovery of deleted objects for every content model."""

    history_latest_first = True

    def delete_model(self, request, obj):
        delete_keeping_copy([obj], request.user, gettext("Deleted."))

    def delete_queryset(self, request, queryset):
        delete_keeping_copy(queryset, request.user, gettext("Deleted."))
