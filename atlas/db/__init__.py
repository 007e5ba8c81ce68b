"""Database provisioning: the embedded server, roles, extensions, schemas and the graph."""
