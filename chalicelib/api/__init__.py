"""Request/response models, problem+json, auth and the route helper."""
