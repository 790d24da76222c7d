from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "closeknit.web.checkins"
    label = "checkins"
    verbose_name = "Check-ins, journal and reminders"

    def ready(self) -> None:
        from closeknit.web.checkins.demo import seed_checkins
        from closeknit.web.checkins.privacy import delete_checkins, export_checkins
        from closeknit.web.common.registry import demo_seeders, personal_data

        personal_data.register("checkins", export=export_checkins, delete=delete_checkins)
        demo_seeders.register("checkins", seed_checkins)
