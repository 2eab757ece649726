import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    # API throttling counts requests in the cache; each test starts with none.
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _english_to_start():
    # A request in another language leaves that language active in the test's thread.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def seed(db):
    call_command("loaddata", "caricc", verbosity=0)


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw-editor-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw-root-1")
    client.force_login(user)
    return client


@pytest.fixture
def low_limits(settings):
    """API request limits low enough to reach in a test."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "2/minute",
            "partner": "5/minute",
            "user": "5/minute",
            "wrong-key": "3/minute",
        },
    }
