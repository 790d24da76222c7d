import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "closeknit.web.settings")
application = get_wsgi_application()

# Import the URLconf now (and with it every view, the scoring core and numpy), not on each
# process's first request: under `gunicorn --preload` (scripts/run) the workers fork from
# this process ready to answer, instead of each spending ~0.7 s of CPU on imports while its
# first requests wait. No database connection is opened here, so none is shared by a fork.
get_resolver().url_patterns  # noqa: B018 - evaluated for its import side effect
# What was loaded so far lives as long as the process: keep it out of the garbage
# collector's generations, so that full collections in the workers stay short (and do not
# touch, hence copy, the pages the workers share with this process).
gc.collect()
gc.freeze()
