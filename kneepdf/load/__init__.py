"""Loading: the only place that reads files (YAML content, styles, presets, poses, tables)."""
