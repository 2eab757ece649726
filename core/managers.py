from django.db import models


class SlugNaturalKeyManager(models.Manager):
    """Objects named by their slug in fixtures and backups (natural keys)."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
