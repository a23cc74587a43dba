"""The lists' paginator counts only as far as the page asked for needs (``config.views``)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Organisation
from config import views
from config.views import CountedPaginator
from tests.factories import bulk_organisations, coordinator

pytestmark = pytest.mark.django_db


def _orgs():
    return Organisation.objects.filter(name__startswith="Bulkorg").order_by("name", "pk")


def test_below_the_bound_the_count_is_exact():
    bulk_organisations(12)
    paginator = CountedPaginator(_orgs(), 5, asked=1, up_to=20)
    page = paginator.get_page(1)
    assert (paginator.count, paginator.num_pages, paginator.capped) == (12, 3, False)
    assert [o.name for o in page] == [f"Bulkorg {i:04d}" for i in range(5)]


def test_past_the_bound_it_knows_only_that_there_are_more():
    bulk_organisations(12)
    paginator = CountedPaginator(_orgs(), 5, asked=1, up_to=10)
    page = paginator.get_page(1)
    assert paginator.capped and paginator.count == 11  # one row past the bound is known
    assert paginator.counted_pages == 2 and paginator.num_pages == 3
    assert page.has_next()


def test_a_page_past_the_bound_moves_the_bound_with_it():
    bulk_organisations(12)
    paginator = CountedPaginator(_orgs(), 5, asked=3, up_to=10)
    page = paginator.get_page(3)
    assert not paginator.capped and paginator.count == 12
    assert [o.name for o in page] == ["Bulkorg 0010", "Bulkorg 0011"] and not page.has_next()


def test_a_list_is_counted_by_its_length():
    paginator = CountedPaginator(list(range(23)), 5, asked=1, up_to=10)
    assert (paginator.count, paginator.num_pages, paginator.capped) == (23, 5, False)


def test_the_count_reads_a_bounded_unordered_set():
    bulk_organisations(30)
    paginator = CountedPaginator(_orgs(), 5, asked=1, up_to=10)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 11
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "LIMIT 11" in sql and "ORDER BY" not in sql


@pytest.mark.parametrize("page", ["0", "-1", "x", "99999999999", "²", ""])
def test_a_bad_page_number_shows_a_page(client, page):
    bulk_organisations(3)
    client.force_login(coordinator())
    response = client.get(reverse("actors:organisation_list"), {"q": "Bulkorg", "page": page})
    assert response.status_code == 200
    assert response.content.decode().count("Bulkorg 0") == 3


def test_a_long_list_says_more_than_and_pages_on(client, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "COUNT_UP_TO", 4)
    bulk_organisations(7)
    client.force_login(coordinator())
    url = reverse("actors:organisation_list")

    first = client.get(url, {"q": "Bulkorg"}).content.decode()
    assert "Sida 1 av fler än 2" in first and "Fler än 4 rader" in first
    assert "Bulkorg 0000" in first and "Bulkorg 0002" not in first

    third = client.get(url, {"q": "Bulkorg", "page": 3}).content.decode()
    assert "Sida 3 av fler än 3" in third and "Bulkorg 0004" in third

    last = client.get(url, {"q": "Bulkorg", "page": 4}).content.decode()
    assert "Sida 4 av 4" in last and "7 rader" in last and "Bulkorg 0006" in last
    assert ">Nästa<" not in last
