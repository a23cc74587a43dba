""" "En väg in" as a PDF (reportlab), with exactly the entries of the printable page.

The data comes from ``case_selectors.one_way_in`` (only what is shared with the company, never
internal notes). Pages are written uncompressed: the file stays small, and anyone can check what
it contains with a text search.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _person(person, contact_visible) -> str:
    parts = [f"<b>{escape(person.name)}</b>"]
    if person.title:
        parts.append(escape(person.title))
    parts.append(escape(person.organisation.name))
    if not contact_visible(person):
        hidden = _("Contact details are shown for people in your organisation and in your cases.")
        return ", ".join(parts) + "<br/>" + escape(hidden)
    contact = [escape(x) for x in (person.phone, person.email) if x]
    return ", ".join(parts) + ("<br/>" + " · ".join(contact) if contact else "")


def one_way_in_pdf(data: dict) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("One way in: %(case)s") % {"case": data["title"]},
        author="Samhandla",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        pageCompression=0,
        invariant=1,
    )
    shows = data["contact_visible"]  # whose e-mail and phone the file may carry (the selector's)
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8.5, leading=11)
    story = [Paragraph(escape(_("One way in: %(case)s") % {"case": data["title"]}), styles["Title"])]
    intro = _("Whom to call about what. Start with the first contact; they refer you on when needed.")
    if data["company"]:
        intro = _("For %(company)s.") % {"company": data["company"]} + " " + intro
    story += [Paragraph(escape(intro), body), Spacer(1, 4 * mm)]
    if not data["groups"]:
        story.append(Paragraph(escape(_("Nothing has been shared with the company yet.")), body))
    for group in data["groups"]:
        story.append(Paragraph(escape(str(group["label"])), styles["Heading2"]))
        for route in group["routes"]:
            rows = [
                [
                    Paragraph(escape(_("First contact")), small),
                    Paragraph(_person(route.first_contact, shows), body),
                ],
                [Paragraph(escape(_("Can answer")), small), Paragraph(escape(route.answers), body)],
            ]
            for step in route.visible_steps:
                label = _("Fallback") if step.is_fallback else _("Then")
                rows.append(
                    [
                        Paragraph(escape(f"{step.order}. {label}"), small),
                        Paragraph(_person(step.person, shows) + "<br/>" + escape(step.handles), body),
                    ]
                )
            if route.last_verified:
                verified = formats.date_format(route.last_verified, "SHORT_DATE_FORMAT")
                rows.append([Paragraph(escape(_("Verified")), small), Paragraph(escape(verified), small)])
            table = Table(rows, colWidths=[30 * mm, None])
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.lightgrey),
                        ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
                    ]
                )
            )
            story += [table, Spacer(1, 3 * mm)]
    doc.build(story)
    return buffer.getvalue()
