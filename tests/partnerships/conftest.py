"""The logged-in readers of the hostile-input harness, for this domain's forms too."""

from tests.core.test_bad_input import readers  # noqa: F401
