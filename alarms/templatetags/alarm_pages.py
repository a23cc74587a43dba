"""Template helpers of the alarm pages: the ``duration`` filter, and the rows of the lists that grow
with the alarms (the alarm list, the inbox, the status board and its timeline), written in Python.

A list's rows are the same markup a template loop would write, but every fixed word is translated
once per page and every URL reversed once, and each row is a few string operations rather than a
few hundred template lookups: the board is polled every few seconds by everyone who follows an open
alarm. Every value from the database is escaped (``html.escape``, what Django's ``escape`` calls),
and every translated text too.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alarms.core.models import Alarm, AlarmKind, EventKind, Response
from config import formats

register = template.Library()

_PLACEHOLDER = 918273645  # a pk no row has: a URL is reversed once, the row's pk put in its place


@register.filter
def duration(value: timedelta | None) -> str:
    """A time span as an alarm is measured: "42 s", "4 min 12 s", "1 h 3 min"."""
    if value is None:
        return "–"
    seconds = max(int(value.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d min %(s)d s") % {"m": minutes, "s": seconds}
    return _("%(s)d s") % {"s": seconds}


def _url(name: str):
    """A function of a pk giving ``name``'s URL for it, reversed once."""
    head, tail = reverse(name, args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    head, tail = escape(head), escape(tail)
    return lambda pk: f"{head}{int(pk)}{tail}"


def _labels(choices) -> dict[str, str]:
    """``get_FOO_display`` for a whole page: each choice's label, translated and escaped once."""
    return {value: escape(str(label)) for value, label in choices}


def _label(labels: dict[str, str], value) -> str:
    return labels.get(value) or escape(str(value))


def _clock(value, fmt: str = "H:i:s") -> str:
    """``{{ value|date:"H:i:s" }}``: the local time of day, "" for none."""
    if not value:
        return ""
    return dateformat.format(timezone.localtime(value) if timezone.is_aware(value) else value, fmt)


def _cut(text: str, limit: int) -> str:
    """``truncatechars``: the text as it is when it is short enough (most are)."""
    return text if len(text) <= limit else Truncator(text).chars(limit)


# --- The alarm list -------------------------------------------------------------------------------


@register.simple_tag
def alarm_rows(alarms) -> SafeString:
    """The rows of the alarm list (``raising.selectors.alarm_list``: with the answered counts)."""
    url = _url("alarms:detail")
    kinds, states = _labels(AlarmKind.choices), _labels(Alarm.State.choices)
    drill_text = _("Drill")
    drill = f'<span class="badge badge--drill" data-drill="true">{escape(drill_text)}</span>'
    answered = escape(_("%(answered)s of %(total)s"))
    out = []
    for a in alarms:
        is_open, is_drill = a.is_open, a.is_drill
        css = ("alarm-row--open" if is_open else "") + (" alarm-row--drill" if is_drill else "")
        counts = answered % {"answered": a.answered_count, "total": a.recipient_count}
        if a.mobilising_count:
            n = a.mobilising_count
            mobilising = escape(
                ngettext("%(counter)s mobilising", "%(counter)s mobilising", n) % {"counter": n}
            )
            counts += f' <span class="muted small">({mobilising})</span>'
        state = _label(states, a.state)
        badge = "badge badge--alarm-open" if is_open else "badge"
        out.append(
            f'<tr class="{css}" data-state="{escape(a.state)}" data-kind="{escape(a.kind)}">'
            f'<td class="nowrap"><a href="{url(a.pk)}">{escape(formats.daytime(a.raised_at))}</a></td>'
            f"<td>{drill if is_drill else _label(kinds, a.kind)}</td>"
            f"<td>{escape(str(a.municipality))}</td><td>{escape(str(a.raised_by))}</td>"
            f'<td class="nowrap">{counts}</td><td><span class="{badge}">{state}</span></td></tr>'
        )
    return mark_safe("\n".join(out))  # every value above is escaped


# --- The inbox ------------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def inbox_items(context, notifications, here: str) -> SafeString:
    """The inbox's notices (``inbox.views.inbox``: each with ``awaiting``/``awaiting_above``); a
    notice of an alarm that waits for the user's organisation carries the answer buttons
    (``alarms/_answer_here.html``)."""
    open_url = _url("alarms:notification_open")
    kinds = _labels(AlarmKind.choices)
    waits_text = _("Waits for your answer")
    waits = f'<span class="badge badge--warn">{escape(waits_text)}</span> '
    unread_text = _("Unread")
    unread = f'<span class="badge badge--unread">{escape(unread_text)}</span> '
    drill_text = _("Drill")
    drill = f'<span class="badge badge--drill" data-drill="true">{escape(drill_text)}</span> '
    read = escape(_("read %(when)s"))
    open_alarm = escape(_("Open the alarm"))
    newest = escape(_("Answer on the newest notice of this alarm"))
    token = context.get("csrf_token")  # as {% csrf_token %} writes it
    csrf = ""
    if token and token != "NOTPROVIDED":
        csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
    answer_here = None
    out = []
    for n in notifications:
        alarm = n.alarm
        css = ("" if n.read_at else " inbox__item--unread") + (" inbox__item--awaiting" if n.awaiting else "")
        anchor = f' id="alarm-{int(n.alarm_id)}"' if n.awaiting else ""
        badges = (
            (waits if n.awaiting or n.awaiting_above else "")
            + ("" if n.read_at else unread)
            + (drill if alarm.is_drill else "")
        )
        title = escape(n.title)
        meta = (
            f"{escape(formats.longdatetime(n.created_at))} · {_label(kinds, alarm.kind)}, "
            f"{escape(str(alarm.municipality))}"
        )
        if n.read_at:
            meta += " · " + read % {"when": escape(formats.daytime(n.read_at))}
        primary = "" if n.read_at else " button--primary"
        answer = ""
        if n.awaiting:
            if answer_here is None:
                answer_here = context.template.engine.get_template("alarms/_answer_here.html")
            with context.push(r=n.awaiting, next=here, idp=n.pk):
                answer = answer_here.render(context)
        elif n.awaiting_above:
            answer = f'<p class="small"><a href="#alarm-{int(n.alarm_id)}">{newest}</a></p>'
        out.append(
            f'<li class="item inbox__item{css}"{anchor}><div class="item__head"><div>'
            f'<h2 class="item__title">{badges}{title}</h2><p class="item__meta">{meta}</p></div>'
            f'<form method="post" action="{open_url(n.pk)}" class="actions">{csrf}'
            f'<button type="submit" class="button button--small{primary}">{open_alarm}'
            f'<span class="visually-hidden">: {title}</span></button></form></div>'
            f'<p class="prewrap inbox__body">{escape(_cut(alarm.message, 400))}</p>{answer}</li>'
        )
    return mark_safe("\n".join(out))  # every value above is escaped; the include escapes its own


# --- The status board -----------------------------------------------------------------------------


class _BoardWords:
    """The board's fixed texts, translated and escaped once."""

    def __init__(self):
        self.deputy = escape(_("Deputy:"))
        self.no_deputy = escape(_("No deputy"))
        # The msgids stay outside the f-strings: xgettext does not look inside them.
        delivered, sending = _("Delivered"), _("Notified, sending")
        unreached, no_answer = _("Not reached: no working channel"), _("No answer yet")
        self.delivered = f'<span class="badge badge--ok">{escape(delivered)}</span>'
        self.sending = f'<span class="badge badge--info">{escape(sending)}</span>'
        self.unreached = f'<span class="badge badge--danger">{escape(unreached)}</span>'
        self.no_answer = f'<span class="badge badge--warn">{escape(no_answer)}</span>'
        self.who_comes = escape(_("Who comes:"))
        self.reason = escape(_("Reason:"))
        self.by_link = escape(_("answered by %(who)s with the link"))
        self.in_app = escape(_("answered by %(who)s in Samhandla"))
        self.recorded = escape(_("recorded by %(who)s"))
        self.to_deputy = escape(_("Escalated to the deputy"))
        self.to_coordinator = escape(_("Escalated to the coordinator"))
        self.repeat = escape(_("repeat %(round)s of %(max)s"))
        self.not_escalated = f'<span class="muted small">{escape(_("Not escalated"))}</span>'
        self.next_step = escape(_("Next step"))
        self.responses = _labels(Response.choices)


def _delivery(r, w: _BoardWords) -> str:
    if r.delivered_count:
        cell = f'{w.delivered} <span class="small nowrap">{_clock(r.first_delivered_at)}</span>'
    elif r.queued_count:
        cell = w.sending
    elif not r.failed_count:
        cell = w.unreached
    else:
        cell = ""
    if r.failed_count:
        n = r.failed_count
        failed = escape(
            ngettext("%(counter)s delivery failed", "%(counter)s deliveries failed", n) % {"counter": n}
        )
        cell += (
            f'<br><span class="badge badge--danger">{failed}</span> '
            f'<span class="small">{escape(r.last_error or "")}</span>'
        )
    return cell


def _answer(r, w: _BoardWords) -> str:
    label = _label(w.responses, r.response)
    if r.response == Response.MOBILISING:
        cell = f'<span class="badge badge--ok">✓ {label}</span>'
    elif r.response == Response.DECLINED:
        cell = f'<span class="badge badge--danger">✗ {label}</span>'
    else:
        cell = w.no_answer
    if not r.responded_at:
        return cell
    if r.response == Response.MOBILISING and r.who_comes:
        said = f"{w.who_comes} {escape(r.who_comes)}"
    elif r.reason:
        said = f"{w.reason} {escape(r.reason)}"
    else:
        said = ""
    if r.responded_by_person:
        said += f" ({w.by_link % {'who': escape(r.responded_by_person.name)}})"
    elif r.responded_by_user and r.responded_by_user.organisation_id == r.organisation_id:
        said += f" ({w.in_app % {'who': escape(str(r.responded_by_user))}})"
    elif r.responded_by_user:
        said += f" ({w.recorded % {'who': escape(str(r.responded_by_user))}})"
    at = _clock(r.responded_at)
    return f'{cell} <span class="small nowrap">{at}</span><br><span class="small">{said}</span>'


def _escalation(r, alarm, w: _BoardWords) -> str:
    if r.step:
        to = w.to_deputy if r.step == 1 else w.to_coordinator
        at = _clock(r.escalated_at)
        cell = f'<span class="badge badge--escalated">{to}</span> <span class="small nowrap">{at}</span>'
        if r.round:
            repeat = w.repeat % {"round": int(r.round), "max": int(alarm.max_repeats)}
            cell += f'<br><span class="small">{repeat}</span>'
    else:
        cell = w.not_escalated
    if alarm.is_open and r.next_step_at and not r.has_answered:
        cell += f'<br><span class="small muted">{w.next_step} {_clock(r.next_step_at, "H:i")}</span>'
    return cell


@register.simple_tag
def board_rows(recipients, alarm) -> SafeString:
    """The board's rows, one per alarmed organisation (``raising.selectors.board``): delivery, answer
    and escalation, with their times."""
    w = _BoardWords()
    out = []
    for r in recipients:
        deputy = f"{w.deputy} {escape(r.deputy.name)}" if r.deputy else w.no_deputy
        response, step = escape(r.response), int(r.step)
        out.append(
            f'<tr class="board-row board-row--{response}" data-response="{response}" data-step="{step}">'
            f'<th scope="row">{escape(str(r.organisation))}</th>'
            f'<td>{escape(r.primary.name)}<br><span class="small muted">{deputy}</span></td>'
            f"<td>{_delivery(r, w)}</td><td>{_answer(r, w)}</td><td>{_escalation(r, alarm, w)}</td></tr>"
        )
    return mark_safe("\n".join(out))  # every value above is escaped


@register.simple_tag
def timeline_items(events) -> SafeString:
    """The alarm's timeline (``raising.selectors.timeline``), oldest first."""
    kinds = _labels(EventKind.choices)
    out = []
    for e in events:
        who = ""
        if e.recipient:
            who += f": {escape(str(e.recipient.organisation))}"
        if e.person:
            who += f" ({escape(e.person.name)})"
        elif e.user:
            who += f" ({escape(str(e.user))})"
        text = f'<br><span class="small">{escape(e.text)}</span>' if e.text else ""
        out.append(
            f'<li class="event event--{escape(e.kind)}"><span class="nowrap">{_clock(e.at)}</span> '
            f"<strong>{_label(kinds, e.kind)}</strong>{who}{text}</li>"
        )
    return mark_safe("\n".join(out))  # every value above is escaped
