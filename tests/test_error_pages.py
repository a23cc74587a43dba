"""The error pages: Swedish, in the app's layout, with a way back; the 500 page needs no database."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns
from tests import factories as f


def _forbidden(request):
    raise PermissionDenied("secret reason 4711")


def _boom(request):
    raise RuntimeError("database exploded 4711")


# This module is the URLconf of the tests below: the app's URLs and two that fail on purpose.
urlpatterns = [path("test-forbidden/", _forbidden), path("test-boom/", _boom), *app_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_error_pages")]


@pytest.fixture
def official_client():
    client = Client()
    client.force_login(f.official("2482"))
    return client


@override_settings(DEBUG=False)
def test_unknown_address_gives_a_swedish_404_in_the_layout(official_client):
    response = official_client.get("/finns-inte/alls/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Sidan finns inte" in body
    assert 'class="site-header' in body and 'class="main-nav"' in body  # the app's layout
    assert 'href="/"' in body and "Till startsidan" in body  # a way back
    assert 'lang="sv"' in body


@override_settings(DEBUG=False)
def test_unknown_address_when_logged_out_is_a_404_page_too():
    response = Client().get("/finns-inte/alls/")
    assert response.status_code in (302, 404)
    if response.status_code == 404:
        assert "Sidan finns inte" in response.content.decode()


@override_settings(DEBUG=False)
def test_permission_denied_gives_a_403_page_in_the_layout_without_the_reason(official_client):
    response = official_client.get("/test-forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Du har inte behörighet" in body
    assert 'class="main-nav"' in body and "Till startsidan" in body
    assert "4711" not in body  # the exception's text is for the log, never the page


@override_settings(DEBUG=False)
def test_an_app_view_that_refuses_shows_the_403_page():
    reader = f.reader("24")
    client = Client()
    client.force_login(reader)
    response = client.get("/signaler/ny/")
    assert response.status_code == 403
    assert "Du har inte behörighet" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_renders_the_static_500_page(official_client):
    official_client.raise_request_exception = False
    response = official_client.get("/test-boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Något gick fel" in body and 'href="/"' in body
    assert "Traceback" not in body and "4711" not in body and "RuntimeError" not in body
    assert "/static/css/samhandla.css" in body  # styled like the app


def test_the_500_template_renders_without_a_request_or_database(django_assert_num_queries):
    from django.template import loader

    with django_assert_num_queries(0):
        body = loader.get_template("500.html").render()
    assert "Något gick fel" in body and "site-header" in body


@override_settings(DEBUG=False)
def test_a_failed_csrf_check_gives_the_swedish_403_page():
    user = f.official("2482")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/logga-ut/", {})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Formuläret kunde inte skickas" in body and "Till startsidan" in body


@override_settings(DEBUG=False)
def test_a_bad_request_page_is_swedish():
    from django.template import loader

    body = loader.get_template("400.html").render()
    assert "Förfrågan kunde inte läsas" in body
