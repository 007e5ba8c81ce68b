"""Thin HTTP controllers: validate, call a service, shape the response."""
