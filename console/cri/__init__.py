"""The validation core: CRI request models, rules and request files."""
