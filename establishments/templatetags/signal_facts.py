"""How signals and cases read in lists: a signal's size ("1 500 jobs · 2 000 MSEK · 80 MW", only what
is known), and the rows of the signal and case lists, written in Python.

A list page is fifty rows of six cells, each with a link, a translated label or two, a date and a
choice's label. Written through the template engine that is thousands of lookups, translations and
URL reversals per page; here every fixed word is translated once and every URL reversed once per
page, and a row is a few string operations. The markup is what the templates wrote before: every value
from the database is escaped, and every translated text too (``html.escape``, what Django's
``escape`` calls, without its lazy-string wrapper).
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from accounts.models import Confidentiality
from config import formats
from config.paths import link
from establishments.models import EstablishmentCase, Phase, Signal

register = template.Library()

CONFIDENTIAL = Confidentiality.CONFIDENTIAL.value
RESTRICTED = Confidentiality.RESTRICTED.value


def _number(value) -> str:
    """Grouped as the language groups thousands (Swedish: a non-breaking space), no needless decimals."""
    if value is None:
        return ""
    decimals = 0 if value == int(value) else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _phrases() -> tuple[str, str, str]:
    return _("%(jobs)s jobs"), _("%(msek)s MSEK"), _("%(mw)s MW")


@register.filter
def signal_size(signal, phrases: tuple[str, str, str] | None = None) -> list[str]:
    """The known figures of a signal, each as a short phrase (``phrases``: ``_phrases()``, translated
    once for a whole list)."""
    jobs, msek, mw = phrases or _phrases()
    parts = []
    if signal.jobs is not None:
        parts.append(jobs % {"jobs": _number(signal.jobs)})
    if signal.investment_msek is not None:
        parts.append(msek % {"msek": _number(signal.investment_msek)})
    if signal.power_mw is not None:
        parts.append(mw % {"mw": _number(signal.power_mw)})
    return parts


def _url(name: str):
    """A function of a pk giving ``name``'s URL for it, escaped (``config.paths.link``: reversed once)."""
    return lambda pk: escape(link(name, int(pk)))


def _labels(choices) -> dict[str, str]:
    return {value: escape(str(label)) for value, label in choices}


def _since(value) -> str:
    """What ``|timesince`` writes: "3 months, 2 weeks"; nothing for no date or a date it cannot read."""
    if not value:
        return ""
    try:
        return timesince(value)
    except (ValueError, TypeError):
        return ""


def _case_name(case: EstablishmentCase) -> str:
    """``public_name``: the code name of a confidential case."""
    return case.code_name if case.confidentiality == CONFIDENTIAL else case.name


@register.simple_tag
def signal_rows(signals) -> SafeString:
    """The rows (``<tr>``) of the signal list."""
    signal_url = _url("establishments:signal_detail")
    case_url = _url("establishments:case_detail")
    channels = _labels(Signal.Channel.choices)
    states = _labels(Signal.State.choices)
    confidential_text = _("Confidential")
    confidential = f' <span class="badge badge--conf">{escape(confidential_text)}</span>'
    not_known_text = _("Not known")
    not_known = f'<span class="muted">{escape(not_known_text)}</span>'
    unknown_sender_text = _("Unknown sender")
    unknown_sender = f'<span class="muted">{escape(unknown_sender_text)}</span>'
    size, sender, place = escape(_("Size")), escape(_("From")), escape(_("Municipality"))
    state, received = escape(_("State")), escape(_("Received"))
    phrases, today = _phrases(), timezone.localdate()
    rows = []
    for s in signals:
        parts = signal_size(s, phrases)
        figures = " · ".join(f'<span class="nowrap">{escape(p)}</span>' for p in parts) or not_known
        if s.source_organisation_id:
            source = escape(s.source_organisation.name)
        else:
            source = escape(s.source_text) if s.source_text else unknown_sender
        case = ""
        if s.case_id:
            case = f'<br><a class="small" href="{case_url(s.case_id)}">{escape(_case_name(s.case))}</a>'
        when = timezone.localtime(s.received_at)
        rows.append(
            "<tr>\n"
            f'    <td class="signal-table__subject"><a href="{signal_url(s.pk)}">{escape(s.subject)}</a>'
            f"{confidential if s.confidentiality == CONFIDENTIAL else ''}</td>\n"
            f'    <td data-label="{size}"><div>{figures}</div></td>\n'
            f'    <td data-label="{sender}"><div>{source}<br>'
            f'<span class="muted small">{channels.get(s.channel, escape(s.channel))}</span></div></td>\n'
            f'    <td data-label="{place}"><div>{escape(s.municipality.name)}</div></td>\n'
            f'    <td data-label="{state}"><div><span class="badge badge--state-{escape(s.state)}">'
            f"{states.get(s.state, escape(s.state))}</span>{case}</div></td>\n"
            f'    <td data-label="{received}"><div><time datetime="{when.isoformat()}">'
            f"{escape(formats.daytime(when, today=today))}</time></div></td>\n"
            "  </tr>"
        )
    return mark_safe("\n  ".join(rows))  # every value above is escaped


@register.simple_tag
def case_rows(cases) -> SafeString:
    """The rows (``<tr>``) of the case list."""
    case_url = _url("establishments:case_detail")
    phases = _labels(Phase.choices)
    drill_text = _("Drill")
    drill = f'<span class="badge badge--drill" data-drill="true">{escape(drill_text)}</span> '
    confidential_text = _("Confidential")
    confidential = f' <span class="badge badge--conf">{escape(confidential_text)}</span>'
    restricted = f' <span class="badge">{escape(str(Confidentiality.RESTRICTED.label))}</span>'
    rows = []
    for c in cases:
        conf = c.confidentiality
        badge = confidential if conf == CONFIDENTIAL else restricted if conf == RESTRICTED else ""
        company = ""
        if c.company_id and conf != CONFIDENTIAL:
            company = f'<br><span class="muted small">{escape(str(c.company))}</span>'
        since = escape(_("for %(since)s") % {"since": _since(c.phase_started_at)})
        target = ""
        if c.target_jobs:
            target = escape(formats.num(c.target_jobs))
            if c.target_date:
                by = escape(_("by %(year)s") % {"year": f"{c.target_date.year:04d}"})
                target += f' <span class="muted small">{by}</span>'
        rows.append(
            "<tr>\n"
            f"    <td>{drill if c.is_drill else ''}"
            f'<a href="{case_url(c.pk)}">{escape(_case_name(c))}</a>{badge}{company}</td>\n'
            f'    <td><span class="badge badge--phase">{phases.get(c.phase, escape(c.phase))}</span><br>'
            f'<span class="muted small">{since}</span></td>\n'
            f"    <td>{escape(str(c.lead_municipality))}<br>"
            f'<span class="muted small">{escape(str(c.region))}</span></td>\n'
            f"    <td>{target}</td>\n"
            f"    <td>{escape(str(c.coordinator))}<br>"
            f'<span class="muted small">{escape(str(c.deputy))}</span></td>\n'
            "  </tr>"
        )
    return mark_safe("\n  ".join(rows))  # every value above is escaped
