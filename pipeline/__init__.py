"""Information extraction from Hindi news on international cooperation."""

__version__ = "0.1.0"


def load(path=None, *, stanza_dir=None):
    """The spaCy pipeline (see `pipeline.nlp.language.load`); imported on call, so the CLI
    starts without spaCy."""
    from pipeline.nlp.language import load as load_nlp

    return load_nlp(path, stanza_dir=stanza_dir)
