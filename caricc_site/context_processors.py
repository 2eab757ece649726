def canonical_url(request):
    """The address search engines should index for this page: no filters, but its page."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return {"canonical_url": url}
