"""Privacy (GDPR): a person's data to download, erasing an account, and retention.

One mechanism for every domain: a domain registers what it holds about a person with
`register(...)`, naming every column that refers to a person or an organization (`covers`)
and how erasure treats it, and adds an exporter and an eraser. The data download and the
privacy page iterate the registry; `erase()` calls every domain's eraser, in order; a test
(tests/accounts/test_privacy_registry.py) fails when a model gains a reference to `users` or
`organizations` that no registered domain covers.

Erasing keeps the rows that history needs (registrations, reviews, published lessons) but
they point to an account without name, address or password, or to nobody, so that counts
stay correct and nobody can be found in them.

This package is the one way in for the other domains:

- `registry`: the registry and its vocabulary (`register`, `Covered`, `Handling`, `Erasure`);
- `mentions`: finding and scrubbing a person's name and address in copied text;
- `erasure`: the data download and the erasure, over every registered domain;
- `account`: the accounts domain's own part (the person's row and API tokens);
- `retention`: the purge of unverified accounts and old mail bodies.
"""

from lmb.accounts.privacy.account import account_data, accounts, forget_account
from lmb.accounts.privacy.erasure import (
    erase,
    erasure_notes,
    personal_data,
    rows_referring_to,
    section_titles,
)
from lmb.accounts.privacy.mentions import mention_needles, mention_pattern, scrub
from lmb.accounts.privacy.registry import (
    ERASED_DOMAIN,
    ERASED_NAME,
    PERSON_TABLES,
    REGISTRY,
    Covered,
    Erasure,
    Handling,
    PersonalData,
    coverage,
    covered_columns,
    domains,
    erased_address,
    is_erased,
    moment,
    personal_columns,
    references,
    register,
)
from lmb.accounts.privacy.retention import keeps_unverified, purge

__all__ = [
    "ERASED_DOMAIN",
    "ERASED_NAME",
    "PERSON_TABLES",
    "REGISTRY",
    "Covered",
    "Erasure",
    "Handling",
    "PersonalData",
    "account_data",
    "accounts",
    "coverage",
    "covered_columns",
    "domains",
    "erase",
    "erased_address",
    "erasure_notes",
    "forget_account",
    "is_erased",
    "keeps_unverified",
    "mention_needles",
    "mention_pattern",
    "moment",
    "personal_columns",
    "personal_data",
    "purge",
    "references",
    "register",
    "rows_referring_to",
    "scrub",
    "section_titles",
]
