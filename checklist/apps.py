from django.apps import AppConfig


class ChecklistConfig(AppConfig):
    name = "checklist"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.urls import reverse

        from accounts import policy
        from establishments.slots import CASE_BANNERS, CASE_CLOSED, CASE_OVERVIEW

        from .lessons.selectors import case_lessons

        def drill_banner(request, case):
            return {"drill": case.drill} if case.is_drill else None

        def lessons(request, case):
            found = case_lessons(user=request.user, case=case)
            can_write = policy.can_write_lesson(request.user, case)
            return {"case": case, "lessons": found, "can_write": can_write} if found or can_write else None

        def ask_for_the_lesson(user, case):
            """Routine 10: a case just closed or lost asks for its retrospective."""
            if policy.can_write_lesson(user, case) and not case.lessons.exists():
                return reverse("checklist:lesson_create", kwargs={"case_pk": case.pk})
            return None

        CASE_BANNERS.register_section("checklist/drill_banner.html", drill_banner)
        CASE_OVERVIEW.register_section("checklist/case_lessons.html", lessons)
        CASE_CLOSED.register(ask_for_the_lesson)
