"""The privacy page (/integritet/): public, in Swedish and English, its periods read from the
retention table itself."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from privacy import retention
from tests import factories as f
from tests.helpers import count_queries, request_queries, shows

pytestmark = pytest.mark.django_db

URL = "/integritet/"


def test_its_address_and_name():
    assert reverse("privacy:page") == URL


@pytest.mark.parametrize("language", ["sv", "en"])
def test_anyone_reads_it_in_either_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(URL)
    assert page.status_code == 200 and page["Content-Language"] == language
    with translation.override(language):
        for rule in retention.RULES:
            assert shows(page, str(rule.what)), rule.key
            assert shows(page, str(rule.reason)), rule.key
    with translation.override(language):
        assert shows(page, translation.gettext("Privacy and personal data"))
    assert shows(page, "dataskyddsombud@example.se")


def test_the_periods_are_the_settings(client, settings):
    settings.RETENTION_LOGIN_RECORD_DAYS = 97
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert shows(client.get(URL), "97 days")


def test_the_contact_is_a_setting(client, settings):
    settings.PRIVACY_CONTACT = "dpo@kommun.example"
    assert 'href="mailto:dpo@kommun.example"' in client.get(URL).content.decode()


def test_logged_in_users_read_it_too(client):
    client.force_login(f.contact())
    assert client.get(URL).status_code == 200


def test_a_query_string_changes_nothing(client):
    page = client.get(URL + "?q=%00%ZZ&lang=xx&x=<script>")
    assert page.status_code == 200 and b"<script>" not in page.content


def test_it_takes_no_post(client):
    assert client.post(URL, {"x": "1"}).status_code == 405


def test_it_reads_no_table_whatever_the_data(client):
    """Only the request's transaction; the periods come from the settings, not the database."""
    assert not [q for q in request_queries(client, URL) if "SAVEPOINT" not in q]
    few = count_queries(client, URL)
    f.PersonFactory.create_batch(5)
    assert count_queries(client, URL) == few
    client.force_login(f.contact())
    logged_in = count_queries(client, URL, warm=True)
    f.PersonFactory.create_batch(5)
    assert count_queries(client, URL) == logged_in


def test_the_user_page_links_export_and_erase_for_administrators_only(client):
    from django.urls import reverse

    from tests import factories as f

    target = f.reader()
    client.force_login(f.admin())
    page = client.get(reverse("accounts:user_edit", args=[target.pk])).content.decode()
    assert reverse("privacy:user_export", args=[target.pk]) in page
    assert reverse("privacy:user_erase", args=[target.pk]) in page
