from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from outbox.services import enqueue_on_commit

from .models import RoleName, User
from .tasks import send_password_reset


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


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SecondFactorEnrolForm(forms.Form):
    device = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("Six digits; the app shows a new code every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class LockoutLiftForm(forms.Form):
    username = forms.CharField(max_length=150, required=False)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("username") and not data.get("ip_address"):
            raise forms.ValidationError(_("Name a user name or an address."))
        return data


class PasswordResetRequestForm(PasswordResetForm):
    """Django's form, but the e-mail goes through the outbox (it survives a broker outage) and is
    built by the task, with the link's lifetime in it."""

    def save(self, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            enqueue_on_commit(send_password_reset, user.pk)


class ApiTokenForm(forms.Form):
    """A new API token: what it is for, how long it lasts, whether it may write, from where."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the system that uses it.")
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=365, initial=90, help_text=_("At most 365 days.")
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        initial=True,
        help_text=_("Untick to let it log signals and answer."),
    )
    networks = forms.CharField(
        label=_("Allowed networks"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Addresses or networks it may be used from (e.g. 10.20.0.0/16), one per line. Empty: anywhere."
        ),
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Name the token."))
        return name

    def clean_networks(self):
        from .api_tokens import parse_networks

        text = self.cleaned_data["networks"]
        parse_networks(text)
        return text
