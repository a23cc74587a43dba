"""The contact routes tab's rows as HTML: a route with its referral chain, a step, a person.

A tab lists every route with its steps and the people of both, each with links, badges and contact
details: drawn here with ``html()`` (``workspace.core.html``: everything escaped that is not markup)
rather than by the template engine node by node, which cost most of the page. The templates' partials
(``workspace/contact_routes.html#item`` and ``#step``) draw one row through these, for the tab and
for the fragments htmx swaps in after an edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts import policy
from config import formats
from config.paths import link
from workspace.core.html import html

from .models import ContactRoute, RouteStep, RouteTopic


@dataclass
class RowContext:
    """What every row of one answer shares: the case, the reader and what they may do."""

    case: object
    user: object
    csrf_input: str
    left: set = field(default_factory=set)  # ids of people who have left their role
    can_edit: bool = False
    readonly: bool = False
    show_internal: bool = False
    just_saved: bool = False
    grouped: bool = True  # inside its topic's section (else the topic is named in the row)

    def __post_init__(self):
        self.topics = {value: str(label) for value, label in RouteTopic.choices}
        self.sharing = {value: str(label) for value, label in ContactRoute._meta.get_field("sharing").choices}
        self.hidden = html(
            '<span class="muted small contact-hidden">{}</span>',
            _("Contact details are shown for people in your organisation and in your cases."),
        )
        self.history, self.edit = _("History"), _("Edit")
        self.saved = html(' · <span role="status">{}</span>', _("Saved."))

    def in_chain(self) -> RowContext:
        """The same for the steps of a route: a route just saved does not mark its steps saved."""
        if not self.just_saved:
            return self
        return replace(self, just_saved=False)

    def warnings_refresh(self) -> str:
        """After a change the page's warnings are fetched again."""
        if not self.just_saved:
            return ""
        return html(
            '<div hx-get="{}?fragment=warnings" hx-trigger="load" hx-target="#route-warnings" '
            'hx-swap="outerHTML"></div>',
            link("workspace:contact_routes", self.case.pk),
        )


def person(who, rows: RowContext) -> SafeString:
    """Name, title, organisation, whether they have left, and phone and e-mail if the reader may
    see them (``policy.can_see_contact_details``)."""
    if not policy.can_see_contact_details(rows.user, who):
        contact = rows.hidden
    else:
        phone = html('<a href="tel:{}">{}</a>', who.phone.replace(" ", ""), who.phone) if who.phone else ""
        email = html('<a href="mailto:{}">{}</a>', who.email, who.email) if who.email else ""
        contact = html("{}{}{}", phone, " · " if phone and email else "", email)
    return html(
        '<strong>{}</strong>{}, {}{}\n<span class="route-contact">{}</span>',
        who.name,
        html(", {}", who.title) if who.title else "",
        who.organisation.name,
        html(' <span class="badge badge--warn">{}</span>', _("Has left")) if who.pk in rows.left else "",
        contact,
    )


def step(item: RouteStep, rows: RowContext) -> SafeString:
    """One step of a referral chain: its order, whether it is the fallback, the person, what they
    handle."""
    actions = []
    if not rows.readonly:
        actions.append(
            html(
                '\n<a class="small" href="{}">{}<span class="visually-hidden"> {}</span></a>',
                link("workspace:item_history", rows.case.pk, "routestep", item.pk),
                rows.history,
                item.person.name,
            )
        )
        if rows.can_edit:
            edit = link("workspace:item_edit", rows.case.pk, "routestep", item.pk)
            actions.append(
                html(
                    '\n<a class="button button--small" href="{}" hx-get="{}" hx-target="closest .item" '
                    'hx-swap="outerHTML">{}<span class="visually-hidden"> {}</span></a>',
                    edit,
                    edit,
                    rows.edit,
                    item.person.name,
                )
            )
    return html(
        '\n<div class="item step{fallback_class}" id="routestep-{pk}">\n<div class="item__head">\n'
        '<p><span class="step__order">{order}.</span> {fallback}{person}'
        '<br><span class="muted">{handles}</span>{internal}{saved}</p>{actions}\n</div>{refresh}\n</div>',
        fallback_class=" step--fallback" if item.is_fallback else "",
        pk=item.pk,
        order=item.order,
        fallback=html('<span class="badge badge--fallback">{}</span> ', _("Fallback"))
        if item.is_fallback
        else "",
        person=person(item.person, rows),
        handles=item.handles,
        internal=html(' <span class="badge">{}</span>', _("Internal")) if item.sharing == "intern" else "",
        saved=rows.saved if rows.just_saved else "",
        actions=mark_safe("".join(actions)),
        refresh=rows.warnings_refresh(),
    )


def route(item: ContactRoute, rows: RowContext) -> SafeString:
    """A route: its first contact, what they can answer, when it was verified, whom it may be shared
    with (and the internal note, for those who may read it), and its referral chain."""
    case_pk = rows.case.pk
    topic = rows.topics.get(item.topic, item.topic)
    head = []
    if not rows.readonly:
        head.append(
            html(
                '\n<a class="small" href="{}">{}<span class="visually-hidden"> {}</span></a>',
                link("workspace:item_history", case_pk, "contactroute", item.pk),
                rows.history,
                topic,
            )
        )
        if rows.can_edit:
            verify = link("workspace:route_verify", case_pk, item.pk)
            edit = link("workspace:item_edit", case_pk, "contactroute", item.pk)
            head.append(
                html(
                    '\n<div class="actions">\n<form method="post" action="{verify}" hx-post="{verify}" '
                    'hx-target="closest .item" hx-swap="outerHTML">\n{csrf}'
                    '<input type="hidden" name="version" value="{version}">\n'
                    '<button type="submit" class="button button--small">{verify_label}</button>\n</form>\n'
                    '<a class="button button--small" href="{edit}" hx-get="{edit}" hx-target="closest .item" '
                    'hx-swap="outerHTML">{edit_label}'
                    '<span class="visually-hidden"> {topic}, {name}</span></a>\n</div>',
                    verify=verify,
                    csrf=mark_safe(rows.csrf_input),
                    version=item.version,
                    verify_label=_("Mark verified today"),
                    edit=edit,
                    edit_label=rows.edit,
                    topic=topic,
                    name=item.first_contact.name,
                )
            )
    facts = [
        html(
            '<dt>{}</dt><dd class="prewrap">{}</dd>\n<dt>{}</dt><dd>{}{}{}</dd>\n<dt>{}</dt><dd>{}</dd>',
            _("Can answer"),
            item.answers,
            _("Last verified"),
            formats.longdate(item.last_verified),
            html(' <span class="badge badge--warn">{}</span>', _("Not verified for 90 days"))
            if getattr(item, "is_stale", False)
            else "",
            rows.saved if rows.just_saved else "",
            _("May be shared with"),
            rows.sharing.get(item.sharing, item.sharing),
        )
    ]
    if rows.show_internal and item.note:
        facts.append(html('\n<dt>{}</dt><dd class="prewrap">{}</dd>', _("Internal note"), item.note))
    steps = getattr(item, "visible_steps", [])
    if steps:
        in_chain = rows.in_chain()
        chain = mark_safe("".join(step(s, in_chain) for s in steps))
    else:
        chain = html('<p class="muted">{}</p>', _("Nobody to refer on to yet."))
    add_step = ""
    if rows.can_edit and not rows.readonly:
        url = link("workspace:item_create", case_pk, "routestep")
        add_step = html(
            '\n<p><a href="{url}?route={pk}" hx-get="{url}?route={pk}" hx-target="#route-{pk}-new-step" '
            'hx-swap="innerHTML">{label}<span class="visually-hidden"> ({topic}, {name})</span></a></p>',
            url=url,
            pk=item.pk,
            label=_("Add a step"),
            topic=topic,
            name=item.first_contact.name,
        )
    return html(
        '\n<div class="item route" id="contactroute-{pk}">\n<div class="item__head">\n<div>\n'
        '<h3 class="item__title">{topic}{first}</h3>\n<p>{person}</p>\n</div>{head}\n</div>\n'
        '<dl class="facts facts--compact">\n{facts}\n</dl>\n'
        '<h4 class="route-steps__head">{chain_head}</h4>\n'
        '<div class="route-steps" id="route-{pk}-steps">{chain}\n</div>\n'
        '<div id="route-{pk}-new-step"></div>{add_step}{refresh}\n</div>',
        pk=item.pk,
        topic="" if rows.grouped else html("{}: ", topic),
        first=_("First contact"),
        person=person(item.first_contact, rows),
        head=mark_safe("".join(head)),
        facts=mark_safe("".join(facts)),
        chain_head=_("Referral chain"),
        chain=chain,
        add_step=add_step,
        refresh=rows.warnings_refresh(),
    )
