"""`report.html`: the pages a person opens in the morning, written from the same data as `summary.md`."""
