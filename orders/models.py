"""Production orders, claims, handovers and the earnings ledger (see the piecework issue)."""
