"""The rules of the document check: each change between two documents, breaking for a client or not."""
