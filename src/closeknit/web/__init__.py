"""The Django web app: one app per context, thin views over the core."""
