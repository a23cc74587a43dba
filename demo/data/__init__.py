"""The demo's tables, in Swedish, with invented people and companies: pure data, no queries.

``organisations`` (by key), ``people`` (people by key, users by username, the password), ``roles``,
``signals`` and ``cases``; ``fiction`` makes the invented organisation numbers, phone numbers and
e-mail addresses. The seeders (``demo.registry``, ``demo.signals_and_cases`` and the workspace's
per-moment modules) turn them into rows through the services.
"""
