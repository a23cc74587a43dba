"""Settings for ``bench/pages.py``: the product's own, with the benchmark's URLconf and one middleware.

The middleware (``pages_urls.QueryTiming``) counts the queries of each request and times them and
the whole request, and reports both in response headers; the URLconf adds a one-query view to the
product's. Nothing here is imported by the product.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "pages_urls"
MIDDLEWARE = ["pages_urls.QueryTiming", *MIDDLEWARE]  # noqa: F405
