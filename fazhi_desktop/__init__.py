"""Fazhi desktop: law-based government ledgers for township offices."""
