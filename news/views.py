from django.views.generic import DetailView
from django_filters.views import FilterView

from caricc_site.views import ForgivingPaginationMixin

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


class ArticleDetailView(DetailView):
    """One published article; drafts and scheduled articles are not found."""

    extra_context = {"section": "news"}

    def get_queryset(self):
        return Article.objects.published().with_references()
