"""The extraction as one spaCy pipeline: `language.load()` builds it, `record` reads a
processed Doc into the output record."""
