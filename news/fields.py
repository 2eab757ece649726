from django.db import models

from core.translation import translated_fields

from .html import sanitize_body


class SanitizedHTMLField(models.TextField):
    """HTML that is sanitised on every save, raw ones (loaddata) included."""

    def pre_save(self, model_instance, add):
        if self.name in translated_fields() and not hasattr(self, "translated_field"):
            # The original of a field kept per language: its columns (body_en, body_ru,
            # ...) sanitise themselves. Writing through the original would copy the text
            # shown as a fallback into the active language's column.
            return super().pre_save(model_instance, add)
        value = sanitize_body(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        # Fixtures are saved raw, skipping pre_save(); this hook still runs for them.
        return super().get_db_prep_save(sanitize_body(value), connection)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
