"""API v2 of the reference double: the account under `/api/v2`, in v2's conventions."""
