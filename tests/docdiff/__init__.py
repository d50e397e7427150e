"""Tests of the document check: rules, the catalogue of document changes, reports, the nightly fetch."""
