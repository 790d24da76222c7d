from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "closeknit.web.practice"
    label = "practice"
    verbose_name = "Practice, plans and together mode"

    def ready(self) -> None:
        from closeknit.web.common.registry import demo_seeders, personal_data
        from closeknit.web.practice.demo import seed_practice
        from closeknit.web.practice.privacy import delete_practice, export_practice

        personal_data.register("practice", export=export_practice, delete=delete_practice)
        demo_seeders.register("practice", seed_practice)
