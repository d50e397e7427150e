"""Tests of the pytest surface: setup mistakes, hygiene, known ids, preflight, reports."""
