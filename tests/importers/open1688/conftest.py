"""The 1688 fixtures (fake gateway, scripted answers, a connected workspace) are the app's."""

from tests.sourcing.conftest import fast_passwords, gateway, scripted  # noqa: F401
