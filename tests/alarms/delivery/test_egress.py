"""The egress guard (config/egress.py): a webhook cannot make the server a port scanner.

A channel form refuses an address inside (literal, in any spelling, or a name that resolves there),
the send re-checks it (a name that changed its answer reaches nothing), the connection goes to the
address just checked, no redirect is followed, the answer is bounded in time and size, the user
reads only general words (the log has the details), and a saved webhook URL is never shown again.

The tests resolve names through a fake ``socket.getaddrinfo`` (there is no DNS here) and reach a
local ``http.server`` through the internal-host exemption, as only tests and development may.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import subprocess
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.delivery.services import deliver
from alarms.delivery.transports import TransportError, Webhook
from alarms.raising.services import alarm_raise
from alarms.rosters.forms import ChannelForm
from alarms.rosters.models import Channel
from config import egress
from config.egress import EgressFailed, EgressRefused, check_url, is_public_address, mask_url
from tests import factories as f

pytestmark = pytest.mark.english

REAL_GETADDRINFO = socket.getaddrinfo
PUBLIC = "93.184.216.34"
HOOK = "https://hooks.example.com/services/T000/B000/hemlig-nyckel"
GENERIC = "The receiver did not answer."


# --- A resolver without DNS, and a local receiver ------------------------------------------------


class Resolver:
    """``socket.getaddrinfo`` for the names in ``table`` (a list of addresses, or None: not found);
    addresses resolve as themselves, any other name is not found. ``calls`` lists the names asked."""

    def __init__(self, table=None):
        self.table = dict(table or {})
        self.calls: list[str] = []

    def __call__(self, host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(name)
        except ValueError:
            self.calls.append(name)
        else:
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        answer = self.table.get(name)
        if not answer:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        port = int(port or 0)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answer
        ]


@pytest.fixture
def resolver(monkeypatch):
    fake = Resolver({"hooks.example.com": [PUBLIC], "hooks.slack.com": [PUBLIC]})
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


class Receiver:
    """A local HTTP server: ``answer(handler)`` writes the answer to each POST; ``paths`` records
    every request line that arrived, with its Host header."""

    def __init__(self, answer, tls: tuple[str, str] | None = None):
        self.requests: list[tuple[str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append((self.path, self.headers.get("Host")))
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    answer(self)

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def paths(self) -> list[str]:
        return [path for path, _host in self.requests]


def answer_with(status: int, headers=(), body: bytes = b""):
    def answer(handler):
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


@pytest.fixture
def local_exempt(settings, resolver):
    """hooks.example.com is the local receiver, exempt from the address check (tests only)."""
    settings.EGRESS_ALLOW_HTTP = True
    settings.EGRESS_ALLOW_INTERNAL_HOSTS = ["127.0.0.1"]
    resolver.table["hooks.example.com"] = ["127.0.0.1"]
    return resolver


# --- The channel form --------------------------------------------------------------------------


@pytest.fixture
def me(client, db):
    """An actor contact whose account is linked to their person (who may change their own channels)."""
    user = f.contact()
    person = f.PersonFactory(organisation=user.organisation, user=user, email="jag@example.se")
    f.ChannelFactory(person=person, kind="email", target="jag@example.se", position=1)
    client.force_login(user)
    return person


def add_webhook(client, person, url):
    return client.post(
        reverse("alarms:channel_create", args=[person.pk]),
        {"kind": "webhook", "target": url, "is_enabled": "on"},
    )


INTERNAL = "The address leads to an internal or private network. Alarms are only sent to public receivers."


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://127.0.0.1/", "Use an address that starts with https://."),
        ("https://127.0.0.1/", INTERNAL),
        ("https://localhost/", INTERNAL),
        ("https://api.localhost/", INTERNAL),
        ("https://10.0.0.1/", INTERNAL),
        ("https://169.254.169.254/latest/meta-data/", INTERNAL),
        ("https://[::1]/", INTERNAL),
        ("https://[::ffff:127.0.0.1]/", INTERNAL),
        ("https://[::ffff:a9fe:a9fe]/", INTERNAL),
        ("https://2130706433/", INTERNAL),
        ("https://0x7f.1/", INTERNAL),
        ("https://0177.0.0.1/", INTERNAL),
        ("https://127.1/", INTERNAL),
        ("https://[64:ff9b::a00:1]/", INTERNAL),
        ("https://[2002:c0a8:0101::]/", INTERNAL),
        ("https://8.8.8.8/hook", "Use the receiver's host name, not an IP address."),
        ("https://good@127.0.0.1/", "The address must not contain a user name or password."),
        ("https://hooks.example.com@127.0.0.1/", "The address must not contain a user name or password."),
        ("https://user:pw@hooks.example.com/x", "The address must not contain a user name or password."),
        ("https://localhost./", "Write the host name without a dot at the end."),
        ("https://hooks.example.com./x", "Write the host name without a dot at the end."),
        ("https://metadata/", "Give the receiver's full host name, e.g. hooks.slack.com."),
        ("https://hooks.example.com\\@127.0.0.1/", "Enter a valid https URL."),
        ("ftp://hooks.example.com/x", "Enter a valid https URL."),
        ("hooks.example.com", "Enter a valid https URL."),
        ("https://intern.example.com/x", INTERNAL),
        ("https://blandat.example.com/x", INTERNAL),
        ("https://finns-inte.example.com/x", "The host name finns-inte.example.com could not be found."),
    ],
)
def test_the_channel_form_refuses_an_address_inside_with_a_clear_message(client, me, resolver, url, message):
    resolver.table["intern.example.com"] = ["10.1.2.3"]
    resolver.table["blandat.example.com"] = [PUBLIC, "fd00::5"]  # one inside is enough to refuse
    before = list(Channel.objects.values_list("pk", "target"))

    response = add_webhook(client, me, url)

    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert list(Channel.objects.values_list("pk", "target")) == before


def test_the_channel_form_takes_a_public_webhook_and_never_shows_it_again(client, me, resolver):
    teams = "https://contoso.webhook.office.com/webhookb2/a1b2@c3d4/IncomingWebhook/e5f6/hemlig"
    resolver.table["contoso.webhook.office.com"] = [PUBLIC]
    for url in (HOOK, teams):
        response = add_webhook(client, me, url)
        assert response.status_code == 302, response.content.decode()[-2000:]
    assert set(me.alarm_channels.filter(kind="webhook").values_list("target", flat=True)) == {HOOK, teams}

    page = client.get(response["Location"]).content.decode()  # with the "… is added." message
    assert "https://hooks.example.com/…/••••" in page
    assert "https://contoso.webhook.office.com/…/••••" in page
    assert "hemlig" not in page and "T000" not in page and "a1b2" not in page

    channel = me.alarm_channels.get(target=HOOK)
    edit = client.get(reverse("alarms:channel_edit", args=[channel.pk])).content.decode()
    assert "hemlig" not in edit and "T000" not in edit
    assert "https://hooks.example.com/…/••••" in edit and "Leave the field empty to keep it" in edit

    entry = f.roster_entry("24", organisation=me.organisation, deputy=False, channels=())
    entry.primary = me
    entry.save()
    client.force_login(f.coordinator("24"))
    body = client.get(reverse("alarms:roster", args=["24"])).content.decode()
    assert "https://hooks.example.com/…/••••" in body and "hemlig" not in body


def test_editing_a_webhook_keeps_the_url_when_left_empty_and_checks_a_new_one(client, me, resolver):
    assert add_webhook(client, me, HOOK).status_code == 302
    channel = me.alarm_channels.get(kind="webhook")
    url = reverse("alarms:channel_edit", args=[channel.pk])

    assert client.post(url, {"kind": "webhook", "target": ""}).status_code == 302
    channel.refresh_from_db()
    assert (channel.target, channel.is_enabled) == (HOOK, False)  # kept; switched off

    response = client.post(url, {"kind": "webhook", "target": "https://10.0.0.1/x", "is_enabled": "on"})
    assert INTERNAL in response.content.decode()
    channel.refresh_from_db()
    assert (channel.target, channel.is_enabled) == (HOOK, False)

    response = client.post(url, {"kind": "email", "target": ""})  # another kind needs its own address
    assert "Give the address this channel sends to." in response.content.decode()


def test_the_allow_list_limits_webhooks_to_the_hosts_named(client, me, resolver, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.slack.com", "*.webhook.office.com"]
    for name in ("contoso.webhook.office.com", "webhook.office.com", "evilwebhook.office.com"):
        resolver.table[name] = [PUBLIC]
    resolver.table["webhook.office.com.example.com"] = [PUBLIC]

    refused = "Alarms may only be sent to these hosts: hooks.slack.com, *.webhook.office.com."
    for url in (
        HOOK,
        "https://webhook.office.com/x",
        "https://evilwebhook.office.com/x",
        "https://webhook.office.com.example.com/x",
    ):
        assert refused in add_webhook(client, me, url).content.decode(), url
    for url in ("https://hooks.slack.com/services/T/B/x", "https://contoso.webhook.office.com/webhookb2/x"):
        assert add_webhook(client, me, url).status_code == 302, url


def test_the_allow_list_is_checked_again_at_send_time(settings, resolver):
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.slack.com"]
    delivery = mock.Mock(target=HOOK, key="a1-r2-0-0-c3")
    with (
        mock.patch.object(egress, "_connection", side_effect=AssertionError("connected")),
        pytest.raises(TransportError) as exc,
    ):
        Webhook().notify(delivery, mock.Mock(subject="s", body="b", data={}))
    assert exc.value.permanent and exc.value.message == GENERIC


def test_the_form_itself_refuses_it(resolver):
    form = ChannelForm({"kind": "webhook", "target": "https://[::1]/x", "is_enabled": "on"})
    assert not form.is_valid() and form.errors["target"] == [INTERNAL]


# --- At send time ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_name_that_points_inside_by_send_time_reaches_nothing(client, resolver, caplog):
    """Public when the channel was saved, private when the alarm goes (DNS rebinding): refused,
    nothing sent, the user reads general words, the log says what happened."""
    entry = f.roster_entry("24", deputy=False, channels=())
    client.force_login(f.coordinator("24"))
    assert add_webhook(client, entry.primary, HOOK).status_code == 302
    alarm = alarm_raise(
        user=f.coordinator("24"), municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="Övning"
    )
    delivery = alarm.deliveries.get(kind="webhook")

    resolver.table["hooks.example.com"] = ["10.0.0.5"]
    with mock.patch.object(egress, "_connection", side_effect=AssertionError("connected")) as connect:
        assert deliver(delivery.pk) is False

    connect.assert_not_called()
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.FAILED and delivery.attempts == 1  # permanent: no retry
    assert delivery.error == GENERIC
    assert "10.0.0.5" in caplog.text and delivery.key in caplog.text

    for page in (
        reverse("alarms:person_channels", args=[entry.primary.pk]),
        reverse("alarms:roster", args=["24"]),
        reverse("alarms:detail", args=[alarm.pk]),
    ):
        body = client.get(page).content.decode()
        assert GENERIC in body, page
        assert "10.0.0.5" not in body and "hemlig-nyckel" not in body, page


@pytest.mark.django_db
def test_an_old_detailed_failure_is_not_shown_either(client):
    """A failure recorded before the guard said what happened; the pages say only general words."""
    entry = f.roster_entry("24", deputy=False, channels=("webhook",))
    entry.primary.alarm_channels.update(
        last_failure_at="2025-01-01T00:00:00Z", last_failure="[Errno 111] Connection refused"
    )
    client.force_login(f.coordinator("24"))
    for page in (
        reverse("alarms:person_channels", args=[entry.primary.pk]),
        reverse("alarms:roster", args=["24"]),
    ):
        body = client.get(page).content.decode()
        assert f"last delivery failed: {GENERIC}" in body and "Connection refused" not in body


def test_a_name_not_found_at_send_time_is_worth_another_try(resolver, caplog):
    resolver.table.pop("hooks.example.com")
    with pytest.raises(EgressFailed):
        egress.post(HOOK, b"{}", {})
    assert "not resolved" in caplog.text


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected(local_exempt):
    with Receiver(answer_with(204)) as receiver:
        url = f"http://hooks.example.com:{receiver.port}/hook?x=1"
        assert egress.post(url, b"{}", {"Content-Type": "application/json"}) == 204
    assert local_exempt.calls == ["hooks.example.com"]  # once: the connection used the checked address
    assert receiver.requests == [("/hook?x=1", f"hooks.example.com:{receiver.port}")]


def test_a_redirect_is_never_followed(local_exempt, caplog):
    with Receiver(lambda h: answer_with(302, [("Location", "/elsewhere")])(h)) as receiver:
        url = f"http://hooks.example.com:{receiver.port}/hook"
        assert egress.post(url, b"{}", {}) == 302
        delivery = mock.Mock(target=url, key="a1-r2-0-0-c3")
        with pytest.raises(TransportError) as exc:
            Webhook().notify(delivery, mock.Mock(subject="s", body="b", data={}))
    assert receiver.paths == ["/hook", "/hook"]  # never /elsewhere
    assert exc.value.permanent and exc.value.message == GENERIC
    assert "HTTP 302" in caplog.text


def test_the_answer_is_read_up_to_the_limit_only(local_exempt):
    def endless(handler):
        handler.send_response(200)
        handler.end_headers()
        chunk = b"x" * 65536
        for _ in range(2000):  # 128 MiB, unless the client stops reading
            handler.wfile.write(chunk)

    with Receiver(endless) as receiver:
        started = time.monotonic()
        status, data = egress._exchange(
            f"http://hooks.example.com:{receiver.port}/hook", b"{}", {}, timeout=5, max_bytes=1000
        )
    assert status == 200 and len(data) == 1000
    assert time.monotonic() - started < 3


def test_a_receiver_that_trickles_its_answer_is_cut_off_at_the_deadline(local_exempt):
    def trickle(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(100):
            handler.wfile.write(b"a")
            handler.wfile.flush()
            time.sleep(0.1)

    with Receiver(trickle) as receiver:
        started = time.monotonic()
        with pytest.raises(EgressFailed, match="deadline"):
            egress.post(f"http://hooks.example.com:{receiver.port}/hook", b"{}", {}, timeout=1)
    assert time.monotonic() - started < 3


def test_a_receiver_that_never_answers_times_out(local_exempt):
    with Receiver(lambda h: time.sleep(3)) as receiver:
        started = time.monotonic()
        with pytest.raises(EgressFailed):
            egress.post(f"http://hooks.example.com:{receiver.port}/hook", b"{}", {}, timeout=0.5)
    assert time.monotonic() - started < 2


def test_without_the_exemption_the_local_receiver_is_out_of_reach(local_exempt, settings):
    settings.EGRESS_ALLOW_INTERNAL_HOSTS = []
    with Receiver(answer_with(200)) as receiver:
        for url in (f"http://hooks.example.com:{receiver.port}/", f"http://127.0.0.1:{receiver.port}/"):
            with pytest.raises(EgressRefused):
                egress.post(url, b"{}", {})
    assert receiver.requests == []


def test_http_needs_the_development_setting(local_exempt, settings):
    settings.EGRESS_ALLOW_HTTP = False
    with pytest.raises(EgressRefused) as exc:
        egress.post("http://hooks.example.com/x", b"{}", {})
    assert exc.value.code == "scheme"


def test_https_verifies_the_certificate_against_the_name(resolver):
    target = check_url("https://hooks.example.com:8443/x")
    connection = egress._connection(target, target.addresses[0], 5)
    assert connection.host == PUBLIC and connection.port == 8443  # the checked address, pinned
    assert connection.server_hostname == "hooks.example.com"  # SNI
    assert connection.assert_hostname == "hooks.example.com"
    assert connection.cert_reqs == "CERT_REQUIRED"
    assert target.host_header == "hooks.example.com:8443"


@pytest.fixture
def self_signed(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=hooks.example.com"]
            + ["-addext", "subjectAltName=DNS:hooks.example.com"],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("openssl is needed to make a certificate")
    return str(cert), str(key)


def test_a_certificate_nobody_vouches_for_is_refused(local_exempt, self_signed):
    with (
        Receiver(answer_with(200), tls=self_signed) as receiver,
        pytest.raises(EgressFailed, match="(?i)certificate"),
    ):
        egress.post(f"https://hooks.example.com:{receiver.port}/hook", b"{}", {}, timeout=3)
    assert receiver.requests == []


# --- Showing an address ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, shown",
    [
        ("https://hooks.slack.com/services/T0/B0/xyz", "https://hooks.slack.com/…/••••"),
        ("https://hooks.slack.com", "https://hooks.slack.com"),
        ("https://hooks.slack.com/?token=x", "https://hooks.slack.com/…/••••"),
        ("https://user:pw@hooks.example.com:8443/x", "https://hooks.example.com:8443/…/••••"),
        ("not a url", "••••"),
        ("", "••••"),
    ],
)
def test_a_webhook_url_is_shown_as_scheme_and_host_only(url, shown):
    assert mask_url(url) == shown


def test_a_channel_and_a_delivery_show_the_masked_url():
    channel = Channel(kind="webhook", target=HOOK)
    assert str(channel) == "Webhook (Teams, Slack …): https://hooks.example.com/…/••••"
    assert "hemlig" not in str(Delivery(kind="webhook", target=HOOK))
    assert Channel(kind="email", target="a@example.se").display_target == "a@example.se"


# --- The address classifier (property tests) ---------------------------------------------------

NOT_GLOBAL_V4 = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
]  # fmt: skip
NOT_GLOBAL_V6 = [
    "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
    "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
]  # fmt: skip

# Not global by the IANA special-purpose registries (``ipaddress`` calls a few addresses in 192.0.0.0/24,
# 64:ff9b:1::/48 and fec0::/10 global; the guard refuses them all the same).
not_global_v4 = st.sampled_from(NOT_GLOBAL_V4).flatmap(lambda n: st.ip_addresses(network=n))
not_global_v6 = st.sampled_from(NOT_GLOBAL_V6).flatmap(lambda n: st.ip_addresses(network=n))
quiet = hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def v4_spellings(ip: ipaddress.IPv4Address) -> list[str]:
    """Every way a URL may write an IPv4 address that a resolver or browser takes."""
    a, b, c, d = ip.packed
    n = int(ip)
    return [
        str(ip),
        str(n),
        hex(n),
        f"{a:#o}.{b:#o}.{c:#o}.{d:#o}".replace("0o", "0"),
        f"{a:#x}.{b:#x}.{c:#x}.{d:#x}",
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"{a}.{b}.{(c << 8) | d}",
        f"{ip}.",
        f"[::ffff:{ip}]",
        f"[::{ip}]",
        f"[2002:{a:02x}{b:02x}:{c:02x}{d:02x}::1]",
        f"[64:ff9b::{ip}]",
    ]


@quiet
@given(st.ip_addresses())
def test_an_address_that_is_not_global_is_never_public(ip):
    if not ip.is_global:
        assert not is_public_address(ip)
    if is_public_address(ip):
        assert ip.is_global and not ip.is_multicast and not ip.is_private and not ip.is_loopback


@quiet
@given(st.one_of(not_global_v4, not_global_v6))
def test_every_address_of_the_special_networks_is_refused(ip):
    assert not is_public_address(ip)


@quiet
@given(not_global_v4)
def test_an_inside_ipv4_address_is_refused_in_every_spelling(ip):
    resolver = Resolver()
    with mock.patch.object(socket, "getaddrinfo", resolver):
        for host in v4_spellings(ip):
            with pytest.raises(EgressRefused) as exc:
                check_url(f"https://{host}/hook")
            assert exc.value.code in ("internal", "trailing_dot"), host
    assert resolver.calls == []  # refused before any name was looked up


@quiet
@given(not_global_v6)
def test_an_inside_ipv6_address_is_refused_written_in_the_url(ip):
    with mock.patch.object(socket, "getaddrinfo", Resolver()), pytest.raises(EgressRefused) as exc:
        check_url(f"https://[{ip}]/hook")
    assert exc.value.code == "internal"


@quiet
@given(st.one_of(not_global_v4, not_global_v6), st.sampled_from([[], [PUBLIC], [PUBLIC, "2606:4700::1"]]))
def test_a_name_that_resolves_to_any_inside_address_is_refused(ip, others):
    answer = [*others, str(ip)]
    if isinstance(ip, ipaddress.IPv4Address):
        answer.append(f"::ffff:{ip}")
    with (
        mock.patch.object(socket, "getaddrinfo", Resolver({"hooks.example.com": answer})),
        pytest.raises(EgressRefused) as exc,
    ):
        check_url(HOOK)
    assert exc.value.code == "internal"


@quiet
@given(st.ip_addresses().filter(is_public_address))
def test_a_name_that_resolves_to_public_addresses_passes(ip):
    with mock.patch.object(socket, "getaddrinfo", Resolver({"hooks.example.com": [str(ip)]})):
        assert check_url(HOOK).addresses == [str(ip)]
