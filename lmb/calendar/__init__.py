"""Calendar: iCalendar invites (iMIP) for mail, and the personal and track feeds."""
