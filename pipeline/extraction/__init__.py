"""Rule-based extractors: dates, partners, amounts, events, and overlap resolution."""
