"""Output: what the build writes besides the pages (open data, feed, image derivatives,
search words) and the last corrections to the HTML it writes."""
