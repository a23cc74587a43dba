"""What the API says of each resource, field by field as the web pages show it to the same user: a
signal's contact person only to those who triage it (``policy.can_see_signal_caller``), a case only
when the selectors let the user see it at all."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import policy
from actors.models import Municipality, Organisation, Person, Region, Role
from alarms.core.models import AlarmKind
from alarms.models import Alarm, Recipient
from establishments.models import EstablishmentCase, Signal
from workspace.plan.models import Action


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Municipality
        fields = ["code", "name", "region"]


class CaseSerializer(serializers.ModelSerializer):
    """A case as the case list shows it: a confidential case by its code name (``name`` is the name
    anyone who sees the case may read; the real name only in the case's own read, ``real_name``)."""

    name = serializers.CharField(source="public_name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    lead_municipality = serializers.CharField(source="lead_municipality.code", read_only=True)
    company = serializers.SerializerMethodField()
    coordinator = serializers.CharField(source="coordinator.get_full_name", read_only=True)
    deputy = serializers.CharField(source="deputy.get_full_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = EstablishmentCase
        fields = [
            "id",
            "name",
            "code_name",
            "kind",
            "phase",
            "phase_started_at",
            "confidentiality",
            "sector",
            "company",
            "region",
            "lead_municipality",
            "target_jobs",
            "target_date",
            "coordinator",
            "deputy",
            "is_drill",
            "created_at",
            "updated_at",
            "url",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_company(self, case) -> str | None:
        return case.company.name if case.company_id else None

    @extend_schema_field(serializers.CharField())
    def get_url(self, case) -> str:
        return self.context["request"].build_absolute_uri(case.get_absolute_url())


class PhaseChangeSerializer(serializers.Serializer):
    from_phase = serializers.CharField()
    to_phase = serializers.CharField()
    changed_at = serializers.DateTimeField()


class MemberSummarySerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id")
    name = serializers.CharField(source="organisation.name")
    case_role = serializers.CharField()
    engagement = serializers.CharField()


class CaseDetailSerializer(CaseSerializer):
    """A case with its real name (shown on its page, under the code name, to who may see a confidential
    case), its actors (the actor map's organisations; more in ``/members/?case=``) and its phases,
    newest first."""

    real_name = serializers.CharField(source="name", read_only=True)
    members = serializers.SerializerMethodField()
    phases = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "real_name", "members", "phases"]

    @extend_schema_field(MemberSummarySerializer(many=True))
    def get_members(self, case):
        return MemberSummarySerializer(self.context["members"], many=True).data

    @extend_schema_field(PhaseChangeSerializer(many=True))
    def get_phases(self, case):
        return PhaseChangeSerializer(self.context["phases"], many=True).data


class SignalSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    source = serializers.CharField(source="source_label", read_only=True)
    caller = serializers.SerializerMethodField()

    class Meta:
        model = Signal
        fields = [
            "id",
            "subject",
            "summary",
            "state",
            "channel",
            "received_at",
            "municipality",
            "source",
            "caller",
            "sector",
            "jobs",
            "investment_msek",
            "land_hectares",
            "power_mw",
            "confidentiality",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_caller(self, signal) -> str | None:
        """The contact person, only for those who triage the signal; null for everyone else."""
        user = self.context["request"].user
        return signal.caller if policy.can_see_signal_caller(user, signal) else None


class SignalCreateSerializer(serializers.Serializer):
    """A signal from another system (a municipality's e-service or contact centre). Checked by the
    web form's own rules (``establishments.forms.SignalForm``) and logged by the same service, which
    tells the region's coordinators."""

    subject = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=5000, help_text="What is known: who, what, how big, when.")
    municipality = serializers.RegexField(r"^[0-9]{4}$", help_text="The municipality's four-digit SCB code.")
    channel = serializers.ChoiceField(choices=Signal.Channel.choices)
    source_text = serializers.CharField(required=False, allow_blank=True, max_length=200)
    caller = serializers.CharField(required=False, allow_blank=True, max_length=200)
    received_at = serializers.DateTimeField(required=False)
    received_by = serializers.CharField(required=False, allow_blank=True, max_length=100)
    sector = serializers.CharField(required=False, allow_blank=True, max_length=100)
    jobs = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    investment_msek = serializers.DecimalField(
        required=False, allow_null=True, max_digits=12, decimal_places=1
    )
    land_hectares = serializers.DecimalField(required=False, allow_null=True, max_digits=10, decimal_places=1)
    power_mw = serializers.DecimalField(required=False, allow_null=True, max_digits=10, decimal_places=1)
    confidentiality = serializers.ChoiceField(choices=Signal._meta.get_field("confidentiality").choices)

    def form_data(self, municipality_pk: int | None) -> dict:
        """The validated fields as the web form takes them."""
        data = {k: v for k, v in self.validated_data.items() if v is not None}
        data["municipality"] = "" if municipality_pk is None else str(municipality_pk)
        received = self.validated_data.get("received_at") or timezone.now()
        data["received_at"] = timezone.localtime(received).strftime("%Y-%m-%d %H:%M")
        return data


class PictureYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    demand = serializers.IntegerField()
    secured = serializers.IntegerField()
    planned = serializers.IntegerField()
    remaining = serializers.IntegerField()


class PictureRowSerializer(serializers.Serializer):
    ssyk = serializers.CharField(source="occupation.code")
    occupation = serializers.CharField(source="occupation.name")
    cases = serializers.IntegerField()
    years = PictureYearSerializer(many=True)
    demand = serializers.IntegerField()
    secured = serializers.IntegerField()
    planned = serializers.IntegerField()
    remaining = serializers.IntegerField()
    situation = serializers.SerializerMethodField()
    light = serializers.CharField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_situation(self, row) -> str | None:
        return row.barometer.assessment.situation if row.barometer else None


class OrganisationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True, allow_null=True, default=None)
    municipality = serializers.CharField(
        source="municipality.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "type",
            "level",
            "region",
            "municipality",
            "org_number",
            "website",
            "updated_at",
        ]


class PersonSerializer(serializers.ModelSerializer):
    """A person of the registry; e-mail and phone only where the policy lets the caller see them
    (``policy.can_see_contact_details``), else null."""

    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "name", "title", "organisation", "email", "phone", "updated_at"]

    def _shown(self, person) -> bool:
        return policy.can_see_contact_details(self.context["request"].user, person)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_email(self, person) -> str | None:
        return person.email if self._shown(person) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_phone(self, person) -> str | None:
        return person.phone if self._shown(person) else None


class RoleSerializer(serializers.ModelSerializer):
    """A person's role in an organisation, with its mandate: what they may decide and share."""

    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    deputy = serializers.IntegerField(source="deputy_id", read_only=True, allow_null=True)

    class Meta:
        model = Role
        fields = [
            "id",
            "organisation",
            "person",
            "title",
            "mandate",
            "may_share",
            "valid_from",
            "valid_to",
            "deputy",
        ]


class ActionSerializer(serializers.ModelSerializer):
    """An action of a case's action plan, with its commitment (proposed to, accepted or declined by
    the owning organisation). ``version`` is the ETag a change must send in ``If-Match``."""

    case = serializers.IntegerField(source="case_id", read_only=True)
    owner_organisation = serializers.IntegerField(
        source="owner_organisation_id", read_only=True, allow_null=True
    )
    owner_person = serializers.IntegerField(source="owner_person_id", read_only=True, allow_null=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "case",
            "theme",
            "title",
            "current_state",
            "target_state",
            "owner_organisation",
            "owner_person",
            "due_date",
            "status",
            "commitment",
            "responded_at",
            "decline_reason",
            "sharing",
            "version",
            "updated_at",
        ]


class CommitmentAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField(
        help_text="True: the organisation takes the action on; false: it declines."
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Why it declines (required to decline)."
    )


class RecipientSerializer(serializers.ModelSerializer):
    """One organisation of an alarm: its answer, and how far the messages to it have come."""

    organisation = serializers.CharField(source="organisation.name", read_only=True)
    delivered = serializers.IntegerField(source="delivered_count", read_only=True)
    queued = serializers.IntegerField(source="queued_count", read_only=True)
    failed = serializers.IntegerField(source="failed_count", read_only=True)

    class Meta:
        model = Recipient
        fields = [
            "organisation",
            "response",
            "responded_at",
            "who_comes",
            "reason",
            "step",
            "delivered",
            "queued",
            "failed",
        ]


class AlarmSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    recipients = serializers.IntegerField(source="recipient_count", read_only=True)
    answered = serializers.IntegerField(source="answered_count", read_only=True)
    mobilising = serializers.IntegerField(source="mobilising_count", read_only=True)

    class Meta:
        model = Alarm
        fields = [
            "id", "kind", "state", "region", "municipality", "message", "raised_at", "closes_at", "closed_at",
            "recipients", "answered", "mobilising",
        ]  # fmt: skip


class AlarmDetailSerializer(AlarmSerializer):
    answers = serializers.SerializerMethodField()

    class Meta(AlarmSerializer.Meta):
        fields = [*AlarmSerializer.Meta.fields, "answers"]

    @extend_schema_field(RecipientSerializer(many=True))
    def get_answers(self, alarm):
        return RecipientSerializer(self.context["recipients"], many=True).data


class AlarmRaiseSerializer(serializers.Serializer):
    """Press the alarm button from another system, with the web form's checks."""

    municipality = serializers.RegexField(r"^[0-9]{4}$", help_text="The municipality's four-digit SCB code.")
    kind = serializers.ChoiceField(choices=AlarmKind.choices)
    message = serializers.CharField(max_length=1000)
