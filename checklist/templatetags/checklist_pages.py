"""The checklist pages' long lists, written in Python: the readiness matrix's rows and its list of
action plans, and the cards of the lessons library.

A round of thirty organisations and ten routines is three hundred cells, each with its answer in
words, the comment and action plan that a pop-up shows (and a screen reader reads with the cell),
and the link that makes a readiness action of it. Written cell by cell through the template engine
that is tens of thousands of lookups, translations and URL reversals per page; here every word is
translated once and every URL reversed once per page, and each cell is a few string operations.
A page of the library is fifty lessons, each with its case, themes and three texts: the same.

The markup is the same as a template would write: every value from the database is escaped, and
every translated text too (``html.escape``, what Django's ``escape`` calls, without its lazy-string
wrapper: a few thousand calls a page). ``printing``: no links and no pop-ups (the print page lists the plans
under the matrix).
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import Sharing
from checklist.rounds.models import Value
from config import formats
from establishments.models import Phase, Theme

register = template.Library()

_PLACEHOLDER = 918273645  # a pk no page has: the URL is reversed once, the real pk put in its place


def _url(name: str):
    """A function of a pk giving ``name``'s URL for it, reversed once."""
    head, tail = reverse(name, args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    return lambda pk: f"{escape(head)}{int(pk)}{escape(tail)}"


class _Words:
    """The page's fixed texts, translated and escaped once."""

    def __init__(self):
        self.labels = {v: escape(str(Value(v).label)) for v in Value.values}
        self.not_submitted = escape(_("not submitted"))
        self.no_answer = escape(_("no answer"))
        self.routine = escape(_("routine"))
        self.comment = escape(_("Comment:"))
        self.plan = escape(_("Action plan:"))
        self.who = escape(_("Who:"))
        self.by_when = escape(_("By when:"))
        self.action = escape(_("action"))
        self.made = escape(_("the readiness action made of %(org)s’s answer to routine %(n)s"))
        self.make = escape(_("make a readiness action of %(org)s’s answer to routine %(n)s"))
        self.the_action = escape(_("The action"))
        self.make_action = escape(_("Make an action"))
        self.edit_url = _url("checklist:action_edit")
        self.new_url = _url("checklist:action_from_answer")
        self._days: dict = {}

    def day(self, value) -> str:
        """``formats.day``, once per date on the page."""
        if value not in self._days:
            self._days[value] = escape(formats.day(value))
        return self._days[value]


def _label(cell, words: _Words) -> str:
    if cell.answer:
        return words.labels.get(cell.answer.value, escape(cell.answer.value))
    return words.not_submitted if cell.state == "draft" else words.no_answer


def _cut(text: str, limit: int = 300) -> str:
    """``truncatechars``: the text as it is when it is short enough (most are)."""
    return text if len(text) <= limit else Truncator(text).chars(limit)


def _plan_lines(answer, words: _Words) -> str:
    lines = []
    if answer.comment:
        text = escape(_cut(answer.comment))
        lines.append(f'<span class="matrix__plan-line"><strong>{words.comment}</strong> {text}</span>')
    if answer.plan_what:
        text = escape(_cut(answer.plan_what))
        lines.append(f'<span class="matrix__plan-line"><strong>{words.plan}</strong> {text}</span>')
    if answer.plan_who:
        text = escape(answer.plan_who)
        lines.append(f'<span class="matrix__plan-line"><strong>{words.who}</strong> {text}</span>')
    if answer.plan_when:
        text = words.day(answer.plan_when)
        lines.append(f'<span class="matrix__plan-line"><strong>{words.by_when}</strong> {text}</span>')
    return " ".join(lines)


def _cell(cell, org_name: str, words: _Words, *, can_manage: bool, printing: bool) -> str:
    """One ``<td>``: the answer in words (a colour only repeats it), the pop-up with the comment and
    the action plan, and the link to the readiness action."""
    label = _label(cell, words)
    state = cell.state
    number = cell.routine.number
    if cell.has_detail and not printing:
        head = f'<span class="matrix__plan-head">{org_name}, {words.routine} {number}: {label}</span>'
        body = (
            f'<span class="matrix__value" tabindex="0">{label}</span> '
            f'<span class="matrix__plan">{head} {_plan_lines(cell.answer, words)}</span>'
        )
    elif state in ("draft", "missing"):
        body = (
            f'<span class="matrix__value"><span aria-hidden="true">–</span>'
            f'<span class="visually-hidden">{label}</span></span>'
        )
    else:
        body = f'<span class="matrix__value">{label}</span>'
    if can_manage and cell.needs_plan and not printing:
        names = {"org": org_name, "n": number}
        if cell.action_ids:
            body += (
                f' <a class="matrix__act" href="{words.edit_url(cell.action_ids[0])}">'
                f'<span aria-hidden="true">✓ </span>{words.action}'
                f'<span class="visually-hidden">: {words.made % names}</span></a>'
            )
        else:
            body += (
                f' <a class="matrix__act" href="{words.new_url(cell.answer.pk)}">'
                f'<span aria-hidden="true">→ </span>{words.action}'
                f'<span class="visually-hidden">: {words.make % names}</span></a>'
            )
    value = escape(cell.value)
    return f'<td class="matrix__cell matrix__cell--{escape(state)}" data-answer="{value}">{body}</td>'


@register.simple_tag
def matrix_rows(matrix, can_manage=False, printing=False) -> SafeString:
    """The body rows of the matrix: one per organisation, its answers and its readiness figure."""
    words = _Words()
    out = []
    for row in matrix.rows:
        org = row.organisation
        name = escape(org.name)
        badge = (
            ""
            if row.participant.submitted_at
            else f'<br><span class="badge badge--warn">{words.not_submitted}</span>'
        )
        cells = "\n".join(_cell(c, name, words, can_manage=can_manage, printing=printing) for c in row.cells)
        tally = row.tally
        out.append(
            f'<tr data-organisation="{int(org.pk)}"><th scope="row">{name}{badge}</th>\n{cells}\n'
            f'<td class="num" data-value="{escape(tally.data_value)}">{escape(tally.percent)}</td></tr>'
        )
    return mark_safe("\n".join(out))  # every value above is escaped


@register.simple_tag
def matrix_plan_rows(matrix, can_manage=False, printing=False) -> SafeString:
    """The rows of the list of action plans: every counted answer with a plan, or that needs one."""
    words = _Words()
    links = can_manage and not printing
    out = []
    for cell in matrix.plans:
        answer = cell.answer
        name = escape(cell.participant.organisation.name)
        number = cell.routine.number
        value = escape(cell.value)
        link = ""
        if links:
            if cell.needs_plan:
                hidden = f'<span class="visually-hidden">: {name}, {words.routine} {number}</span>'
                if cell.action_ids:
                    link = f'<a href="{words.edit_url(cell.action_ids[0])}">{words.the_action}{hidden}</a>'
                else:
                    link = f'<a href="{words.new_url(answer.pk)}">{words.make_action}{hidden}</a>'
            link = f"<td>{link}</td>"
        word = f'<span class="answer-word answer-word--{value}">{_label(cell, words)}</span>'
        out.append(
            f'<tr><td>{number}</td><th scope="row">{name}</th><td data-answer="{value}">{word}</td>'
            f'<td class="prewrap">{escape(answer.comment)}</td>'
            f'<td class="prewrap">{escape(answer.plan_what)}</td>'
            f'<td>{escape(answer.plan_who)}</td><td class="nowrap">{words.day(answer.plan_when)}</td>'
            f"{link}</tr>"
        )
    return mark_safe("\n".join(out))  # every value above is escaped


# --- The lessons library ----------------------------------------------------------------------------


def _labels(choices) -> dict[str, str]:
    """``get_FOO_display`` for a whole page: each choice's label, translated and escaped once."""
    return {value: escape(str(label)) for value, label in choices}


@register.simple_tag
def lesson_cards(lessons) -> SafeString:
    """The library's lessons (``lessons.selectors.lesson_list``: with their case, its region, the
    writer and the themes), one card each; a confidential case is named by its code name."""
    case_url = _url("establishments:case_detail")
    themes, sharing, phases = _labels(Theme.choices), _labels(Sharing.choices), _labels(Phase.choices)
    drill = f'<span class="badge badge--drill">{escape(_("Drill"))}</span> '
    confidential = f'<span class="badge badge--conf">{escape(_("Confidential"))}</span> '
    written = escape(_("written by %(who)s, %(date)s"))
    shared_title = escape(_("May be shared with"))
    themes_word = escape(_("Themes"))
    worked, did_not = escape(_("What worked")), escape(_("What did not work"))
    differently = escape(_("What to do differently"))
    dates: dict = {}
    out = []
    for lesson in lessons:
        case = lesson.case
        pk = int(lesson.pk)
        day = timezone.localtime(lesson.created_at).date()
        if day not in dates:
            dates[day] = escape(formats.longdate(day))
        by = written % {"who": escape(str(lesson.created_by)), "date": dates[day]}
        badges = (drill if case.is_drill else "") + (confidential if case.is_confidential else "")
        shared = sharing.get(lesson.sharing) or escape(lesson.sharing)
        tags = " ".join(
            f'<span class="badge">{themes.get(t.theme) or escape(t.theme)}</span>'
            for t in lesson.themes.all()
        )
        out.append(
            f'<li><article class="card lesson" aria-labelledby="lesson-{pk}">'
            f'<h2 id="lesson-{pk}" class="lesson__title"><a href="{case_url(case.pk)}">'
            f"{escape(case.public_name)}</a></h2>"
            f'<p class="lesson__meta">{badges}'
            f'<span class="badge badge--phase">{phases.get(case.phase) or escape(case.phase)}</span> '
            f"<span>{escape(str(case.region))}</span> · <span>{by}</span> · "
            f'<span class="badge" title="{shared_title}">{shared}</span></p>'
            f'<p class="lesson__themes"><span class="visually-hidden">{themes_word}: </span>{tags}</p>'
            f'<dl class="lesson__texts">'
            f'<dt>{worked}</dt><dd class="prewrap">{escape(lesson.what_worked)}</dd>'
            f'<dt>{did_not}</dt><dd class="prewrap">{escape(lesson.what_did_not)}</dd>'
            f'<dt>{differently}</dt><dd class="prewrap">{escape(lesson.do_differently)}</dd></dl>'
            f"</article></li>"
        )
    return mark_safe("\n".join(out))  # every value above is escaped
