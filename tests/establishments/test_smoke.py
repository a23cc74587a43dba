import pytest

from tests import factories as f


@pytest.mark.django_db
def test_it_shows_the_dashboard(client):
    user = f.coordinator()
    client.force_login(user)
    assert client.get("/").status_code == 200
