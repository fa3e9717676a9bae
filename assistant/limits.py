"""Limits every face of the assistant shares, in a module of their own so a web server can read them at start-up
without importing the answering stack (the vocabulary alone takes most of a second to load)."""

MAX_QUESTION_CHARS = 2000
