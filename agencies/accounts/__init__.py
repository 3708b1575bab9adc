"""Accounts: two-factor log-in (TOTP and recovery codes) and throttled password resets."""
