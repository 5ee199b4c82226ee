"""Report formats that are files: CSV, Markdown and a self-contained HTML page."""
