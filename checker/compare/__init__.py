"""Comparing the article with its re-translation."""
