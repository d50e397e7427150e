"""Tests of the document check: its rules, the catalogue of document changes, its reports and the nightly fetch."""
