"""Stanza models and tagging: text -> spaCy Doc with sentences, POS and lemmas."""
