"""Reporting: the coordinator's dashboard, the women's federation's overview (aggregates only,
small cells merged), a mother's "My month", their charts and CSV/XLSX exports. Reads only."""
