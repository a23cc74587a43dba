"""Every response that shows a confidential case or signal writes one view-log row, by one mechanism
(establishments/middleware.py fed by the policy), not by each view remembering it (finding 6: 7 of
13 endpoints wrote nothing: the ``?view=1`` fragments, the inline edit forms, the signal page and
its history)."""

import pytest
from django.urls import reverse

from establishments import services
from establishments.models import CaseViewLog
from tests import factories as f
from workspace.core.services import item_save
from workspace.goals.models import Expectation

pytestmark = pytest.mark.django_db


@pytest.fixture
def conf(world):
    case = world["case_confidential"]
    signal = services.signal_log(
        logged_by=world["coordinator"],
        channel="telefon",
        source_text="Hemlig fabrik",
        summary="150 MW",
        municipality=f.municipality("2482"),
        confidentiality="konfidentiell",
    )
    item = item_save(
        user=world["coordinator"],
        item=Expectation(case=case, kind="forvantan", text="Hemlig förväntan", sharing="intern"),
    )
    return {"case": case, "signal": signal, "item": item, "coordinator": world["coordinator"]}


def pages(conf) -> list[str]:
    case, item, signal = conf["case"].pk, conf["item"].pk, conf["signal"].pk
    edit = reverse("workspace:item_edit", args=[case, "expectation", item])
    return [
        reverse("establishments:case_detail", args=[case]),
        reverse("establishments:case_history", args=[case]),
        reverse("workspace:goals", args=[case]),
        edit,
        edit + "?view=1",
        reverse("workspace:item_history", args=[case, "expectation", item]),
        reverse("establishments:signal_detail", args=[signal]),
        reverse("establishments:signal_history", args=[signal]),
    ]


def test_every_page_of_a_confidential_case_or_signal_writes_one_row(client, conf):
    client.force_login(conf["coordinator"])
    for url in pages(conf):
        before = CaseViewLog.objects.count()
        assert client.get(url).status_code == 200, url
        rows = list(CaseViewLog.objects.order_by("-pk")[: CaseViewLog.objects.count() - before])
        assert len(rows) == 1, url
        assert rows[0].user == conf["coordinator"] and rows[0].path == url.split("?")[0]


def test_the_signal_pages_log_the_signal(client, conf):
    client.force_login(conf["coordinator"])
    client.get(reverse("establishments:signal_detail", args=[conf["signal"].pk]))
    client.get(reverse("establishments:signal_history", args=[conf["signal"].pk]))
    assert CaseViewLog.objects.filter(signal=conf["signal"]).count() == 2


def test_a_refused_request_and_an_open_case_write_nothing(client, conf, world):
    client.force_login(world["coordinator_other_region"])
    for url in pages(conf):
        assert client.get(url).status_code in (403, 404)
    client.force_login(world["coordinator"])
    client.get(reverse("establishments:case_detail", args=[world["case_open"].pk]))
    assert not CaseViewLog.objects.exists()


def test_a_list_writes_nothing(client, conf):
    client.force_login(conf["coordinator"])
    client.get(reverse("establishments:case_list"))
    client.get(reverse("establishments:signal_list"))
    assert not CaseViewLog.objects.exists()
