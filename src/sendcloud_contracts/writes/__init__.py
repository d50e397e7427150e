"""The write contract: every documented write on one named integration, the account left as found."""
