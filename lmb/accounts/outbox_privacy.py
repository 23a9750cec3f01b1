"""The outbox's part of the privacy registry, added from the accounts side: the mail
infrastructure (lmb.notifications.privacy) exports and erases what it holds about a person,
but imports no domain, so the domain that owns the registry registers it."""

from lmb.accounts import privacy
from lmb.notifications import privacy as mail

personal = privacy.register(
    mail.KEY,
    mail.TITLE,
    on_erasure=mail.ON_ERASURE,
    covers={column: privacy.Handling(how) for column, how in mail.COVERS.items()},
    order=mail.ORDER,
)
personal.exporter(mail.notification_data)
personal.eraser(lambda erasure: mail.forget_mail_of(erasure, privacy))
