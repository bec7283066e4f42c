"""Production: production orders (工单), claims (认领), request windows and their fair
share-out, handovers (交件) and inspection (验收) — the mother's /work/ pages and the
coordinator's /co/orders/ workspace."""
