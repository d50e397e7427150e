"""Changes between two versions of an OpenAPI document, judged from a client's side."""
