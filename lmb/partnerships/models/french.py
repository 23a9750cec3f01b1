"""French beside Dutch in what partners read together (issue 18)."""

from __future__ import annotations

from lmb.core.i18n import localized


class FrenchBeside:
    """A model whose texts `<name>` have a French `<name>_fr` beside them (empty when none),
    and some an English `<name>_en` too (the steering group's description)."""

    def in_reader_language(self, name: str) -> tuple[str, str]:
        """(text, language) of a text for the page's language: its French or English when the
        page is in that language and it has one, else the Dutch (noted as untranslated)."""
        translations = {"fr": getattr(self, f"{name}_fr"), "en": getattr(self, f"{name}_en", "")}
        return localized(getattr(self, name), translations)

    def shown(self, name: str) -> str:
        """The text alone, in the reader's language (a mail's: its recipient's)."""
        return self.in_reader_language(name)[0]
