"""Query counts of the round pages do not grow with the number of organisations (3 vs 60, ten
routines each), nor the answer form with the number of routines."""

import pytest
from django.urls import reverse

from checklist.models import Routine
from checklist.rounds import mail, personal_link, selectors, services
from tests import factories as f
from tests.checklist.harness_rounds import full_values, open_round, region_org, sheet_post
from tests.helpers import count_queries, queries_of

pytestmark = pytest.mark.django_db


def busy_round(n: int):
    """A round with n organisations: a third submitted, a third with drafts, a third not started,
    some reminded."""
    coordinator = f.coordinator("24")
    round_ = open_round(coordinator, organisations=[region_org() for _ in range(n)])
    participants = list(round_.participants.order_by("pk"))
    for i, p in enumerate(participants):
        if i % 3 == 0:
            services.answer_save(
                participant=p, person=p.contact, values=full_values(p, "delvis"), submit=True
            )
        elif i % 3 == 1:
            services.answer_save(
                participant=p, person=p.contact, values=dict(list(full_values(p).items())[:4])
            )
    mail.round_remind(user=coordinator, round=round_)
    return round_, coordinator, participants


def test_round_pages_cost_the_same_at_3_and_60_organisations(client):
    counts = {}
    for n in (3, 60):
        round_, coordinator, participants = busy_round(n)
        client.force_login(coordinator)
        draft = participants[1]
        counts[n] = {
            "round_detail": count_queries(client, round_.get_absolute_url()),
            "round_close": count_queries(client, reverse("checklist:round_close", args=[round_.pk])),
            "my_rounds": count_queries(client, reverse("checklist:my_rounds")),
            "answer (staff)": count_queries(client, reverse("checklist:answer", args=[round_.pk, draft.pk])),
        }
        client.force_login(f.contact(draft.organisation))
        url = reverse("checklist:answer", args=[round_.pk, draft.pk])
        counts[n]["answer GET"] = count_queries(client, url)
        counts[n]["answer POST"] = count_queries(
            client, url, method="post", data=sheet_post(draft, "draft", full_values(draft, "nej")), status=302
        )
        counts[n]["my_rounds (contact)"] = count_queries(client, reverse("checklist:my_rounds"))
        client.logout()
        link = reverse("checklist:answer_link", args=[personal_link.answer_token(draft)])
        counts[n]["link GET"] = count_queries(client, link)
        counts[n]["link POST"] = count_queries(
            client, link, method="post", data=sheet_post(draft, "draft", full_values(draft, "ja")), status=302
        )

        def read(round_=round_):
            rows = list(selectors.participants(round_))
            _ = [a.routine.number for p in rows for a in p.answers.all()]

        counts[n]["selectors.participants"] = queries_of(read)
    print(counts)  # noqa: T201 - the numbers for the report
    assert counts[3] == counts[60]


def _add_routines(extra: int) -> None:
    last = Routine.objects.order_by("-number").first().number
    for i in range(extra):
        Routine.objects.create(number=last + 1 + i, text_sv=f"Rutin {i}", text_en=f"Routine {i}")


def test_the_answer_form_costs_the_same_whatever_the_number_of_routines(client):
    counts = {}
    for extra in (0, 20):
        _add_routines(extra)
        round_ = open_round(n=1)
        p = round_.participants.get()
        assert p.answers.count() == 10 + extra
        user = f.contact(p.organisation)
        client.force_login(user)
        url = reverse("checklist:answer", args=[round_.pk, p.pk])
        counts[extra] = {
            "GET": count_queries(client, url),
            "POST draft": count_queries(
                client, url, method="post", data=sheet_post(p, "draft", full_values(p, "delvis")), status=302
            ),
            "POST submit": count_queries(
                client, url, method="post", data=sheet_post(p, "submit", full_values(p, "nej")), status=302
            ),
            "GET submitted": count_queries(client, url),
        }
    print(counts)  # noqa: T201
    assert counts[0] == counts[20]
