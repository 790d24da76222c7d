from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "closeknit.web.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from closeknit.web.common.registry import personal_data
        from closeknit.web.safety.privacy import delete_screens, export_screens

        personal_data.register("safety_screens", export=export_screens, delete=delete_screens)
