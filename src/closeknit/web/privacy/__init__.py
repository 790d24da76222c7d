"""Privacy: export everything a person owns as JSON, and delete their account for real.

Apps contribute through :data:`closeknit.web.common.registry.personal_data`."""
