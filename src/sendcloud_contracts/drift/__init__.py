"""Drift: how two recordings of the API differ in shape (`python -m sendcloud_contracts.drift`)."""
