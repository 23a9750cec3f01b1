"""Forms of the account pages and the administration of people and organizations."""

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from lmb.accounts.admin_parts import UserFormPart
from lmb.accounts.models import Function, OrganizationKind, Role
from lmb.core.forms import Form, enum_select, required_text
from lmb.core.i18n import BELGIUM, LANGUAGE_NAMES, zone_choices

LANGUAGE_CHOICES = list(LANGUAGE_NAMES.items())


def email_field() -> StringField:
    return StringField(
        _l("E-mail address"),
        validators=[
            DataRequired(message=_l("This field is required.")),
            Length(max=254),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"autocomplete": "email"},
    )


def new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(message=_l("This field is required.")), Length(max=200)],
        description=_l("At least 10 characters."),
        render_kw={"autocomplete": "new-password"},
    )


def confirm_field(other: str) -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("This field is required.")),
            EqualTo(other, message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ProfileFields(Form):
    name = required_text(_l("Name"), 200, render_kw={"autocomplete": "name"})
    # Only a request: the organization (or the association) grants it; nothing is created.
    organization = StringField(
        _l("Organization"),
        validators=[Optional(), Length(max=200)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        description=_l(
            "The municipality or organization you act for, written in full, e.g. Stad "
            "Roeselare. You ask to join it: the organization or the association confirms "
            "it, and until then you cannot act for it. Leave empty if you act for none."
        ),
        render_kw={"autocomplete": "organization"},
    )
    function = enum_select(_l("Function"), Function)
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    time_zone = SelectField(
        _l("Time zone"),
        default=BELGIUM,
        description=_l(
            "Times are shown in this zone, with the time in Brussels beside them when it differs."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.function.choices = Function.choices()
        self.time_zone.choices = list(zone_choices())


class SignUpForm(ProfileFields):
    email = email_field()
    password = new_password_field(_l("Password"))
    password_confirm = confirm_field("password")


class LoginForm(Form):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("This field is required.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Stay logged in on this device"))


class VerifyForm(Form):
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("This field is required.")), Length(max=200)],
        description=_l("The password chosen when the account was created."),
        render_kw={"autocomplete": "current-password"},
    )


class EmailForm(Form):
    email = email_field()


class ResetPasswordForm(Form):
    password = new_password_field(_l("New password"))
    password_confirm = confirm_field("password")


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("This field is required.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field(_l("New password"))
    password_confirm = confirm_field("password")


class ApiTokenForm(Form):
    name = required_text(
        _l("Name of the token"), 100, description=_l("What you use it for, e.g. 'Outlook sync'.")
    )


class OrganizationForm(Form):
    name = required_text(_l("Name"), 200)
    kind = enum_select(_l("Kind"), OrganizationKind)
    country = StringField(
        _l("Country (ISO code)"),
        default="BE",
        validators=[
            DataRequired(message=_l("This field is required.")),
            Regexp(r"^[A-Za-z]{2}$", message=_l("Two letters, e.g. BE, BJ or RW.")),
        ],
    )
    mail_domains = TextAreaField(
        _l("Mail domains"),
        validators=[Optional(), Length(max=2000)],
        description=_l("One per line, e.g. roeselare.be; only this exact domain counts."),
    )
    auto_grant_by_domain = BooleanField(
        _l("Grant requests at once from a verified address on one of these domains")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = OrganizationKind.choices()


class MergeOrganizationForm(Form):
    survivor_id = SelectField(
        _l("Merge into"),
        coerce=int,
        description=_l(
            "Members, requests, mail domains, lessons, peer-review work, applications, "
            "partnerships and outcome records move to the organization chosen; this one goes."
        ),
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.survivor_id.choices = [(0, _l("(choose)"))] + [(o.id, o.name) for o in organizations]


class DecideRequestForm(Form):
    # Staff say which organization a request means when the typed name matched none.
    organization_id = SelectField(_l("Organization"), coerce=int, validators=[Optional()])

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = [(0, _l("(as asked)"))] + [
            (o.id, o.name) for o in organizations
        ]


class UserAdminForm(Form):
    name = required_text(_l("Name"), 200)
    role = enum_select(_l("Role"), Role)
    organization_id = SelectField(_l("Organization"), coerce=int, validators=[Optional()])
    function = enum_select(_l("Function"), Function)
    active = BooleanField(_l("Active (can log in)"))

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = Role.choices()
        self.function.choices = Function.choices()
        self.organization_id.choices = [(0, _l("(none)"))] + [(o.id, o.name) for o in organizations]


def user_admin_form(*, organizations=(), parts: Sequence[UserFormPart] = (), **kwargs):
    """The admin's form of a person: the accounts' fields, then one field per part of another
    domain (lmb.accounts.admin_parts), with its choices; `form.parts` lists those parts."""
    form_class = type(
        "UserAdminForm", (UserAdminForm,), {part.name: part.field() for part in parts}
    )
    form = form_class(organizations=organizations, **kwargs)
    for part in parts:
        form[part.name].choices = part.choices()
    form.parts = list(parts)
    return form


class EraseAccountForm(Form):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("This field is required.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    understood = BooleanField(
        _l("I understand that my account and my personal data are erased for good."),
        validators=[DataRequired(message=_l("Tick this box to erase your account."))],
    )
