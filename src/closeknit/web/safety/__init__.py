"""Safety: the private screen each member takes alone before any joint feature, help
resources, and the rule that gates joint features (``access.require_joint_features``)."""
