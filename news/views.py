from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, MonthArchiveView, YearArchiveView
from django_filters.views import FilterView

from core.cache import DependsOn, depends_also_on
from core.pagination import ForgivingPaginationMixin
from core.slugs import FormerSlugRedirectMixin

from . import cache_tags as news_tags
from . import structured_data
from .filters import NewsFilter
from .models import Article


class ArticleListView(ForgivingPaginationMixin, FilterView):
    """Published news, newest first, filtered by what the reader chose."""

    filterset_class = NewsFilter
    template_name = "news/article_list.html"
    paginate_by = 20
    extra_context = {"section": "news"}

    def get_queryset(self):
        return Article.objects.published().select_related("source")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["archive_years"] = Article.objects.published().years()
        return context


class ArchiveMixin(ForgivingPaginationMixin):
    """Published news by date: a year's months, a month's articles."""

    date_field = "published_at"
    make_object_list = True
    # A year or month with nothing published is an empty page, not an error.
    allow_empty = True
    paginate_by = 50
    extra_context = {"section": "news"}

    def get_queryset(self):
        return Article.objects.published().select_related("source")


class ArticleYearArchiveView(ArchiveMixin, YearArchiveView):
    pass


class ArticleMonthArchiveView(ArchiveMixin, MonthArchiveView):
    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # The month's days with news: the page does not show them.
        return []


def article_context(article):
    """What the article page shows beside the text."""
    return {
        "posts": article.posts_at_publication(),
        "organization_groups": article.organization_groups(),
        "related": article.related(),
    }


class ArticleDetailView(DependsOn, FormerSlugRedirectMixin, DetailView):
    """One published article; drafts and scheduled articles are not found."""

    extra_context = {"section": "news"}
    # This article and its related news: a change to an unrelated one leaves it warm.
    cache_tags = ()

    def object_cache_tags(self):
        return [news_tags.article(self.kwargs["slug"])]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organizations, officials = self.object.related_by()
        depends_also_on(self.request, *map(news_tags.mentions_of, [*organizations, *officials]))
        context["structured_data"] = structured_data.article(self.request, self.object)
        context.update(article_context(self.object))
        return context

    def get_queryset(self):
        return Article.objects.published().with_posts()


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    """A draft or scheduled article as the public will see it, for staff with a signed link."""

    permission_required = "news.view_article"
    template_name = "news/article_detail.html"
    extra_context = {"section": "news", "preview": True}

    def get_object(self, queryset=None):
        try:
            return Article.objects.with_posts().from_preview_token(self.kwargs["token"])
        except Article.DoesNotExist:
            raise Http404("This preview link is not valid or has expired.") from None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **article_context(self.object)}

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
