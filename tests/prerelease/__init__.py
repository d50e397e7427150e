"""Tests of pre-release verification over several sandbox accounts."""
