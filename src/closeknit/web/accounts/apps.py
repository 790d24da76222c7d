from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "closeknit.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from closeknit.web.accounts.privacy import delete_account_data, export_account
        from closeknit.web.common.registry import personal_data

        personal_data.register("account", export=export_account, delete=delete_account_data)
