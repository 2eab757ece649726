from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from core.params import whole_number


def canonical_url(request):
    """The address search engines should index for this page: no filters, but its page."""
    url = request.build_absolute_uri(request.path)
    page = whole_number(request.GET.get("page"))
    if page and page > 1:
        url += f"?page={page}"
    return {"canonical_url": url}


def languages(request):
    """This page in each language the site speaks, for the switcher and hreflang links."""
    current = translation.get_language()
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return {"language_links": links}
