"""The news beside other pages: what mentions an organization or official, and its feeds."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.cache import depends_also_on
from core.partial_dates import calendar_date
from core.templatetags.site import in_its_language, link
from core.translation import shown
from news import cache_tags as news_tags
from news.models import Article

register = template.Library()

RECENT_NEWS_COUNT = 10


@register.inclusion_tag("news/includes/recent_news.html", takes_context=True)
def recent_news(context, subject):
    """The latest published articles mentioning an organization or official, and how many."""
    mention = subject._meta.model_name
    if request := getattr(context, "request", None):
        depends_also_on(request, news_tags.mentions_of(subject))
    articles = Article.objects.published().mentioning(**{mention: subject})
    return {
        "subject": subject,
        "filter_name": mention,
        "recent_articles": articles.select_related("source")[:RECENT_NEWS_COUNT],
        "article_count": articles.count(),
    }


@register.inclusion_tag("news/includes/mentions_feed_links.html")
def mentions_feed_links(subject):
    """<link rel="alternate"> to the feeds of the news that mentions an entry of the register."""
    mention = subject._meta.model_name
    return {"subject": subject, "feed": f"news:{mention}-feed"}


# A teaser and its meta line are made here rather than in templates: a list shows dozens,
# and the template engine spent more time on each than the page spent on its queries.
TEASER = (
    '<article class="teaser">\n'
    '  <h{level} class="teaser-title" lang="{language}"><a href="{url}">{title}</a></h{level}>\n'
    "  {meta}\n"
    "  {text}\n"
    "</article>"
)


@register.simple_tag
def article_teaser(article, level=2, snippet=""):
    """An article in a list: its headline linked, its meta line, and the search snippet
    that matched or else its summary, each saying the language it is shown in."""
    language, title = shown(article, "title")
    if snippet:
        text = format_html('<p class="snippet">{}</p>', snippet)
    elif article.summary:
        text = format_html('<p lang="{}">{}</p>', *shown(article, "summary"))
    else:
        text = ""
    return format_html(
        TEASER,
        level=level,
        language=language,
        url=article.get_absolute_url(),
        title=title,
        meta=article_meta(article),
        text=text,
    )


@register.simple_tag
def article_meta(article, link_source=False):
    """Where and when an article was published, and by whom: "Astana · 5 July 2023 · Kazinform"."""
    parts = []
    if article.dateline:
        parts.append(format_html('<span class="dateline">{}</span>', article.dateline))
    if article.published_at:
        moment = timezone.localtime(article.published_at)
        parts.append(
            format_html(
                '<time datetime="{}">{}</time>', moment.isoformat(), calendar_date(moment.date())
            )
        )
    if article.source:
        source = link if link_source else in_its_language
        parts.append(source(article.source, "short_name"))
    return format_html('<p class="meta">{}</p>', mark_safe(" · ".join(parts)))
