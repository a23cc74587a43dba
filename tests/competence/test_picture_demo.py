"""The demo's regional competence pictures: red, yellow and green rows in Västerbotten, the data
centre's demand in Gävleborg only for its core team, and every figure marked as invented."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from competence.picture.selectors import Filters, regional_picture
from competence.picture.semafor import Light

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def rows(username, code):
    from actors.models import Region

    user = User.objects.get(username=username)
    picture = regional_picture(user=user, region=Region.objects.get(code=code), filters=Filters())
    return picture, {r.occupation.code: r.light for r in picture.rows}


def test_vasterbotten_has_red_yellow_and_green_rows(demo, client):
    picture, lights = rows("samordnare", "24")
    assert picture.demo
    assert {Light.RED, Light.YELLOW, Light.GREEN} <= set(lights.values())
    assert lights["7233"] == Light.RED  # maintenance mechanics: shortage, nothing trains them here
    assert lights["2341"] == Light.YELLOW  # teachers: covered by the programme, still a shortage
    assert lights["3115"] == Light.GREEN
    client.force_login(User.objects.get(username="samordnare"))
    page = client.get(reverse("picture:region", args=["24"])).content.decode()
    assert "Demo data: the figures are invented." in page


def test_the_data_centre_counts_only_for_its_core_team(demo):
    _picture, lights = rows("samordnare.gavleborg", "21")
    assert {"2512", "3511", "7411"} <= set(lights)
    assert lights["3511"] == Light.GREEN and lights["7411"] == Light.RED
    gavle_official = User.objects.filter(username="tjansteman.gavle").first()
    assert gavle_official is not None
    _picture, lights = rows("tjansteman.gavle", "21")  # the deputy: granted
    assert "2512" in lights
    admin = User.objects.get(username="admin")  # an administrator is not granted a confidential case
    _picture, lights = rows(admin.username, "21")
    assert not lights
