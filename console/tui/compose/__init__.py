"""The compose screen: the request form, live validation, and submission."""
