from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "closeknit.web.relationships"
    label = "relationships"
    verbose_name = "Relationships"

    def ready(self) -> None:
        from closeknit.web.common.registry import personal_data
        from closeknit.web.relationships.privacy import (
            delete_relationship_data,
            export_relationships,
        )

        personal_data.register(
            "relationships", export=export_relationships, delete=delete_relationship_data
        )
