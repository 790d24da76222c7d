from django.apps import AppConfig


class CounselConfig(AppConfig):
    name = "closeknit.web.counsel"
    label = "counsel"
    verbose_name = "Counsellor mode"

    def ready(self) -> None:
        from closeknit.web.common.registry import personal_data
        from closeknit.web.counsel.privacy import delete_counsel, export_counsel

        personal_data.register("counsel", export=export_counsel, delete=delete_counsel)
