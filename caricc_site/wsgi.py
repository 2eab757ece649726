import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caricc_site.settings")

application = get_wsgi_application()

# Every request leaves objects in reference cycles (prefetched rows and the parents they
# point back at, DRF's request and view), which only the collector frees, and Python's
# full passes over them also walk everything loaded by now: Django, the apps and the
# libraries, some 100,000 objects, 50 to 150 ms a pass, one every ten or so API pages of
# 100 articles. What is loaded by now lives as long as the process, so no pass need look
# at it.
gc.freeze()
