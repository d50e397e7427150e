"""The fault catalogue: named contract breaks, valid variations and wire-level entries the double plays."""
