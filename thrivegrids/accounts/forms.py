"""Sign-in, second factor and organisation choice forms (rendered through core/forms.jinja)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from thrivegrids.accounts.tokens import looks_like_recovery_code, normalise_recovery_code

# Characters in a password typed to sign in (docs/conventions.md, "Text limits").
PASSWORD_LIMIT = 1_000


class SignInForm(AuthenticationForm):
    """Django's authentication form (so django-axes sees each attempt), in NHS.UK wording."""

    error_messages = {
        "invalid_login": _("Enter a correct username and password"),
        "inactive": _("This account has been switched off. Ask your team lead."),
    }
    # Django's own field, with a limit: no one's password is longer, and none is hashed unread.
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_LIMIT,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"max_length": _("Password must be 1,000 characters or fewer")},
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].label = _("Password")
        self.fields["password"].error_messages["required"] = _("Enter your password")


class SecurityCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Security code"),
        max_length=20,
        error_messages={
            "required": _("Enter the 6-digit security code"),
            "max_length": _("Enter the 6-digit security code, numbers only"),
        },
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the 6-digit security code, numbers only"))
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("12 letters and numbers, for example abcd-efgh-jkmn"),
        max_length=40,
        error_messages={"required": _("Enter one of your recovery codes")},
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not looks_like_recovery_code(code):
            raise forms.ValidationError(
                _("Enter a recovery code as it was shown: 12 letters and numbers")
            )
        return normalise_recovery_code(code)


class ChooseOrganisationForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Which organisation are you working in?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an organisation")},
    )

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = {m.organisation_id: m for m in memberships}
        self.fields["organisation"].choices = [
            (m.organisation_id, f"{m.organisation.name} ({m.get_role_display()})")
            for m in memberships
        ]

    def chosen_membership(self):
        return self.memberships[self.cleaned_data["organisation"]]
