"""The admin's page for loading a round of the Yrkesbarometer: upload, see what would change,
confirm. Who may, what a bad file or a forged or stale confirmation gets (a clear message, nothing
loaded), and a preview that asks the database the same number of questions for 2 and 200 rows."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import TimestampSigner
from django.urls import reverse

from competence.barometer import views
from competence.models import Assessment, BarometerOccupation, BarometerRound
from tests import factories as f
from tests.helpers import request_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

URL = "/django-admin/competence/barometerround/las-in/"


def rows(n: int, omgang="2026-2") -> list[dict]:
    codes = ["2412", "7411", "7233", "8161"]
    return [
        {"yb_yrke": f"Yrke {i}", "ssyk": codes[i % 4], "lan": ["00", "24", "21"][i % 3],
         "rekryteringssituation": ["brist", "balans", "overskott"][i % 3], "omgang": omgang,
         "jobbmojligheter": "stora", "prognos": "öka", "text_rekryteringssituation": f"Text {i}."}
        for i in range(n)
    ]  # fmt: skip


def upload(data, name="yrkesbarometer.json", **fields):
    payload = json.dumps(data).encode() if not isinstance(data, bytes) else data
    return {"file": SimpleUploadedFile(name, payload, content_type="application/json"), **fields}


def counts():
    return BarometerRound.objects.count(), BarometerOccupation.objects.count(), Assessment.objects.count()


@pytest.fixture
def superuser():
    return f.UserFactory(username="rot", is_staff=True, is_superuser=True)


def test_the_page_is_reached_from_the_rounds_list(client, superuser):
    client.force_login(superuser)
    body = client.get(reverse("admin:competence_barometerround_changelist")).content.decode()
    assert f'href="{URL}"' in body and "Load a round" in body
    assert reverse("admin:competence_barometerround_load") == URL


def test_upload_preview_confirm(client, superuser):
    client.force_login(superuser)
    assert client.get(URL).status_code == 200
    before = counts()
    response = client.post(URL, upload(rows(6), published="2026-11-20"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "What loading round 2026-2 would do" in body and "A new round." in body
    assert "6 assessments of 6 occupations, 3 areas (00, 21, 24" in body
    assert "6 new occupations: Yrke 0; Yrke 1" in body
    assert "2 assessments moved since round 2026-1" not in body  # new names: nothing to compare
    assert counts() == before  # a preview loads nothing
    token = response.context["token"]
    assert f'name="token" value="{token}"' in body  # as the form sends it back: no escaping, no line break
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.:")
    response = client.post(URL, {"token": token})
    assert response.status_code == 302 and response["Location"] == URL
    listed = client.get(URL).content.decode()
    assert "Rounds loaded" in listed and "<td>2026-2</td>" in listed and "<td>2026-1</td>" in listed
    loaded = BarometerRound.objects.get(code="2026-2")
    assert (loaded.loaded_by, str(loaded.published), loaded.counties) == (superuser, "2026-11-20", 2)
    assert Assessment.objects.filter(round=loaded).count() == 6
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Round 2026-2 of the Yrkesbarometer is loaded: 6 assessments."]


def test_the_administrator_role_may_load_and_nobody_else(client, superuser):
    admin = f.admin()
    client.force_login(admin)
    assert client.get(URL).status_code == 200
    staff_coordinator = f.coordinator(is_staff=True)
    client.force_login(staff_coordinator)
    before = counts()
    assert client.get(URL).status_code == 403
    assert client.post(URL, upload(rows(2))).status_code == 403
    client.force_login(f.coordinator())  # not staff: the admin's login page
    response = client.post(URL, upload(rows(2)))
    assert response.status_code == 302 and "/django-admin/login/" in response["Location"]
    client.logout()
    assert client.get(URL).status_code == 302
    assert counts() == before
    # Nor does the list offer the page to staff who may not load.
    client.force_login(staff_coordinator)
    changelist = client.get(reverse("admin:competence_barometerround_changelist"))
    assert URL not in changelist.content.decode()


@pytest.mark.parametrize(
    "data, fields, message",
    [
        (b"[{", {}, "not valid JSON"),
        (rows(2, omgang=""), {}, "does not say its round"),
        (rows(2), {"round": "2025-2"}, "is round 2026-2, not 2025-2"),
        (rows(2), {"round": "våren"}, "Write the round as year-number"),
        (rows(2), {"published": "igår"}, "Enter a valid date"),
        ([{**rows(1)[0], "lan": "77"}], {}, "“77” is no county code"),
    ],
)
def test_a_bad_file_or_field_loads_nothing_and_says_why(client, superuser, data, fields, message):
    client.force_login(superuser)
    before = counts()
    response = client.post(URL, upload(data, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "token" not in response.context or not response.context.get("token")
    assert counts() == before


def test_no_file_too_large_a_file(client, superuser, settings):
    client.force_login(superuser)
    assert "This field is required" in client.post(URL, {}).content.decode()
    settings.BAROMETER_MAX_BYTES = 100
    response = client.post(URL, upload(rows(5)))
    assert "The file is larger than 100" in response.content.decode()
    assert BarometerRound.objects.filter(code="2026-2").count() == 0


def test_a_forged_stale_or_anothers_confirmation_loads_nothing(client, superuser, monkeypatch):
    client.force_login(superuser)
    token = client.post(URL, upload(rows(3))).context["token"]
    before = counts()
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in (forged, "nonsense", ""):
        response = client.post(URL, {"token": bad})
        assert response.status_code == 400
        assert "The preview is too old or was not made for you" in response.content.decode()
    other = f.UserFactory(username="annan", is_staff=True, is_superuser=True)
    client.force_login(other)
    assert client.post(URL, {"token": token}).status_code == 400
    client.force_login(superuser)
    monkeypatch.setattr(views, "VALID_SECONDS", -1)  # an hour has passed
    assert client.post(URL, {"token": token}).status_code == 400
    assert counts() == before
    # A token signed for another purpose is no preview either.
    assert client.post(URL, {"token": TimestampSigner(salt="other").sign("x")}).status_code == 400


def test_loading_a_round_again_says_what_is_replaced(client, superuser):
    client.force_login(superuser)
    client.post(URL, {"token": client.post(URL, upload(rows(3))).context["token"]})
    again = client.post(URL, upload([{**r, "rekryteringssituation": "balans"} for r in rows(3)]))
    body = again.content.decode()
    assert "The round is loaded already: its 3 assessments are replaced." in body


def test_the_preview_asks_as_many_queries_for_2_as_for_200_rows(client, superuser):
    client.force_login(superuser)
    small = request_queries(client, URL, method="post", data=upload(rows(2)))
    large = request_queries(client, URL, method="post", data=upload(rows(200)))
    assert len(small) == len(large)
