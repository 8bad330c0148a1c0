"""Information extraction from Hindi news on international cooperation."""

__version__ = "0.1.0"
