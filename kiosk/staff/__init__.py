"""Staff accounts for counter mode: Argon2 password hashes, roles, sign-in and lock-out."""
