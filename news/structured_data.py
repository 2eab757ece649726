"""schema.org description of an article, for JSON-LD."""

from core.translation import shown_language
from organizations.structured_data import absolute, organization_reference, person_reference


def article(request, article):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": absolute(request, article.get_absolute_url()),
        "mainEntityOfPage": absolute(request, article.get_absolute_url()),
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.changed_at.isoformat(),
        "description": article.summary,
        # The language of the text shown, which is English where no translation exists.
        "inLanguage": shown_language(article, "body"),
        "publisher": {
            "@type": "Organization",
            "name": "CARICC",
            "url": absolute(request, "/"),
        },
        "about": [organization_reference(request, o) for o in article.mentioned_organizations()]
        + [person_reference(request, o) for o in article.mentioned_officials()],
    }
    if article.dateline:
        data["dateline"] = article.dateline
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.source:
        data["sourceOrganization"] = organization_reference(request, article.source)
        data["author"] = organization_reference(request, article.source)
    if article.source_url:
        data["isBasedOn"] = article.source_url
    if article.lead_image:
        data["image"] = absolute(request, article.lead_image_large.url)
    return data
