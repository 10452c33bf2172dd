"""Writing: the PDF itself (page template, footer, metadata, outline) and the atomic write."""
