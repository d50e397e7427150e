"""Errors that stop a run before or instead of testing the contract."""

from __future__ import annotations


class ContractSuiteError(Exception):
    """A problem with the suite's own inputs: spec, cassettes or settings. Never a contract failure."""


class SpecError(ContractSuiteError):
    """The vendored OpenAPI document is unreadable or invalid."""


class ConfigurationError(ContractSuiteError):
    """A `SENDCLOUD_*` variable is missing or malformed."""


class RecordingError(ContractSuiteError):
    """The committed recordings are missing, corrupt or do not cover the run."""
