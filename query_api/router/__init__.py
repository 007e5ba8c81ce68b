"""The question router without an LLM: normalise → link entities → classify intent → plan → execute → answer."""
