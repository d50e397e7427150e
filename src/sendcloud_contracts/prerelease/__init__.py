"""Pre-release verification: the live suite per sandbox account, one verdict table."""
