from django.apps import AppConfig


class ChatsConfig(AppConfig):
    name = "closeknit.web.chats"
    label = "chats"
    verbose_name = "Conversation insights from chat exports"

    def ready(self) -> None:
        from closeknit.web.chats.demo import seed_chats
        from closeknit.web.chats.privacy import delete_chats, export_chats
        from closeknit.web.common.registry import demo_seeders, personal_data

        personal_data.register("chats", export=export_chats, delete=delete_chats)
        demo_seeders.register("chats", seed_chats)
