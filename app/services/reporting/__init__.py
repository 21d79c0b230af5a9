"""Reporting: who has completed what, as set-based queries whatever the number of learners."""
