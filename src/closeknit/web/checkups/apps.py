from django.apps import AppConfig


class CheckupsConfig(AppConfig):
    name = "closeknit.web.checkups"
    label = "checkups"
    verbose_name = "Checkups and Pulse"

    def ready(self) -> None:
        from closeknit.web.checkups.demo import seed_checkups
        from closeknit.web.checkups.privacy import delete_checkups, export_checkups
        from closeknit.web.common.registry import demo_seeders, personal_data

        personal_data.register("checkups", export=export_checkups, delete=delete_checkups)
        demo_seeders.register("checkups", seed_checkups)
