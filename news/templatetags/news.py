"""The news beside other pages: what mentions an organization or official, and its feeds."""

from django import template

from core.cache import depends_also_on
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
