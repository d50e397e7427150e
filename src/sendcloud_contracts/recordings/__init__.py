"""Cassettes: what vcrpy keeps and scrubs, reading them back, staging them, redacting secrets."""
