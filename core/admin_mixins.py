"""Admin behaviour shared by the apps' model admins."""


class AnyLanguageAdmin:
    """For a modeltranslation TranslationAdmin: the fields named in `any_language_fields`
    may be written in whichever language the editor writes in, not necessarily English;
    the model's clean() requires at least one (core.translation.require_in_some_language)."""

    any_language_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if field is not None and original is not None and original.name in self.any_language_fields:
            field.required = False
        return field
