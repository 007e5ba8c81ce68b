"""Services hold the queries behind the endpoints; controllers stay thin."""
