"""Tests of recording: what cassettes keep, that replay matches them, that secrets stay out."""
