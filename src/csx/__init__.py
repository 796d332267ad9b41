"""csx: a survey data warehouse for customer-service benchmarking."""

__version__ = "0.1.0"
