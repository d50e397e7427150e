"""Tests of the contract rules, their schemathesis adapters, strict JSON and deviations."""
