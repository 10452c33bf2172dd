"""Layout: the handout and a theme turned into ReportLab flowables."""
