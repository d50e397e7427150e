"""How requests reach the API: settings from the environment, the session, throttling, auth, messages."""
