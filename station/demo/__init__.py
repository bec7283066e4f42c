"""The station's part of the demo world (``manage.py seed_demo``), one module per topic."""
