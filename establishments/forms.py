import re

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.models import Confidentiality, RoleName, User
from actors.forms import PlaceFilterForm
from actors.models import Municipality, Organisation, OrganisationType
from actors.selectors import municipalities_in_scope
from actors.widgets import SearchChoiceField, SearchMultipleChoiceField
from config.forms import DATE_WIDGET, DATETIME_WIDGET, ModelMultipleChoiceField

from .models import CaseKind, EstablishmentCase, Phase, Signal
from .selectors import member_suggestions

# What looks like a phone number or an e-mail address: personal data, which belongs in ``caller``.
_PHONE = re.compile(r"(?:\+46|\b0)\s?\d{1,3}(?:[\s-]?\d{2,3}){2,4}\b")
_EMAIL = re.compile(r"\S+@\S+\.\w+")


class SignalForm(forms.ModelForm):
    class Meta:
        model = Signal
        fields = [
            "subject",
            "summary",
            "municipality",
            "channel",
            "source_organisation",
            "source_text",
            "caller",
            "received_at",
            "received_by",
            "sector",
            "jobs",
            "investment_msek",
            "land_hectares",
            "power_mw",
            "confidentiality",
        ]
        widgets = {
            "received_at": DATETIME_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "channel": forms.RadioSelect,
            "confidentiality": forms.RadioSelect,
        }
        # Thousands of companies: typed and chosen from suggestions, not a <select> (actors.widgets).
        field_classes = {"source_organisation": SearchChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].label = _("Subject")
        self.fields["subject"].help_text = _(
            "A short line: what, how big, where. For example: Battery factory, about 1 500 jobs, "
            "Skellefteå. No names or phone numbers: they go under contact person."
        )
        self.fields["subject"].error_messages["required"] = _("Write a short subject: what, how big, where.")
        self.fields["caller"].label = _("Contact person")
        self.fields["caller"].help_text = _(
            "Name, phone or e-mail of the person who called or wrote. Personal data: shown only to "
            "those who triage the signal, never in lists, e-mails or the case's name."
        )
        self.fields["source_text"].label = _("Company or sender (free text)")
        self.fields["municipality"].queryset = municipalities_in_scope(user=user)
        if user.municipality_id and not self.is_bound:
            self.initial.setdefault("municipality", user.municipality_id)
        self.fields["received_by"].required = False
        self.fields["received_by"].help_text = _("Leave empty if it was you.")
        self.fields["source_organisation"].offer("signal-source", user=user)  # companies, Business Sweden
        self.fields["source_organisation"].required = False
        self.fields["received_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["channel"].choices = Signal.Channel.choices  # a radio list needs no blank choice
        self.fields["confidentiality"].choices = Confidentiality.choices
        self.fields["jobs"].label = _("Jobs")
        self.fields["power_mw"].label = _("Power (MW)")
        self.fields["land_hectares"].label = _("Land (ha)")
        self.fields["investment_msek"].label = _("Investment (MSEK)")

    def clean_subject(self):
        subject = " ".join(self.cleaned_data.get("subject", "").split())
        if _PHONE.search(subject) or _EMAIL.search(subject):
            raise forms.ValidationError(
                _("The subject names no phone number or e-mail address: write them under contact person.")
            )
        return subject

    def clean(self):
        data = super().clean()
        if not data.get("source_organisation") and not data.get("source_text"):
            data["source_text"] = ""
        caller, subject = (data.get("caller") or "").strip(), data.get("subject") or ""
        if caller and subject and caller.casefold() in subject.casefold():
            self.add_error(
                "subject", _("The subject names no contact person: say what, how big and where instead.")
            )
        return data


class SignalFilterForm(PlaceFilterForm):
    field_order = ["q", "state", "region", "municipality"]
    single_scope = True  # an official sees their own municipality's signals only

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states"))] + Signal.State.choices
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for dismissal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=EstablishmentCase.objects.none())

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases


class CaseForm(forms.ModelForm):
    members = SearchMultipleChoiceField(
        label=_("Member organisations"),
        required=False,
        source="organisation",
        queryset=Organisation.objects.all(),
        help_text=_(
            "Their actor contacts see the case. Type part of a name to add an organisation; untick one "
            "to leave it out."
        ),
    )
    change_reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    class Meta:
        model = EstablishmentCase
        fields = [
            "name",
            "code_name",
            "company",
            "sector",
            "kind",
            "lead_municipality",
            "candidate_municipalities",
            "confidentiality",
            "target_jobs",
            "target_date",
            "coordinator",
            "deputy",
            "description",
        ]
        widgets = {
            "target_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "confidentiality": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "candidate_municipalities": forms.CheckboxSelectMultiple,
        }
        field_classes = {"candidate_municipalities": ModelMultipleChoiceField, "company": SearchChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = municipalities_in_scope(user=user)
        self.fields["lead_municipality"].queryset = scope
        candidates = Municipality.objects.order_by("name")
        if not policy.is_admin(user):
            candidates = candidates.filter(region_id=policy.region_id_of(user))
        self.fields["candidate_municipalities"].queryset = candidates
        self.fields["candidate_municipalities"].help_text = _(
            "Other municipalities where the establishment may go. Their officials see the case."
        )
        self.fields["company"].offer("company", user=user)  # typed and chosen among the registry's companies
        self.fields["members"].offer("organisation", user=user)  # among every organisation of the registry
        self.fields["kind"].choices = CaseKind.choices  # a radio list needs no blank choice
        self.fields["confidentiality"].choices = Confidentiality.choices
        self.fields["code_name"].help_text = _(
            "Needed for a confidential case: shown instead of the name to everyone not granted access."
        )
        staff = User.objects.filter(
            is_active=True, groups__name__in=[RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL]
        ).distinct()
        self.fields["coordinator"].queryset = staff
        self.fields["deputy"].queryset = staff
        self.fields["deputy"].help_text = _(
            "Two people per case, so the case never hangs on one person: the deputy must be another "
            "person than the responsible coordinator."
        )
        if self.instance.pk:
            self.initial.setdefault("members", list(self.instance.members.values_list("pk", flat=True)))
            if not policy.can_manage_access(user, self.instance):
                # Who reaches the case is for those who manage its access (policy.can_manage_access).
                for name in ("members", "coordinator", "deputy", "confidentiality"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Changed by the case's coordinator or deputy.")
            self.fields["change_reason"].help_text = _("Needed when the case becomes less confidential.")
        else:
            self.initial.setdefault("coordinator", user.pk)
            del self.fields["change_reason"]  # a new case has nothing to explain yet
        if not self.fields["members"].disabled:  # one tick away: the usual members
            self.fields["members"].suggest(member_suggestions(user=user))

    @staticmethod
    def initial_from_signal(signal: Signal) -> dict:
        """What a case opened from ``signal`` starts with. Named by the registry company or the
        signal's subject: never by the free-text sender or the contact person (personal data)."""
        company = signal.source_organisation
        is_company = company is not None and company.type == OrganisationType.FORETAG
        return {
            "name": company.name if is_company else signal.subject,
            "company": company if is_company else None,
            "sector": signal.sector,
            "lead_municipality": signal.municipality,
            "candidate_municipalities": [signal.municipality_id],
            "members": [company.pk] if company is not None and not is_company else [],
            "target_jobs": signal.jobs,
            "confidentiality": signal.confidentiality,
            "description": signal.summary,
        }

    def clean(self):
        data = super().clean()
        if data.get("coordinator") and data.get("coordinator") == data.get("deputy"):
            self.add_error("deputy", _("The deputy must be another person than the responsible coordinator."))
        if data.get("confidentiality") == Confidentiality.CONFIDENTIAL and not data.get("code_name"):
            self.add_error("code_name", _("A confidential case needs a code name."))
        return data


class CaseFilterForm(PlaceFilterForm):
    field_order = ["q", "phase", "region", "municipality", "confidentiality", "drills"]
    single_scope = True  # an official's list is their own municipality's cases (and those granted)

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("All phases"))] + Phase.choices
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"), required=False, choices=[("", _("All levels"))] + Confidentiality.choices
    )
    drills = forms.ChoiceField(
        label=_("Drill cases"),
        required=False,
        choices=[("", _("Without drills")), ("include", _("With drills")), ("only", _("Only drills"))],
    )


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.filter(is_active=True))
    can_change = forms.BooleanField(
        label=_("May also edit"),
        required=False,
        initial=False,
        help_text=_("Editing the case's content; who has access stays with its coordinator and deputy."),
    )
