"""Moment 3 of the guide: the actor map (who owns the establishment, which roles matter, mandates,
contacts and deputies; rings by level and a power/interest grid)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from establishments.models import CaseMember
    from establishments.slots import CASE_TABS, CaseTab
    from workspace.core import kinds

    from . import selectors, services
    from .forms import CaseMemberAddForm, CaseMemberForm

    CASE_TABS.register(
        CaseTab("actor_map", _("Actor map"), "workspace:actor_map", 3, selectors.actor_map_progress), order=3
    )

    def add_or_update(user, member, version, reason):
        if member.pk is None:
            return services.case_member_add(
                user=user,
                case=member.case,
                organisation=member.organisation,
                case_role=member.case_role,
                engagement=member.engagement,
            )
        return services.case_member_update(user=user, member=member, expected_version=version, reason=reason)

    kinds.register(
        kinds.ItemKind(
            form=CaseMemberForm,
            create_form=CaseMemberAddForm,
            tab="workspace:actor_map",
            template="workspace/actor_map.html#item",
            records=lambda user, case: CaseMember.objects.filter(case=case).select_related(
                "organisation", "contact", "deputy_contact"
            ),
            save=add_or_update,
            deletable=False,  # an organisation leaves a case through the case form
            context=lambda request, case: {"create_target": "#actor-list"},
            shared=False,  # every actor of a case is seen by all who see the case
        )
    )
