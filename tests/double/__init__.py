"""Tests of the reference double and its fault catalogue."""
