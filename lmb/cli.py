"""The `lmb` command: Flask's commands (run, db, ...) plus seed, users and outbox."""

import functools

import click
from flask import Flask
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from lmb.accounts.models import Role
from lmb.core.database import unit_of_work


def _create_app():
    from lmb import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def main():
    """LMB Leertrajecten."""


def in_unit_of_work(command):
    """The command is one transaction: committed when it ends, rolled back when it fails
    (a ClickException too). Services only add and flush."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        with unit_of_work():
            return command(*args, **kwargs)

    return run


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed)
    app.cli.add_command(users)
    app.cli.add_command(outbox)
    app.cli.add_command(reminders)
    app.cli.add_command(scheduler)
    app.cli.add_command(privacy)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(toolkits)


@click.command()
@with_appcontext
@click.option("--demo", is_flag=True, help="Also add demo organizations, people and sessions.")
@in_unit_of_work
def seed(demo: bool):
    """Load programmes, milestones, the 7 tracks and the 8 modalities (idempotent)."""
    from lmb.core.models import utcnow
    from lmb.evaluations.seed import seed_evaluations
    from lmb.modalities.seed import seed_modalities
    from lmb.partnerships.seed import CANDIDATE_CALL, STEERING_GROUP, seed_steering_group
    from lmb.partnerships.seed_french import add_french
    from lmb.tracks.seed import seed_programmes

    added = (
        seed_programmes(utcnow())
        + seed_modalities()
        + seed_steering_group()
        + add_french(STEERING_GROUP, CANDIDATE_CALL)
        + seed_evaluations()
    )
    click.echo(f"Seed: {added} rows added.")
    if demo:
        from lmb.demo import ADMIN_EMAIL, DEMO_PASSWORD, seed_demo

        click.echo(f"Demo: {seed_demo()} rows added.")
        click.echo(f"Demo admin: {ADMIN_EMAIL} / password: {DEMO_PASSWORD}")
        click.echo(f"Every demo account (example.org) uses the password {DEMO_PASSWORD}.")


@click.group(cls=AppGroup)
def users():
    """Manage accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.name for r in Role]), default="participant")
@click.option("--organization", "organization_name", default=None)
@click.option("--password", default=None, help="Generated and printed when omitted.")
@in_unit_of_work
def create_user(email, name, role, organization_name, password):
    """Create a verified account."""
    from lmb.accounts.services import create_verified_user
    from lmb.core.errors import ServiceError

    try:
        user, password = create_verified_user(
            email=email,
            name=name,
            role=Role[role],
            organization_name=organization_name,
            password=password,
        )
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.email} ({user.role.name}); password: {password}")


@users.command("token")
@click.argument("email")
@click.option("--name", default="cli", help="A name to recognise the token by.")
@in_unit_of_work
def create_token(email, name):
    """Print a new API token for that user."""
    from lmb.accounts.services import create_api_token, find_user_by_email
    from lmb.core.errors import ServiceError

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with e-mail address {email}.")
    try:
        _token, secret = create_api_token(user, name)
    except ServiceError as error:
        raise click.ClickException(f"--name: {error.message}") from error
    click.echo(secret)


@click.group(cls=AppGroup)
def outbox():
    """The outbox of mail."""


@outbox.command("flush")
@in_unit_of_work
def flush_outbox():
    """Send what is pending; print sent / failed / still pending, and why mail still waits.

    SIGTERM or Ctrl-C finishes the message in flight and hands the rest of the claim back."""
    import signal

    from lmb.notifications.dispatch import STOP, flush, mail_configured

    def stop(_signum, _frame):
        STOP.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if not mail_configured():
        click.echo("No mail server configured (LMB_MAIL_SERVER): messages stay in the outbox.")
    result = flush()
    click.echo(f"sent: {result.sent} failed: {result.failed} pending: {result.pending}")
    state = result.state
    if result.handed_back:
        click.echo(f"handed back unsent (stopped or out of time): {result.handed_back}")
    if result.lost_claims:
        click.echo(f"taken over by another dispatcher: {result.lost_claims}")
    if state.leased:
        until = state.leased_until.isoformat(timespec="seconds")
        click.echo(f"being sent by another dispatcher (leased until {until}): {state.leased}")
    if state.waiting:
        until = state.waiting_until.isoformat(timespec="seconds")
        error = f" (last error: {state.last_error})" if state.last_error else ""
        click.echo(f"waiting to be retried, the first at {until}: {state.waiting}{error}")
    if state.due and mail_configured():
        click.echo(f"due but not sent (stopped or out of time): {state.due}")


@click.group(cls=AppGroup)
def reminders():
    """Reminders swept from the database."""


@reminders.command("sweep")
@click.option(
    "--now", "moment", default=None, help="ISO 8601 moment to sweep as of (default: now)."
)
@in_unit_of_work
def sweep_reminders(moment):
    """Write the reminders due at that moment into the outbox; print how many."""
    from datetime import datetime

    from lmb.core.models import utcnow
    from lmb.core.timezones import local_zone
    from lmb.notifications.sweep import sweep

    if moment:
        try:
            now = datetime.fromisoformat(moment)
        except ValueError as error:
            raise click.BadParameter(f"not an ISO 8601 moment: {moment}") from error
        if now.tzinfo is None:
            now = now.replace(tzinfo=local_zone())
    else:
        now = utcnow()
    click.echo(f"reminders written: {sweep(now)}")


@click.group(cls=AppGroup)
def privacy():
    """Retention of personal data."""


@privacy.command("purge")
@in_unit_of_work
def purge_personal_data():
    """Delete unverified accounts and clear old mail texts, as the retention settings say."""
    from lmb.accounts.privacy import purge

    done = purge()
    click.echo(
        f"unverified accounts deleted: {done['unverified_accounts']}, "
        f"mail texts cleared: {done['message_bodies']}"
    )


@click.command()
@click.option("-o", "--output", "target", required=True, type=click.Path(dir_okay=False))
@with_appcontext
def backup(target):
    """Write a consistent copy of the database and the uploads to a .tar.gz file."""
    from pathlib import Path

    from lmb.core.backup import backup as make_backup

    manifest = make_backup(Path(target))
    rows = sum(manifest["tables"].values())
    click.echo(f"backup written: {target} ({rows} rows, {manifest['uploads']} files)")


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Delete what the database holds first.")
@with_appcontext
def restore(source, replace):
    """Bring back a copy made by `lmb backup` (into a database at the same migration)."""
    from pathlib import Path

    from lmb.core.backup import restore as bring_back
    from lmb.core.errors import ServiceError

    try:
        manifest = bring_back(Path(source), replace=replace)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    rows = sum(manifest["tables"].values())
    click.echo(f"restored: {rows} rows, {manifest['uploads_restored']} files")


@click.command()
@with_appcontext
def scheduler():
    """Run the scheduler in the foreground (production); a second copy waits for the first."""
    import logging

    from flask import current_app

    from lmb.notifications.scheduler import run_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    run_forever(current_app._get_current_object())


@click.group(cls=AppGroup)
def toolkits():
    """Toolkits made from lessons learned."""


@toolkits.command("export")
@click.argument("toolkit_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["html", "md", "pdf", "docx"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
@click.option(
    "--version", "number", type=int, default=None, help="A published version (default: the latest)."
)
@click.option("--draft", is_flag=True, help="Export the current, unpublished state.")
@in_unit_of_work
def export_toolkit(toolkit_id, fmt, output, number, draft):
    """Export a toolkit as HTML, Markdown, PDF or DOCX (the latest published version, or the
    draft when it was never published)."""
    from pathlib import Path

    from lmb.extensions import db
    from lmb.toolkits import services
    from lmb.toolkits.models import Toolkit

    toolkit = db.session.get(Toolkit, toolkit_id)
    if toolkit is None:
        raise click.ClickException(f"No toolkit with id {toolkit_id}.")
    if number is not None:
        version = services.find_version(toolkit, number)
        if version is None:
            raise click.ClickException(f"Toolkit {toolkit_id} has no version {number}.")
    else:
        version = None if draft else services.latest_version(toolkit)
    document = services.version_document(version) if version else services.draft_document(toolkit)
    body, _mimetype, _filename = services.export(document, fmt)
    Path(output).write_bytes(body)
    which = f"version {version.number}" if version else "draft"
    click.echo(f"{toolkit.title} ({which}) written to {output} ({len(body):,} bytes).")
