"""Moment 4 of the guide: contact routes (whom the establishing company calls, what that person can
answer, whom they refer on to), and "En väg in", the company's page of them."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from establishments.slots import CASE_TABS, CaseTab
    from workspace.core import kinds

    from . import selectors, services, views
    from .forms import ContactRouteForm, RouteStepForm

    CASE_TABS.register(
        CaseTab(
            "contact_routes",
            _("Contact routes"),
            "workspace:contact_routes",
            4,
            selectors.contact_routes_progress,
        ),
        order=4,
    )
    kinds.register(
        kinds.ItemKind(
            form=ContactRouteForm,
            tab="workspace:contact_routes",
            template=f"{views.TEMPLATE}#item",
            records=views.visible_routes,
            save=lambda user, route, version, reason: services.contact_route_save(
                user=user, route=route, expected_version=version, reason=reason
            ),
            decorate=views.decorate_route,
            context=views.routes_context,
            reload_after_create=True,  # a new route belongs in its topic's group
        )
    )
    kinds.register(
        kinds.ItemKind(
            form=RouteStepForm,
            tab="workspace:contact_routes",
            template=f"{views.TEMPLATE}#step",
            records=views.visible_steps,
            new=views.new_step,
            save=lambda user, step, version, reason: services.route_step_save(
                user=user, step=step, expected_version=version, reason=reason
            ),
            decorate=views.decorate_step,
            context=views.routes_context,
            reload_after_create=True,  # a new step belongs in its route's chain
        )
    )
