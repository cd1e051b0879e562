"""PynamoDB models and the only code that touches them."""
