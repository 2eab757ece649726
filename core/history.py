"""Revision history: every change kept, deletions recoverable, whoever made them."""

import reversion
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db import transaction
from django.utils.translation import gettext
from reversion_compare.admin import CompareVersionAdmin

from .params import whole_number


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


class BoundedDateChangeList(ChangeList):
    """The date drill-down takes years that have a UTC equivalent; others are a bad lookup."""

    def get_filters(self, request):
        if self.date_hierarchy:
            raw = request.GET.get(f"{self.date_hierarchy}__year")
            year = whole_number(raw)
            if raw is not None and (year is None or not 2 <= year <= 9998):
                raise IncorrectLookupParameters(f"{self.date_hierarchy}__year")
        return super().get_filters(request)


class BoundedDatesMixin:
    """For every admin with a date drill-down: see BoundedDateChangeList."""

    def get_changelist(self, request, **kwargs):
        return BoundedDateChangeList


def may_revert(user, version):
    """Whether `user` may put this version's object back as it was: change it, or add it
    again if it is gone, and whatever the object's own rule says (may_be_changed_by)."""
    model = version._model
    opts = model._meta
    current = model._default_manager.filter(pk=version.object_id).first()
    action = "change" if current is not None else "add"
    if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        return False
    rule = getattr(current, "may_be_changed_by", None)
    return rule is None or rule(user)


class HistoryAdmin(BoundedDatesMixin, CompareVersionAdmin):
    """History, comparison, restore and recovery of deleted objects for every content model.

    A revert puts back the whole revision (with what it follows, deleting what was added
    since) only for someone who may change everything in it; anyone else reverts the one
    object they opened, and nothing else.
    """

    history_latest_first = True

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        revision = version.revision
        if not all(may_revert(request.user, v) for v in revision.version_set.all()):
            # reversion's view reverts version.revision; this revision reverts one version.
            revision.revert = lambda delete=False: version.revert()
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def delete_model(self, request, obj):
        delete_keeping_copy([obj], request.user, gettext("Deleted."))

    def delete_queryset(self, request, queryset):
        delete_keeping_copy(queryset, request.user, gettext("Deleted."))
