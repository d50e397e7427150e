"""Tests of drift: comparing recordings, and the nightly record-then-compare step."""
