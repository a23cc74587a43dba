from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import RoleName, User


def _place(name: str, label) -> forms.ModelChoiceField:
    """A choice among the registry records a user is placed in (the user model names them)."""
    return User._meta.get_field(name).formfield(label=label, required=False)


class UserForm(forms.Form):
    username = forms.RegexField(
        label=_("User name"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and @/./+/-/_ only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=RoleName.choices)
    organisation = _place("organisation", _("Organisation"))
    region = _place("region", _("Region"))
    municipality = _place("municipality", _("Municipality"))

    def __init__(self, *args, instance: User | None = None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["username"].disabled = True

    def clean_username(self):
        username = self.cleaned_data["username"]
        if self.instance is None and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username


class UserCreateForm(UserForm):
    HOW = [("invite", _("Send an invitation by e-mail")), ("password", _("Set a password now"))]
    how = forms.ChoiceField(label=_("Access"), choices=HOW, initial="invite", widget=forms.RadioSelect)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput,
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean(self):
        data = super().clean()
        if data.get("how") == "invite" and not data.get("email"):
            self.add_error("email", _("An invitation needs an e-mail address."))
        if data.get("how") == "password":
            if not data.get("password"):
                self.add_error("password", _("Give a password, or send an invitation."))
            else:
                candidate = User(
                    username=data.get("username", ""),
                    first_name=data.get("first_name", ""),
                    last_name=data.get("last_name", ""),
                    email=data.get("email", ""),
                )
                try:
                    password_validation.validate_password(data["password"], user=candidate)
                except forms.ValidationError as exc:
                    self.add_error("password", exc)
        return data


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles"))] + RoleName.choices
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
    )
