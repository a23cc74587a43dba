"""Proof by probes: an access suite generated from the URL patterns and an oracle of its own.

- ``world.py`` builds the world the probes run on (tests/world.py and the areas' harness layers,
  plus the variants the shared world lacks), puts a unique marker in every object's pages, and
  gathers the facts the oracle reads;
- ``oracle.py`` says, independently of accounts/policy.py, who may read and change what: a table of
  role x relation x confidentiality (x grant), and a line or two per area;
- ``catalogue.py`` lists every URL of the project with the objects it is tried on and the rule that
  decides it (a URL without an entry fails the suite); ``admin_probes.py`` does the same for
  Django's admin, from its registry; ``lists.py`` checks lists, tabs and exports object by object;
- ``machinery.py`` sends the requests and judges them: allowed or denied, nothing changed when
  denied, and no response to anyone shows a marker they may not read;
- ``test_access_probes.py`` runs them, with the positive controls (``control_urls.py``) and the
  summary; ``conftest.py`` builds the world once, in a transaction rolled back after the package.

Run ``pytest tests/probes`` (``PROBES_REPORT=<file>`` writes every finding there, one a line).
"""
