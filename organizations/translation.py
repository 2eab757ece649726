from modeltranslation.translator import TranslationOptions, register

from .models import Official, Organization, Position


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Official)
class OfficialTranslationOptions(TranslationOptions):
    fields = ("name", "biography")


@register(Position)
class PositionTranslationOptions(TranslationOptions):
    fields = ("title",)
