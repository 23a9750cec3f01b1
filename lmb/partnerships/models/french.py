"""French beside Dutch in what partners read together (issue 18)."""

from __future__ import annotations

from lmb.core.i18n import localized


class FrenchBeside:
    """A model whose texts `<name>` have a French `<name>_fr` beside them (empty when none)."""

    def in_reader_language(self, name: str) -> tuple[str, str]:
        """(text, language) of a text for the page's language: the French text when the page
        is French and it has one, else the Dutch (noted as untranslated)."""
        return localized(getattr(self, name), {"fr": getattr(self, f"{name}_fr")})

    def shown(self, name: str) -> str:
        """The text alone, in the reader's language (a mail's: its recipient's)."""
        return self.in_reader_language(name)[0]
