"""Seed data: Tokyo's municipalities, and the demo's accounts and synthetic learners."""
