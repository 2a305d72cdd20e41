"""Charts: a registered theme, pure recipes (table + metadata → spec), text descriptions, SVG."""
