"""The places on the registry's pages that higher apps fill (see config/hooks.py)."""

from config.hooks import Slot

ORGANISATION_ABOUT = Slot(
    "organisation.about",
    "Sections at the end of the About card of an organisation's page (request, organisation=).",
)

PERSON_ACTIONS = Slot(
    "person.actions",
    "Buttons beside Edit at the head of a person's page (request, person=).",
)
