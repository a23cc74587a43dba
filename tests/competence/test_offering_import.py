"""Importing education offerings from a CSV file (/utbildningar/importera/): upload, see what the file
would add and change, confirm. Who may, what a bad row or a bad file gets (a clear message naming
the line, nothing saved), what a forged, stale or overtaken confirmation gets, and a preview that asks
the database the same number of questions for 5 rows and for 50."""

from datetime import date

import pytest
from django.core.signing import TimestampSigner
from django.urls import reverse

from competence.models import Occupation, Offering
from competence.supply import importer
from competence.supply.services import offering_save
from tests import factories as f
from tests.helpers import csv_upload, request_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

URL = reverse("supply:offering_import")
LIST = reverse("supply:offering_list")
HEADER = "namn;anordnare;form;ssyk;sun;kommun;platser;examinerade;start;slut;status;kalla;lank;anteckning"
ORGNR = "556016-0680"


def line(**values) -> str:
    cells = {
        "namn": "Processoperatör batteri", "anordnare": "Yrkeshögskolan Norrsken AB", "form": "yh",
        "ssyk": "8131 8132", "sun": "", "kommun": "2482", "platser": "35", "examinerade": "28",
        "start": "2026-08-20", "slut": "", "status": "beviljad", "kalla": "Ansökan", "lank": "",
        "anteckning": "",
    }  # fmt: skip
    cells.update(values)
    return ";".join(cells[name] for name in HEADER.split(";"))


def upload(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> dict:
    return {"file": csv_upload("\n".join([header, *lines]) + "\n", encoding=encoding)}


def snapshot():
    return (
        list(Offering.objects.order_by("pk").values()),
        Offering.history.count(),
        list(Offering.occupations.through.objects.order_by("pk").values_list("offering_id", "occupation_id")),
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def school():
    return f.OrganisationFactory(name="Yrkeshögskolan Norrsken AB", org_number=ORGNR)


@pytest.fixture
def coordinator():
    return f.coordinator("24")


def existing(school, user, **fields) -> Offering:
    values = {
        "name": "Processoperatör batteri", "form": "yh", "places_per_year": 30, "graduates_per_year": 25,
        "start": date(2026, 8, 20), "status": "ansokt", "source": "Ansökan",
    }  # fmt: skip
    values.update(fields)
    offering = Offering(provider=school, municipality=f.municipality("2482"), **values)
    return offering_save(user=user, offering=offering, occupations=Occupation.objects.filter(code="8131"))


# --- The page ------------------------------------------------------------------------------------


def test_the_register_links_to_the_import_for_who_may_add(client, coordinator):
    client.force_login(coordinator)
    assert f'href="{URL}"' in client.get(LIST).content.decode()
    client.force_login(f.reader("24"))
    assert f'href="{URL}"' not in client.get(LIST).content.decode()


def test_the_page_says_the_format_and_offers_an_example_file_that_imports(client, coordinator, school):
    client.force_login(coordinator)
    body = client.get(URL).content.decode()
    for column in HEADER.split(";"):
        assert f"<code>{column}</code>" in body
    assert "yh (Higher vocational education (YH))" in body and "beviljad (Granted)" in body
    assert f'href="{URL}?format=csv"' in body and 'enctype="multipart/form-data"' in body
    example = client.get(URL, {"format": "csv"})
    assert example.status_code == 200 and example["Content-Type"].startswith("text/csv")
    assert "attachment" in example["Content-Disposition"]
    text = example.content.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER
    assert ";2401;" in text  # a municipality of the coordinator's own region
    response = client.post(URL, {"file": csv_upload(example.content)})
    assert response.status_code == 200 and response.context["checked"].ok


# --- Preview and confirmation ------------------------------------------------------------------------


def test_the_preview_shows_what_would_be_added_and_changed_and_saves_nothing(client, coordinator, school):
    stored = existing(school, coordinator)
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(
        URL,
        upload(
            line(namn="PROCESSOPERATÖR BATTERI", platser="40"),  # the same offering, in another case
            line(
                namn="Elektriker",
                anordnare=ORGNR.replace("-", ""),
                form="Komvux / yrkesvux",
                ssyk="7411",
                kommun="Skellefteå",
                status="Applied for",
            ),
            line(
                namn="Drifttekniker",
                anordnare="yrkeshögskolan norrsken ab",
                ssyk="3113|8131",
                start="2027-01-10",
                slut="2029-06-30",
                status="Running",
                form="YH",
            ),
        ),  # fmt: skip
    )
    body = response.content.decode()
    assert response.status_code == 200
    checked = response.context["checked"]
    assert [row.action for row in checked.rows] == ["update", "create", "create"]
    assert [row.line for row in checked.rows] == [2, 3, 4]
    assert checked.rows[0].existing == stored
    assert checked.rows[0].changes == [
        "name", "places a year", "expected graduates a year", "status", "trains for (SSYK)"
    ]  # fmt: skip
    assert f'href="{stored.get_absolute_url()}"' in body
    assert body.count(">New<") == 2 and body.count(">Changes<") == 1
    assert "<dt>New offerings</dt><dd>2</dd>" in body and "<dt>Offerings changed</dt><dd>1</dd>" in body
    assert "Import 3 offerings" in body and 'name="token"' in body
    assert "Komvux / yrkesvux" in body and "Running" in body and "2029-06-30" in body
    assert snapshot() == before


def test_confirming_saves_every_row_with_its_history(client, coordinator, school):
    stored = existing(school, coordinator)
    client.force_login(coordinator)
    response = client.post(
        URL,
        upload(
            line(platser="40", ssyk="8131 8132", status="beviljad"),
            line(namn="Elektriker", ssyk="7411", kommun="2482", status="ansokt"),
        ),
    )
    token = response.context["token"]
    response = client.post(URL, {"token": token})
    assert response.status_code == 302 and response["Location"] == LIST
    assert messages_of(response) == ["The file is imported: 1 new offerings, 1 changed, 0 unchanged."]
    stored.refresh_from_db()
    assert (stored.places_per_year, stored.status) == (40, "beviljad")
    assert sorted(o.code for o in stored.occupations.all()) == ["8131", "8132"]
    assert stored.history.first().history_change_reason == "CSV import"
    assert stored.history.first().history_user == coordinator
    new = Offering.objects.get(name="Elektriker")
    assert (new.provider, new.municipality.code, new.created_by) == (school, "2482", coordinator)
    assert [o.code for o in new.occupations.all()] == ["7411"]
    assert new.history.count() >= 1 and new.history.first().history_change_reason == "CSV import"
    history = client.get(reverse("supply:offering_history", args=[new.pk])).content.decode()
    assert "CSV import" in history
    assert "Elektriker" in client.get(LIST).content.decode()
    # The same token again: the rows are now in the register, so nothing more is added.
    assert client.post(URL, {"token": token}).status_code == 200
    assert Offering.objects.count() == 2


def test_a_row_as_the_register_has_it_changes_nothing(client, coordinator, school):
    existing(school, coordinator)
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(URL, upload(line(platser="30", examinerade="25", status="ansokt", ssyk="8131")))
    assert [row.action for row in response.context["checked"].rows] == ["unchanged"]
    assert "there is nothing to import" in response.content.decode()
    assert 'name="token"' not in response.content.decode()
    assert snapshot() == before


def test_a_column_left_out_keeps_what_the_offering_has(client, coordinator, school):
    stored = existing(school, coordinator, note="Behåll", link="https://example.se/kurs")
    client.force_login(coordinator)
    header = "namn;anordnare;form;ssyk;kommun;platser;examinerade;start;status"
    row = "Processoperatör batteri;Yrkeshögskolan Norrsken AB;yh;8131;2482;50;25;2026-08-20;ansokt"
    response = client.post(URL, upload(row, header=header))
    assert response.context["checked"].rows[0].changes == ["places a year"]
    client.post(URL, {"token": response.context["token"]})
    stored.refresh_from_db()
    assert (stored.places_per_year, stored.note, stored.link) == (50, "Behåll", "https://example.se/kurs")


def test_headers_in_any_case_with_swedish_letters_and_a_comma_separator_and_a_bom(
    client, coordinator, school
):
    client.force_login(coordinator)
    header = "Namn,Anordnare,Form,SSYK,Kommun,Platser,Examinerade,Start,Status,Källa,Länk"
    row = 'Elektriker,Yrkeshögskolan Norrsken AB,komvux,"7411, 7412",Skellefteå,20,15,2027-01-10,ide,Plan,'
    row += "example.se"
    data = "\ufeff" + header + "\r\n" + row + "\r\n"
    response = client.post(URL, {"file": csv_upload(data)})
    checked = response.context["checked"]
    assert checked.ok, checked.rows[0].errors
    offering = checked.rows[0].offering
    assert (offering.source, offering.link) == ("Plan", "https://example.se")
    assert [o.code for o in checked.rows[0].occupations] == ["7411", "7412"]


# --- Bad rows: a clear message naming the line, nothing saved -----------------------------------------


@pytest.mark.parametrize(
    "values, column, message",
    [
        ({"ssyk": "8131 9999"}, "ssyk", "“9999” is no SSYK 2012 unit group (four digits)."),
        ({"ssyk": "81"}, "ssyk", "“81” is no SSYK 2012 unit group (four digits)."),
        ({"ssyk": ""}, "ssyk", "Name at least one occupation it trains for."),
        (
            {"kommun": "Ingenstans"},
            "kommun",
            "No municipality “Ingenstans”: give its four-digit code or its name.",
        ),
        ({"kommun": "9999"}, "kommun", "No municipality “9999”"),
        (
            {"anordnare": "Finns inte AB"},
            "anordnare",
            "No organisation “Finns inte AB” in the actor registry",
        ),
        ({"anordnare": ""}, "anordnare", "This field is required."),
        ({"slut": "2026-01-01"}, "slut", "The end comes before the start."),
        ({"start": "20/08/2026"}, "start", "Write the date as YYYY-MM-DD, for example 2026-08-20."),
        ({"start": "2026-02-30"}, "start", "Enter a valid date."),
        ({"form": "kurs"}, "form", "Select a valid choice. kurs is not one of the available choices."),
        ({"status": "klar"}, "status", "Select a valid choice."),
        ({"platser": "-1"}, "platser", "Ensure this value is greater than or equal to 0."),
        ({"examinerade": "många"}, "examinerade", "Enter a whole number."),
        ({"platser": "100001"}, "platser", "less than or equal to 100000"),
        ({"sun": "zz9"}, "sun", "“zz9” is no SUN 2020 education field."),
        ({"lank": "javascript:alert(1)"}, "lank", "Enter a valid URL."),
        ({"namn": ""}, "namn", "This field is required."),
        ({"namn": "x" * 201}, "namn", "Ensure this value has at most 200 characters (it has 201)."),
        ({"anteckning": "x" * 2001}, "anteckning", "at most 2000 characters"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(client, coordinator, school, values, column, message):
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(URL, upload(line(namn="Bra rad"), line(**values)))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: 1 row has errors." in body
    checked = response.context["checked"]
    assert not checked.ok and checked.rows[0].errors == []
    assert [row.line for row in checked.rows_with_errors] == [3]
    assert any(c == column and message in m for c, m in checked.rows[1].errors), checked.rows[1].errors
    assert f'<a href="#line-3">Line 3</a> ({column}):' in body and 'id="line-3"' in body
    assert 'name="token"' not in body and "Import 2 offerings" not in body
    assert 'type="file"' in body  # the file can be uploaded again at once
    assert snapshot() == before


def test_every_bad_row_is_listed(client, coordinator, school):
    client.force_login(coordinator)
    response = client.post(
        URL, upload(line(kommun="Ingenstans"), line(namn="Bra"), line(ssyk="0000", platser="x"))
    )
    body = response.content.decode()
    assert "Nothing was imported: 2 rows have errors." in body
    errors = {row.line: row.errors for row in response.context["checked"].rows_with_errors}
    assert sorted(errors) == [2, 4]
    assert [c for c, _m in errors[4]] == ["ssyk", "platser"]


def test_the_same_offering_twice_in_the_file(client, coordinator, school):
    client.force_login(coordinator)
    response = client.post(URL, upload(line(), line(namn="Annan"), line(namn="processoperatör  batteri")))
    rows = response.context["checked"].rows_with_errors
    assert [row.line for row in rows] == [4]
    assert "Line 2 holds the same offering" in rows[0].errors[0][1]


def test_a_row_longer_than_the_header(client, coordinator, school):
    client.force_login(coordinator)
    response = client.post(URL, upload(line() + ";extra", line(namn="Tomma fält") + ";;;"))
    rows = response.context["checked"].rows
    assert rows[0].errors == [("", "The row has more fields than the header has columns.")]
    assert rows[1].errors == []  # empty cells past the header, as a spreadsheet writes them, are fine


def test_several_organisations_of_the_same_name_need_the_number(client, coordinator, school):
    f.OrganisationFactory(name="Yrkeshögskolan Norrsken AB")
    client.force_login(coordinator)
    response = client.post(URL, upload(line(namn="A"), line(namn="B", anordnare=ORGNR)))
    rows = response.context["checked"].rows
    several = "Several organisations are called “Yrkeshögskolan Norrsken AB”: give its organisation number."
    assert rows[0].errors == [("anordnare", several)]
    assert rows[1].errors == [] and rows[1].provider == school


# --- What each user may place ------------------------------------------------------------------------


def test_an_actor_contact_imports_their_own_organisations_offerings_only(client, school):
    contact = f.contact(school)
    other = f.OrganisationFactory(name="Någon annan AB")
    client.force_login(contact)
    before = snapshot()
    response = client.post(URL, upload(line(namn="Egen", kommun="Gävle"), line(anordnare="Någon annan AB")))
    rows = response.context["checked"].rows
    assert rows[0].errors == [] and rows[0].municipality.code == "2180"  # any place, own organisation
    assert rows[1].errors == [
        ("anordnare", "You may add offerings only for your own organisation, not for Någon annan AB.")
    ]
    assert snapshot() == before
    response = client.post(URL, upload(line(namn="Egen", kommun="Gävle")))
    client.post(URL, {"token": response.context["token"]})
    saved = Offering.objects.get()
    assert (saved.provider, saved.created_by) == (school, contact)
    assert not Offering.objects.filter(provider=other).exists()


def test_a_coordinator_places_offerings_in_their_own_region_only(client, coordinator, school):
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(URL, upload(line(namn="Norr"), line(namn="Söder", kommun="2180")))
    rows = response.context["checked"].rows
    assert rows[0].errors == []
    outside = "Gävle is outside your region: you may place offerings only in your region's municipalities."
    assert rows[1].errors == [("kommun", outside)]
    assert snapshot() == before


def test_an_administrator_places_them_anywhere(client, school):
    client.force_login(f.admin())
    response = client.post(URL, upload(line(namn="Norr"), line(namn="Söder", kommun="2180")))
    client.post(URL, {"token": response.context["token"]})
    assert Offering.objects.count() == 2


def test_the_rights_are_checked_again_at_the_confirmation(client, coordinator, school):
    client.force_login(coordinator)
    response = client.post(URL, upload(line()))
    token = response.context["token"]
    coordinator.region = f.region("21")  # moved to Gävleborg between the preview and the confirmation
    coordinator.save()
    before = snapshot()
    response = client.post(URL, {"token": token})
    assert response.status_code == 200
    assert "Nothing was imported: 1 row has errors." in response.content.decode()
    assert response.context["checked"].rows[0].errors[0][0] == "kommun"
    assert snapshot() == before


def test_a_register_changed_since_the_preview_is_previewed_again(client, coordinator, school):
    client.force_login(coordinator)
    response = client.post(URL, upload(line(platser="40")))
    assert response.context["checked"].rows[0].action == "create"
    token = response.context["token"]
    stored = existing(school, coordinator)  # someone adds the same offering meanwhile
    before = snapshot()
    response = client.post(URL, {"token": token})
    body = response.content.decode()
    assert response.status_code == 200
    assert "The register changed since the preview: check the rows again." in body
    assert response.context["checked"].rows[0].existing == stored and response.context["token"] != token
    assert snapshot() == before
    client.post(URL, {"token": response.context["token"]})
    stored.refresh_from_db()
    assert stored.places_per_year == 40 and Offering.objects.count() == 1


# --- Bad files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The submitted file is empty."),
        (b"\n\n  \n", "The file is empty."),
        (HEADER.encode() + b"\n", "The file has no rows below the header."),
        (b";;;\nx;y\n", "The file lacks the column(s): namn, anordnare, form, ssyk, kommun"),
        (
            HEADER.replace("kommun", "kommunkod").encode() + b"\n" + line().encode(),
            "The file lacks the column(s): kommun. The first row must name the columns.",
        ),
        (
            (HEADER + ";extra").encode() + b"\n" + line().encode(),
            "The file has column(s) this import does not know: extra.",
        ),
        ((HEADER + ";Namn").encode() + b"\n" + line().encode(), "names the column(s) namn more than once"),
        (
            (HEADER + "\n" + line(namn="Lärling")).encode("latin-1"),
            "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.",
        ),
        ((HEADER + "\n" + line()).encode("utf-16-le"), "The file is not UTF-8 text."),
        (b"PK\x03\x04\x14 namn;anordnare", "line 1 holds a control character"),
        ((HEADER + "\n" + line(namn='"oavslutat')).encode() + b"x" * 20_000, "a quote is not closed"),
    ],
)
def test_a_bad_file_says_what_is_wrong(client, coordinator, school, content, message):
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(URL, {"file": csv_upload(content)})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body.replace("&quot;", '"').replace("&#x27;", "'"), body[body.find("<main") :][:3000]
    assert "Nothing was imported. Correct the file and upload it again." in body
    assert 'name="token"' not in body
    assert snapshot() == before


def test_too_many_rows(client, coordinator, school):
    client.force_login(coordinator)
    lines = [line(namn=f"Kurs {i}") for i in range(importer.MAX_ROWS + 1)]
    response = client.post(URL, upload(*lines))
    assert f"The file has more than {importer.MAX_ROWS} rows." in response.content.decode()
    assert not Offering.objects.exists()


def test_a_file_over_the_size_limit(client, coordinator, school, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(coordinator)
    response = client.post(URL, upload(*[line(namn=f"Kurs {i}") for i in range(20)]))
    assert response.status_code == 200
    assert "The file is larger than 1000" in response.content.decode()
    assert not Offering.objects.exists()


def test_no_file(client, coordinator):
    client.force_login(coordinator)
    response = client.post(URL, {})
    assert response.status_code == 200 and "This field is required." in response.content.decode()


# --- Forged, stale and foreign confirmations -----------------------------------------------------------


def test_a_tampered_stale_or_foreign_token_saves_nothing(client, coordinator, school, monkeypatch):
    client.force_login(coordinator)
    token = client.post(URL, upload(line())).context["token"]
    value, stamp, signature = token.rsplit(":", 2)
    forged = [
        "",
        "nonsense",
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        value[:-4] + "AAAA:" + stamp + ":" + signature,  # the file changed, the signature not
        TimestampSigner(salt="another purpose").sign(value),
    ]
    for bad in forged:
        response = client.post(URL, {"token": bad})
        assert response.status_code == 400, bad
        assert (
            "The preview is too old or was not made for you: upload the file again."
            in response.content.decode()
        )
    client.force_login(f.coordinator("24"))  # another user of the same region
    assert client.post(URL, {"token": token}).status_code == 400
    client.force_login(coordinator)
    monkeypatch.setattr(importer, "VALID_SECONDS", -1)  # an hour has passed
    assert client.post(URL, {"token": token}).status_code == 400
    assert not Offering.objects.exists()


def test_a_token_signed_for_the_user_but_not_a_file_of_offerings(client, coordinator, school):
    """A forged body under a valid signature cannot happen without the secret key; were it to, the
    file is read and checked again all the same."""
    client.force_login(coordinator)
    checked = importer.plan(b"nonsense", user=coordinator)
    token = importer.carry(coordinator, b"nonsense", checked, filename="x.csv")
    response = client.post(URL, {"token": token})
    assert response.status_code == 200 and "The file lacks the column(s)" in response.content.decode()
    assert not Offering.objects.exists()


# --- Who may ----------------------------------------------------------------------------------------


def test_readers_and_officials_are_refused_and_anonymous_callers_sent_to_log_in(client, school):
    for method, data in (("get", None), ("get", {"format": "csv"}), ("post", upload(line()))):
        response = getattr(client, method)(URL, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for user in (f.reader("24"), f.official("2482"), f.UserFactory()):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(URL, {"format": "csv"}).status_code == 403
        assert client.post(URL, upload(line())).status_code == 403
    coordinator = f.coordinator("24")
    client.force_login(coordinator)
    token = client.post(URL, upload(line())).context["token"]
    client.force_login(f.reader("24"))
    assert client.post(URL, {"token": token}).status_code == 403
    assert not Offering.objects.exists()


def test_the_upload_needs_the_csrf_token(coordinator, school):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(URL, upload(line())).status_code == 403
    assert not Offering.objects.exists()


# --- Queries ----------------------------------------------------------------------------------------


def test_the_preview_asks_the_same_number_of_questions_for_5_rows_and_50(client, coordinator, school):
    for i in range(3):
        existing(school, coordinator, name=f"Kurs {i}")
    client.force_login(coordinator)

    def queries(n: int) -> list[str]:
        lines = [line(namn=f"Kurs {i}", ssyk=["8131", "7411 7412", "3113"][i % 3]) for i in range(n)]
        client.post(URL, upload(*lines))  # warm: the caches a first request fills
        return request_queries(client, URL, method="post", data=upload(*lines))

    few, many = queries(5), queries(50)
    assert len(few) == len(many), "\n".join(many)
    assert len(few) <= 16
