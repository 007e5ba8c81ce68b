"""msgspec Structs: the request and response bodies of the API (and its OpenAPI schema)."""
