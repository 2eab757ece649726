"""Admin behaviour shared by the apps' model admins."""

from django.utils.translation import gettext
from js_asset import Media, Script


class LanguageTabsAdmin:
    """For a modeltranslation TranslationAdmin: the per-language fields are shown one
    language at a time, chosen above the form (core/admin/language-tabs.js), with
    headline and name boxes wide enough to read."""

    @property
    def media(self):
        return super().media + Media(
            css={"all": ["core/admin/forms.css"]},
            js=[
                Script(
                    "core/admin/language-tabs.js",
                    **{"data-label": gettext("Language of the text")},
                )
            ],
        )


class AnyLanguageAdmin(LanguageTabsAdmin):
    """The fields named in `any_language_fields` may be written in whichever language
    the editor writes in, not necessarily English; the model's clean() requires at
    least one (core.translation.require_in_some_language)."""

    any_language_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if field is not None and original is not None and original.name in self.any_language_fields:
            field.required = False
        return field
