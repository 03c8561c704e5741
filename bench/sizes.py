"""Bytes a browser downloads for a grid page: the HTML plus the CSS and JavaScript it links."""

import dataclasses
import gzip
import http.client
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

try:
    import brotli
except ImportError:  # only used to show what a compressing proxy would send for the HTML
    brotli = None

# Static `import ... from "x"` and `import "x"` in JavaScript modules, which the browser also fetches.
_JS_IMPORT = re.compile(r"""\b(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+)["']""")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []  # (kind, url) in page order

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.assets.append(("css", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.assets.append(("js", attrs["src"]))


@dataclasses.dataclass
class Asset:
    kind: str
    path: str
    raw: int  # bytes served with no Accept-Encoding
    gzip: int  # bytes served with Accept-Encoding: gzip
    brotli: int  # bytes served with Accept-Encoding: br
    gzip_served: bool  # whether the server compressed (False for Django pages without a proxy)
    brotli_served: bool


def _get(port, path, encoding=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return body, response.getheader("Content-Encoding", "")
    finally:
        connection.close()


def _asset(port, kind, path):
    raw, _ = _get(port, path)
    gzipped, gzip_encoding = _get(port, path, "gzip")
    brotlied, brotli_encoding = _get(port, path, "br")
    return Asset(
        kind,
        path,
        len(raw),
        len(gzipped),
        len(brotlied),
        gzip_encoding == "gzip",
        brotli_encoding == "br",
    ), raw


def page_weight(port, page_path):
    """The page and every same-origin stylesheet and script it loads, each fetched three ways."""
    page, html = _asset(port, "html", page_path)
    parser = _Links()
    parser.feed(html.decode())
    queue = [(kind, urljoin(page_path, url)) for kind, url in parser.assets]
    assets, seen = [page], set()
    while queue:
        kind, url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc or parts.path in seen:  # other origins (none today) are not ours to weigh
            continue
        seen.add(parts.path)
        asset, body = _asset(port, kind, parts.path)
        assets.append(asset)
        if kind == "js":
            text = body.decode(errors="replace")
            queue += [
                ("js", urljoin(parts.path, target))
                for target in _JS_IMPORT.findall(text)
                if target.startswith((".", "/"))
            ]
    return assets, html


def compressed_html(html):
    """What a compressing proxy would send for the page itself: gzip level 6 and brotli."""
    return len(gzip.compress(html, compresslevel=6)), len(brotli.compress(html)) if brotli else None
