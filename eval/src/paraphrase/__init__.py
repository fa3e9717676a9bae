"""Seeded paraphrase generator: hand-written templates × random numbers, expected values from the calculators."""
