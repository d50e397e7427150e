"""Allure results (`--alluredir`, written by allure-pytest) with the run's secrets redacted.

allure-pytest writes each test's exception text as it was raised: schemathesis' reproduction in it
carries the `Authorization` header the run sent. A hook on Allure's own plugin manager, called
before its file writer, redacts every string of each result and container in place. Captured
output (Allure's attachments) is redacted on the test report before Allure reads it (`guards.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pytest

    from sendcloud_contracts.redaction import Secrets

ALLURE_DIR_OPTION = "allure_report_dir"
NAME = "sendcloud-contracts-allure-redactor"


def redact_allure_results(config: pytest.Config, secrets: Secrets) -> None:
    """With `--alluredir`, make every result Allure writes pass through `secrets` first."""
    if not config.getoption(ALLURE_DIR_OPTION, None):
        return
    import allure_commons

    class Redactor:
        @allure_commons.hookimpl(tryfirst=True)
        def report_result(self, result: Any) -> None:
            redact(result, secrets)

        @allure_commons.hookimpl(tryfirst=True)
        def report_container(self, container: Any) -> None:
            redact(container, secrets)

    allure_commons.plugin_manager.register(Redactor(), NAME)
    config.add_cleanup(lambda: allure_commons.plugin_manager.unregister(name=NAME))


def redact(item: Any, secrets: Secrets) -> Any:
    """Every string in a tree of Allure's result objects, lists and dicts, in place."""
    if isinstance(item, str):
        return secrets.redact(item)
    if isinstance(item, list):
        item[:] = [redact(value, secrets) for value in item]
    elif isinstance(item, dict):
        for key, value in list(item.items()):
            item[key] = redact(value, secrets)
    elif hasattr(item, "__dict__") and not isinstance(item, type):
        # Allure's results are plain attrs classes: their fields are their instance attributes.
        for name, value in list(vars(item).items()):
            setattr(item, name, redact(value, secrets))
    return item
