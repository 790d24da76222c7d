"""Argon2id tuned for a small self-hosted server.

Django's default Argon2 parameters use 100 MiB and 8 lanes per hash: twenty people logging
in at once would need 2 GiB. These are OWASP's recommended Argon2id parameters (19 MiB,
two passes, one lane), which keep a login to tens of milliseconds on two cores. Hashes made
with other parameters are upgraded on the person's next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class CloseknitArgon2Hasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1
