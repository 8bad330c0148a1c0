"""Event frames: each EVENT mention linked to its partners, date and amounts."""
