from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode

from core.addresses import absolute_url
from core.params import whole_number


def canonical_path(request):
    """The path search engines should index for this page: no filters, but its page."""
    path = "/" + request.path.lstrip("/")
    page = whole_number(request.GET.get("page"))
    if page and page > 1:
        path += f"?page={page}"
    return path


def canonical_url(request):
    return {"canonical_url": absolute_url(request, canonical_path(request))}


def language_offer(request):
    """On an English page, a reader whose browser prefers Russian or Kazakh, and who has not
    chosen a language yet, is offered the page in it (in that language)."""
    if translation.get_language() != settings.LANGUAGE_CODE:
        return {}
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return {}
    preferred = translation.get_language_from_request(request, check_path=False)
    if preferred == settings.LANGUAGE_CODE or preferred not in dict(settings.LANGUAGES):
        return {}
    url = reverse("choose-language", args=[preferred])
    with translation.override(preferred):
        text = translation.gettext("Read this page in your language")
    here = "/" + request.get_full_path().lstrip("/")
    return {
        "language_offer": {
            "code": preferred,
            "text": text,
            "url": f"{url}?{urlencode({'next': here})}",
        }
    }


def languages(request):
    """This page in each language the site speaks: for the switcher (keeping the reader's
    filters) and for hreflang links (the canonical address in each language)."""
    current = translation.get_language()
    # A path may start with two slashes; as a link that would name another host.
    here = "/" + request.get_full_path().lstrip("/")
    canonical = canonical_path(request)
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": f"{reverse('choose-language', args=[code])}?{urlencode({'next': here})}",
                "absolute_url": absolute_url(request, translate_url(canonical, code)),
                "current": code == current,
            }
        )
    default = next(link for link in links if link["code"] == settings.LANGUAGE_CODE)
    return {"language_links": links, "default_language_url": default["absolute_url"]}
