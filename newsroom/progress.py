"""A plain progress bar for long-running management commands."""

BAR_WIDTH = 30


def progress(items, total, stream):
    """Yield from `items`, drawing a bar on `stream` (a command's stderr)."""
    for done, item in enumerate(items, start=1):
        yield item
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        stream.write(f"\r[{bar}] {done}/{total}", ending="")
        stream.flush()
    stream.write("")
