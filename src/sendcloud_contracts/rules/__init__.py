"""The contract: pure rules over an exchange, their schemathesis adapters, deviations and coverage."""
