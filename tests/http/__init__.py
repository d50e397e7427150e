"""Tests of how requests reach the API: settings, network failures, throttling."""
