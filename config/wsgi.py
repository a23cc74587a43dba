import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models and URLs) lives as long as the process:
# kept out of the garbage collector's full passes, which otherwise walk it every few dozen requests
# (about 3 ms a request on the start page, measured in-process; gunicorn workers import this module).
gc.freeze()
