"""The documentation's reference pages, written from the code that defines what each one lists."""
