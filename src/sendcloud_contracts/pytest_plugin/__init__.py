"""The pytest surface: options, fixtures, hooks and the reports a run leaves."""
