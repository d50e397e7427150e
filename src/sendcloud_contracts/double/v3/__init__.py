"""API v3 of the reference double: the account API v2 serves, seen through v3's conventions."""
