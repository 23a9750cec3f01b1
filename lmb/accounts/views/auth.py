"""Signing up, verifying an address, logging in and out, the language, passwords."""

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lmb.accounts import services
from lmb.accounts.forms import (
    ChangePasswordForm,
    EmailForm,
    LoginForm,
    ResetPasswordForm,
    SignUpForm,
    VerifyForm,
)
from lmb.accounts.views import _limit, blueprint
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.i18n import remember_locale, supported_locale
from lmb.core.views import safe_next, show_service_error


@blueprint.route("/signup", methods=["GET", "POST"])
@_limit("SIGNUP_RATE_LIMIT")
def signup():
    # Where the person came from (a track they want to register for): through the
    # verification mail back there. Only a local path (lmb.core.views.safe_next).
    next_path = safe_next(request.args.get("next"), "") or None
    if current_user.is_authenticated:
        return redirect(next_path or url_for("home.overview"))
    form = SignUpForm()
    if request.method == "GET":
        # The page's language: the switch's choice, else what the browser asks for.
        form.locale.data = str(get_locale())
    if form.validate_on_submit():
        try:
            services.sign_up(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                organization_name=form.organization.data or "",
                function=form.function.data,
                locale=form.locale.data,
                time_zone=form.time_zone.data,
                next_path=next_path,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            # The same page whether the address was new or already had an account.
            email = services.normalize_email(form.email.data)
            return render_template("accounts/signup_done.html", email=email)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/signup.html", form=form, next_path=next_path), status


@blueprint.route("/verify/<token>", methods=["GET", "POST"])
@_limit("LOGIN_RATE_LIMIT")
def verify_email(token: str):
    """The link from the mail asks for the account's password before it verifies."""
    try:
        user = services.verification_link_user(token)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.resend_verification"))
    next_path = safe_next(request.args.get("next"), "") or None
    if user.is_verified:
        flash(_("This e-mail address is verified already. You can log in."), "success")
        return redirect(url_for("accounts.login", next=next_path))
    form = VerifyForm()
    if form.validate_on_submit():
        try:
            user = services.verify_email(
                token, form.password.data, client_address=request.remote_addr
            )
        except ServiceError as error:
            flash(error.message, "error")
        else:
            if current_user.is_authenticated:
                # Someone else was logged in in this browser: that session ends first.
                services.end_session(current_user)
                logout_user()
            services.start_session(user)
            login_user(user)
            flash(
                _("Thank you, your e-mail address is verified. Welcome, %(name)s.", name=user.name),
                "success",
            )
            landing = next_path or url_for("home.overview")
            return remember_locale(redirect(landing), user.locale)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/verify.html", form=form, email=user.email), status


@blueprint.route("/verify", methods=["GET", "POST"])
@_limit("MAIL_LINK_RATE_LIMIT")
def resend_verification():
    form = EmailForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        flash(_("If an unverified account uses this address, a new link is on its way."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/resend_verification.html", form=form), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/login", methods=["GET", "POST"])
@_limit("LOGIN_RATE_LIMIT")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("home.overview")))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, client_address=request.remote_addr
            )
        except ServiceError as error:
            flash(error.message, "error")
        else:
            services.start_session(user)
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            # Mijn overzicht, unless the person came from a page that sent them here.
            response = redirect(safe_next(request.args.get("next"), url_for("home.overview")))
            return remember_locale(response, user.locale)
    return render_template(
        "accounts/login.html", form=form, next_path=safe_next(request.args.get("next"), "")
    ), (422 if form.is_submitted() else 200)


@blueprint.post("/logout")
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            # Ended on the server: a copy of the session or remember-me cookie stops working.
            services.end_session(current_user)
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("tracks.home"))


@blueprint.post("/locale")
def set_locale():
    """The language switch: remembered in a cookie, and on the account when logged in."""
    form = ConfirmForm()
    locale = supported_locale(request.form.get("locale"))
    response = redirect(safe_next(request.form.get("next")))
    if form.validate_on_submit() and locale:
        remember_locale(response, locale)
        if current_user.is_authenticated:
            services.set_locale(current_user, locale)
    return response


@blueprint.route("/reset", methods=["GET", "POST"])
@_limit("MAIL_LINK_RATE_LIMIT")
def request_reset():
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, locale=str(get_locale()))
        flash(_("If an account uses this address, a reset link is on its way."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except ServiceError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            logout_user()
            flash(_("Your password has been changed. Log in with the new one."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), (
        422 if form.is_submitted() else 200
    )


@blueprint.route("/password", methods=["GET", "POST"])
@login_required
# Every form that checks a password is limited like the login: a copied session cookie must
# not let anyone guess the password at leisure.
@_limit("LOGIN_RATE_LIMIT")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            # Every session ended with the password: this browser gets a new one, and only this.
            user = current_user._get_current_object()
            services.start_session(user)
            login_user(user)
            flash(_("Your password has been changed. Other sessions are logged out."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), (
        422 if form.is_submitted() else 200
    )
