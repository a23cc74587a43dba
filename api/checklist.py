"""The routine checklist through the API: the assessment rounds with their readiness figures, the
organisations' answers, and the lessons of closed cases.

The figures are the web's, by the one rule of ``checklist.readiness.figure`` (Ja 1, Delvis ½, Nej 0,
over the answers of the organisations that have submitted). Who sees what is the web's too: a round
and its figures for those who follow the region's readiness; an organisation's answers for them and
for the organisation's own users (``policy.visible_participants``); a lesson at the sharing levels
the user may read in a case they may see (``checklist.lessons.selectors``).
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from accounts import policy
from checklist.lessons import selectors as lesson_selectors
from checklist.lessons.models import Lesson
from checklist.readiness.figure import Tally, is_counted, rounded
from checklist.readiness.matrix import round_matrix
from checklist.readiness.trends import round_tallies
from checklist.rounds import selectors as round_selectors
from checklist.rounds.models import Round, RoutineAnswer, Value
from establishments.models import Theme

from .filters import KeyFilter, key


class TallySerializer(serializers.Serializer):
    """The counted answers by value and the readiness figure they give (0–100, one decimal; null
    when nothing is counted yet)."""

    ja = serializers.IntegerField()
    delvis = serializers.IntegerField()
    nej = serializers.IntegerField()
    figure = serializers.SerializerMethodField()

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_figure(self, tally) -> float | None:
        return rounded(tally.figure)


class RoundSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    participants = serializers.IntegerField(source="participant_count", read_only=True)
    submitted = serializers.IntegerField(source="submitted_count", read_only=True)
    readiness = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "region", "title", "deadline", "opened_at", "closed_at", "is_open", "participants",
                  "submitted", "readiness"]  # fmt: skip

    @extend_schema_field(TallySerializer)
    def get_readiness(self, round_):
        return TallySerializer(self.context["tallies"].get(round_.pk, Tally())).data


class RoutineFigureSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="routine.number")
    version = serializers.IntegerField(source="routine.version")
    text = serializers.CharField(source="routine.text")
    readiness = TallySerializer(source="tally")
    disagreement = serializers.BooleanField(help_text="Both Ja and Nej among the counted answers.")


class OrganisationFigureSerializer(serializers.Serializer):
    participant = serializers.IntegerField(source="participant.pk")
    organisation = serializers.IntegerField(source="participant.organisation_id")
    name = serializers.CharField(source="participant.organisation.name")
    submitted_at = serializers.DateTimeField(source="participant.submitted_at", allow_null=True)
    readiness = TallySerializer(source="tally")


class RoundDetailSerializer(RoundSerializer):
    routines = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()

    class Meta(RoundSerializer.Meta):
        fields = [*RoundSerializer.Meta.fields, "routines", "organisations"]

    @extend_schema_field(TallySerializer)
    def get_readiness(self, round_):
        return TallySerializer(self.context["matrix"].tally).data

    @extend_schema_field(RoutineFigureSerializer(many=True))
    def get_routines(self, round_):
        return RoutineFigureSerializer(self.context["matrix"].columns, many=True).data

    @extend_schema_field(OrganisationFigureSerializer(many=True))
    def get_organisations(self, round_):
        return OrganisationFigureSerializer(self.context["matrix"].rows, many=True).data


class RoundFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code", help_text="The region's two-digit code.")
    open = django_filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull", label="open")

    class Meta:
        model = Round
        fields = ["region", "open"]


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    """The assessment rounds of the regions whose readiness the caller follows, each with how many
    organisations were asked and have submitted, and its readiness figure; one round with the figure
    of every routine (and whether the actors disagree) and of every organisation."""

    ordering_fields = ["id", "opened_at", "deadline"]

    serializer_class = RoundSerializer
    filterset_class = RoundFilter

    def get_queryset(self):
        return round_selectors.with_counts(round_selectors.visible_rounds(self.request.user))

    def list(self, request, *args, **kwargs):
        rounds = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "tallies": round_tallies([r.pk for r in rounds])}
        return self.get_paginated_response(RoundSerializer(rounds, many=True, context=context).data)

    @extend_schema(responses=RoundDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        round_ = self.get_queryset().filter(pk=key(kwargs["pk"])).first()
        if round_ is None:
            raise Http404
        context = {**self.get_serializer_context(), "matrix": round_matrix(round_)}
        return Response(RoundDetailSerializer(round_, context=context).data)


class AnswerSerializer(serializers.ModelSerializer):
    """One organisation's answer to one routine in a round. ``counted``: whether it is in the figures
    (given, by an organisation that has submitted)."""

    round = serializers.IntegerField(source="participant.round_id", read_only=True)
    participant = serializers.IntegerField(source="participant_id", read_only=True)
    organisation = serializers.IntegerField(source="participant.organisation_id", read_only=True)
    routine = serializers.IntegerField(source="routine.number", read_only=True)
    routine_version = serializers.IntegerField(source="routine.version", read_only=True)
    submitted = serializers.BooleanField(source="participant.is_submitted", read_only=True)
    counted = serializers.SerializerMethodField()

    class Meta:
        model = RoutineAnswer
        fields = ["id", "round", "participant", "organisation", "routine", "routine_version", "value",
                  "comment", "plan_what", "plan_who", "plan_when", "submitted", "counted",
                  "updated_at"]  # fmt: skip

    def get_counted(self, answer) -> bool:
        return is_counted(answer)


class AnswerFilter(django_filters.FilterSet):
    round = KeyFilter(field_name="participant__round_id")
    organisation = KeyFilter(field_name="participant__organisation_id")
    routine = django_filters.NumberFilter(field_name="routine__number", min_value=1, max_value=999)
    value = django_filters.ChoiceFilter(choices=Value.choices)
    submitted = django_filters.BooleanFilter(
        field_name="participant__submitted_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = RoutineAnswer
        fields = ["round", "organisation", "routine", "value", "submitted"]


class AnswerViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisations' answers in the rounds: for those who follow the region's readiness, and for
    the organisation's own users (its drafts too, as on its answer page)."""

    ordering_fields = ["id", "updated_at"]

    serializer_class = AnswerSerializer
    filterset_class = AnswerFilter

    def get_queryset(self):
        return policy.visible_participants(
            self.request.user, RoutineAnswer.objects.select_related("participant", "routine")
        )

    def get_object(self):
        answer = self.get_queryset().filter(pk=key(self.kwargs["pk"])).first()
        if answer is None:
            raise Http404
        return answer


class LessonSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    themes = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = [
            "id",
            "case",
            "what_worked",
            "what_did_not",
            "do_differently",
            "themes",
            "sharing",
            "created_at",
        ]

    def get_themes(self, lesson) -> list[str]:
        return lesson_selectors.lesson_themes(lesson)


class LessonFilter(django_filters.FilterSet):
    case = KeyFilter(field_name="case_id")
    theme = django_filters.ChoiceFilter(choices=Theme.choices, method="with_theme")
    region = django_filters.CharFilter(
        field_name="case__region__code", help_text="The region's two-digit code."
    )

    class Meta:
        model = Lesson
        fields = ["case", "theme", "region"]

    def with_theme(self, queryset, name, value):
        return queryset.filter(Q(themes__theme=value))


class LessonViewSet(viewsets.ReadOnlyModelViewSet):
    """The lessons of closed cases (what worked, what did not, what to do differently) the caller may
    read, as on the lesson bank."""

    ordering_fields = ["id", "created_at"]

    serializer_class = LessonSerializer
    filterset_class = LessonFilter

    def get_queryset(self):
        return lesson_selectors.lesson_list(user=self.request.user)

    def get_object(self):
        return lesson_selectors.lesson_get(user=self.request.user, pk=key(self.kwargs["pk"]))
