from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.models import RoleName, User

from .models import Level, Municipality, Organisation, OrganisationType, Person, Region, Role
from .selectors import sees_several_regions
from .services import import_limits_help
from .widgets import SearchChoiceField


class PlaceFilterForm(forms.Form):
    """The region and municipality filters that the product's lists share.

    Given the ``user``, the filters start from the user's own place: the municipalities offered are
    those of their scope (``selectors.filter_municipalities``), the region filter is there only for
    those who see several regions, and a list that shows one municipality only (``single_scope``:
    an official's signals and cases) has no municipality filter at all. A ``national`` list (the
    registry) keeps every place but puts the user's own first: their region at the top of the
    regions, their region's municipalities first among the suggestions.

    The municipality is a search-as-you-type field (``widgets.SearchChoiceField``), not a <select>
    of up to 290 options: it offers the same municipalities, through ``suggestions.SOURCES``.
    """

    # True where the list already shows nothing outside the user's one municipality.
    single_scope = False
    # True where the list shows every region whoever looks (the actor registry).
    national = False

    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all(), empty_label=_("All regions")
    )
    municipality = SearchChoiceField(
        label=_("Municipality"),
        required=False,
        source="municipality-any",
        queryset=Municipality.objects.select_related("region"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is None:
            return
        if self.national:
            self.fields["municipality"].offer("municipality-any", user=user)
            region_id = policy.region_id_of(user)
            if region_id is not None:  # an administrator or a nationwide contact has no place of their own
                self.fields["region"].choices = regions_own_first(region_id)
            return
        if not sees_several_regions(user=user):
            del self.fields["region"]
        self.fields["municipality"].offer("municipality", user=user)  # selectors.filter_municipalities
        if self.single_scope and policy.role_of(user) == RoleName.OFFICIAL and user.municipality_id:
            del self.fields["municipality"]


def regions_own_first(region_id: int | None) -> list[tuple]:
    """A region filter's choices for a national list: every region, ``region_id``'s first."""
    regions = sorted(Region.objects.order_by("name"), key=lambda r: r.pk != region_id)
    return [("", _("All regions"))] + [(r.pk, str(r)) for r in regions]


class OrganisationFilterForm(PlaceFilterForm):
    """The registry's filters: national (see ``PlaceFilterForm``)."""

    field_order = ["q", "type", "level", "region", "municipality"]
    national = True

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types"))] + OrganisationType.choices
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels"))] + Level.choices
    )


class PersonFilterForm(PlaceFilterForm):
    """The person list's filters: national like the registry's, and by organisation (typed and chosen
    among the registry's organisations, not a <select> of thousands)."""

    field_order = ["q", "organisation", "region", "municipality"]
    national = True

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    organisation = SearchChoiceField(
        label=_("Organisation"),
        required=False,
        source="organisation",
        queryset=Organisation.objects.select_related("municipality", "region"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if user is not None:
            self.fields["organisation"].offer("organisation", user=user)


class ChangeReasonMixin:
    """Asks why a record changes; a new record has nothing to explain yet."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["change_reason"]


class OrganisationForm(ChangeReasonMixin, forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)
    change_reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    class Meta:
        model = Organisation
        fields = ["name", "type", "level", "region", "municipality", "org_number", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class PersonForm(ChangeReasonMixin, forms.ModelForm):
    change_reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    class Meta:
        model = Person
        fields = ["name", "title", "organisation", "email", "phone", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("first_name", "last_name")
        self.fields["user"].help_text = _("When the person logs in to Samhandla.")


class RoleForm(ChangeReasonMixin, forms.ModelForm):
    change_reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    class Meta:
        model = Role
        fields = ["person", "title", "mandate", "may_share", "valid_from", "valid_to", "deputy"]
        widgets = {
            "mandate": forms.Textarea(attrs={"rows": 3}),
            "may_share": forms.Textarea(attrs={"rows": 3}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        people = Person.objects.filter(organisation=organisation).order_by("name")
        self.fields["person"].queryset = people
        self.fields["deputy"].queryset = people
        self.fields["deputy"].help_text = _("Without a deputy the role is person-dependent.")


class ImportForm(forms.Form):
    KIND_CHOICES = [("organisations", _("Organisations")), ("people", _("People"))]
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = import_limits_help()

    def refuse_file(self, message: str) -> None:
        """The upload could not be read (too large, cut off, broken): ``message`` says why, in place
        of whatever the fields would say of a body that never arrived."""
        self.errors.clear()
        self.add_error("file", message)
