"""The harness of `tests/test_endings.py`: every entry point, every way a run can end."""
