"""Fair work made visible (issue 16): standard time per piece, the region's hourly minimum
wage, the hourly pay a piece rate implies, the time mothers report, and materials kits."""
