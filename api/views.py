"""The REST API, version 1 (/api/v1/). Thin, like the web's views: every list starts from the same
selector as its web page, narrowed by the access policy for the caller (a token acts as its user), and
every write goes through the same form rules and service. The OpenAPI schema is at /api/schema/ and
its documentation page at /api/docs/ (drf-spectacular, served by the app)."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from actors import selectors as actor_selectors
from actors.models import Level, Municipality, Organisation, OrganisationType, Person, Region, Role
from alarms.models import Alarm
from alarms.raising import selectors as alarm_selectors
from alarms.raising import services as alarm_services
from alarms.raising.forms import RaiseForm
from alarms.rosters.selectors import roster_check
from competence.picture import selectors as picture_selectors
from establishments import selectors as case_selectors
from establishments import services as case_services
from establishments.forms import SignalForm
from establishments.models import EstablishmentCase, Phase, Signal
from workspace.core.versioning import StaleEdit
from workspace.plan import services as plan_services
from workspace.plan.models import Action, ActionStatus, CommitmentState

from . import serializers as s
from .filters import KeyFilter, SinceFilter, key


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sweden's regions (SCB's county codes): reference data, the same for everyone."""

    ordering_fields = ["code", "name"]

    serializer_class = s.RegionSerializer
    queryset = Region.objects.order_by("code")
    lookup_field = "code"
    pagination_class = None


class MunicipalityFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code", help_text="The region's two-digit code.")

    class Meta:
        model = Municipality
        fields = ["region"]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Sweden's municipalities (SCB's codes), reference data."""

    ordering_fields = ["code", "name"]

    serializer_class = s.MunicipalitySerializer
    queryset = Municipality.objects.select_related("region").order_by("code")
    lookup_field = "code"
    filterset_class = MunicipalityFilter
    pagination_class = None


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", help_text="Part of the name or the organisation number.")
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    region = django_filters.CharFilter(field_name="region__code")
    municipality = django_filters.CharFilter(field_name="municipality__code")

    class Meta:
        model = Organisation
        fields = ["q", "type", "level", "region", "municipality"]

    def search(self, queryset, name, value):
        return queryset.filter(actor_selectors.matching(value.strip()[:100], "name", "org_number"))


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The actor registry's organisations (every role reads the registry)."""

    ordering_fields = ["id", "name", "updated_at"]

    serializer_class = s.OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return actor_selectors.organisation_list(user=self.request.user)

    def get_object(self):
        return actor_selectors.organisation_get(user=self.request.user, pk=key(self.kwargs["pk"]))


class PersonFilter(django_filters.FilterSet):
    organisation = KeyFilter(field_name="organisation_id")

    class Meta:
        model = Person
        fields = ["organisation"]


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """The registry's people; e-mail and phone only where the caller may see them, as on the web."""

    ordering_fields = ["id", "name", "updated_at"]

    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        return actor_selectors.person_list(user=self.request.user)

    def get_object(self):
        return actor_selectors.person_get(user=self.request.user, pk=key(self.kwargs["pk"]))


class RoleFilter(django_filters.FilterSet):
    organisation = KeyFilter(field_name="organisation_id")
    person = KeyFilter(field_name="person_id")
    valid_on = django_filters.DateFilter(method="valid", help_text="Only the roles valid on this date.")

    class Meta:
        model = Role
        fields = ["organisation", "person", "valid_on"]

    def valid(self, queryset, name, value):
        return queryset.filter(valid_from__lte=value).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=value)
        )


class RoleViewSet(viewsets.ReadOnlyModelViewSet):
    """People's roles and mandates in their organisations."""

    ordering_fields = ["id", "valid_from"]

    serializer_class = s.RoleSerializer
    filterset_class = RoleFilter

    def get_queryset(self):
        return actor_selectors.role_list(user=self.request.user)

    def get_object(self):
        role = self.get_queryset().filter(pk=key(self.kwargs["pk"])).first()
        if role is None:
            raise Http404
        return role


class CaseFilter(django_filters.FilterSet):
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    region = django_filters.CharFilter(field_name="region__code", help_text="The region's two-digit code.")
    municipality = django_filters.CharFilter(
        field_name="lead_municipality__code", help_text="The lead municipality's four-digit code."
    )
    confidentiality = django_filters.ChoiceFilter(
        choices=EstablishmentCase._meta.get_field("confidentiality").choices
    )
    updated_after = SinceFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = EstablishmentCase
        fields = ["phase", "region", "municipality", "confidentiality", "updated_after"]


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """The cases the caller may see, as on the case list: a confidential case only for those granted
    it; drills left out."""

    ordering_fields = ["id", "created_at", "updated_at", "phase_started_at"]

    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter

    def get_queryset(self):
        return case_selectors.case_list(user=self.request.user)

    @extend_schema(responses=s.CaseDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        case = case_selectors.case_get(user=request.user, pk=key(kwargs["pk"]))
        context = {
            **self.get_serializer_context(),
            "members": case.memberships.select_related("organisation").order_by("organisation__name", "pk"),
            "phases": case.phase_changes.all(),
        }
        return Response(s.CaseDetailSerializer(case, context=context).data)


class SignalFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Signal.State.choices)
    municipality = django_filters.CharFilter(field_name="municipality__code")
    region = django_filters.CharFilter(field_name="municipality__region__code")
    received_after = SinceFilter(field_name="received_at", lookup_expr="gte")

    class Meta:
        model = Signal
        fields = ["state", "municipality", "region", "received_after"]


class SignalViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The signals the caller may see, as on the signal list; and logging one (the intake from
    another system), by the web form's rules, which tells the region's coordinators."""

    ordering_fields = ["id", "received_at", "updated_at"]

    filterset_class = SignalFilter

    def get_queryset(self):
        return case_selectors.signal_list(user=self.request.user)

    def get_object(self):
        return case_selectors.signal_get(user=self.request.user, pk=key(self.kwargs["pk"]))

    def get_serializer_class(self):
        return s.SignalCreateSerializer if self.action == "create" else s.SignalSerializer

    @extend_schema(request=s.SignalCreateSerializer, responses={201: s.SignalSerializer})
    def create(self, request, *args, **kwargs):
        if not policy.can_log_signal(request.user):
            raise PermissionDenied
        incoming = s.SignalCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        municipality = Municipality.objects.filter(code=incoming.validated_data["municipality"]).first()
        form = SignalForm(incoming.form_data(municipality.pk if municipality else None), user=request.user)
        if not form.is_valid():
            raise ApiValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        try:
            signal = case_services.signal_log(logged_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            raise ApiValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        signal = case_selectors.signal_get(user=request.user, pk=signal.pk)
        body = s.SignalSerializer(signal, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class CompetencePictureView(APIView):
    """A region's competence picture: per SSYK occupation the demand of the cases the caller may see,
    year by year, against the education supply and Arbetsförmedlingen's Yrkesbarometer, with the
    traffic light (the rule: ``competence.picture.semafor``)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("municipality", str, description="A municipality's four-digit code."),
            OpenApiParameter("year_from", int),
            OpenApiParameter("year_to", int),
        ],
        responses=s.PictureRowSerializer(many=True),
    )
    def get(self, request, region_code: str):
        from competence.picture.forms import PictureFilterForm

        region = picture_selectors.picture_region(user=request.user, code=region_code)
        form = PictureFilterForm(request.query_params or None, region=region)
        if form.is_bound and not form.is_valid():
            raise ApiValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        picture = picture_selectors.regional_picture(user=request.user, region=region, filters=form.filters())
        return Response(s.PictureRowSerializer(picture.rows, many=True).data)


# --- Actions and commitments (moment 5) --------------------------------------------------------------


def etag(version: int) -> str:
    return f'"{version}"'


def if_match(request) -> int:
    """The version a change was made against, from ``If-Match`` (the ETag of the read it saw): 428
    without one, 412 for one that is not a version."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    text = header.removeprefix("W/").strip('"')
    if not text.isdecimal() or len(text) > 9:
        raise PreconditionFailed
    return int(text)


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag of the version you read."
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = "The record has changed since you read it: read it again."
    default_code = "precondition_failed"


class ActionFilter(django_filters.FilterSet):
    case = KeyFilter(field_name="case_id")
    commitment = django_filters.ChoiceFilter(choices=CommitmentState.choices)
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    owner_organisation = KeyFilter(field_name="owner_organisation_id")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Action
        fields = ["case", "commitment", "status", "owner_organisation", "due_before"]


class ActionViewSet(viewsets.ReadOnlyModelViewSet):
    """The action plans' actions of the cases the caller may see, at the sharing levels the caller
    may read (as on the action plan tab); and an organisation's answer to an action proposed to it."""

    ordering_fields = ["id", "created_at", "updated_at"]

    serializer_class = s.ActionSerializer
    filterset_class = ActionFilter

    def get_queryset(self):
        return policy.readable_items(self.request.user, Action.objects.select_related("case"))

    def get_object(self):
        action = self.get_queryset().filter(pk=key(self.kwargs["pk"])).first()
        if action is None:
            raise Http404
        return action

    def retrieve(self, request, *args, **kwargs):
        action = self.get_object()
        response = Response(self.get_serializer(action).data)
        response["ETag"] = etag(action.version)
        return response

    @extend_schema(
        request=s.CommitmentAnswerSerializer,
        responses={200: s.ActionSerializer},
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)],
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """Accept or decline an action proposed to your organisation (its actor contact), against the
        version read: ``If-Match`` with its ETag; a stale answer gets 412 and the current version."""
        action_row = self.get_object()
        if not policy.can_respond_to_commitment(request.user, action_row):
            raise PermissionDenied
        version = if_match(request)
        answer = s.CommitmentAnswerSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        try:
            saved = plan_services.action_respond(
                user=request.user,
                action=action_row,
                accept=answer.validated_data["accept"],
                reason=answer.validated_data.get("reason", ""),
                expected_version=version,
            )
        except StaleEdit as stale:
            body = {
                "detail": PreconditionFailed.default_detail,
                "current": s.ActionSerializer(stale.current).data,
            }
            response = Response(body, status=412)
            response["ETag"] = etag(stale.current.version)
            return response
        except ValidationError as exc:
            raise ApiValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        response = Response(s.ActionSerializer(saved).data)
        response["ETag"] = etag(saved.version)
        return response


# --- The alarm chain ----------------------------------------------------------------------------------


class AlarmFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Alarm.State.choices)
    municipality = django_filters.CharFilter(field_name="municipality__code")
    raised_after = SinceFilter(field_name="raised_at", lookup_expr="gte")

    class Meta:
        model = Alarm
        fields = ["state", "municipality", "raised_after"]


class AlarmViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The alarms the caller may follow (as on the alarm list), each with its organisations' answers
    and how far the messages to them have come; and raising one (a municipality's system pressing the
    alarm button) with the web form's checks and the same service."""

    ordering_fields = ["id", "raised_at"]

    filterset_class = AlarmFilter

    def get_queryset(self):
        return alarm_selectors.alarm_list(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return s.AlarmRaiseSerializer
        return s.AlarmDetailSerializer if self.action == "retrieve" else s.AlarmSerializer

    def retrieve(self, request, *args, **kwargs):
        alarm = self.get_queryset().filter(pk=key(kwargs["pk"])).first()
        if alarm is None:
            raise Http404
        context = {**self.get_serializer_context(), "recipients": alarm_selectors.board(alarm)}
        return Response(s.AlarmDetailSerializer(alarm, context=context).data)

    @extend_schema(request=s.AlarmRaiseSerializer, responses={201: s.AlarmSerializer})
    def create(self, request, *args, **kwargs):
        incoming = s.AlarmRaiseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        municipality = Municipality.objects.filter(code=incoming.validated_data["municipality"]).first()
        form = RaiseForm(
            {**incoming.validated_data, "municipality": municipality.pk if municipality else ""},
            user=request.user,
        )
        if not form.fields["municipality"].queryset.exists():
            raise PermissionDenied
        if not form.is_valid():
            raise ApiValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        data = form.cleaned_data
        if not roster_check(data["municipality"].region):
            raise ApiValidationError(
                {
                    "municipality": [
                        "The region has no alarm roster yet: a coordinator must designate the organisations."
                    ]
                }
            )
        try:
            alarm = alarm_services.alarm_raise(user=request.user, **data)
        except ValidationError as exc:
            raise ApiValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        alarm = self.get_queryset().get(pk=alarm.pk)
        return Response(s.AlarmSerializer(alarm).data, status=status.HTTP_201_CREATED)
