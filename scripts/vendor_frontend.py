"""Copy the pinned NHS.UK frontend and htmx builds from node_modules into Django static files.

The NHS.UK CSS points its icons at /assets/...; the copy rewrites them to a relative path so
Django's manifest storage can fingerprint them.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
HTMX = ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
TARGET = ROOT / "thrivegrids" / "core" / "static" / "vendor"


def main():
    if not SOURCE.exists():
        sys.exit("node_modules is missing: run `npm ci` first.")
    nhsuk = TARGET / "nhsuk"
    if nhsuk.exists():
        shutil.rmtree(nhsuk)
    nhsuk.mkdir(parents=True)
    css = (SOURCE / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    css = css.replace("url(/assets/", "url(assets/")
    css = css.split("/*# sourceMappingURL=")[0]
    (nhsuk / "nhsuk-frontend.min.css").write_text(css, encoding="utf-8")
    for name in ("nhsuk-frontend.min.js", "nhsuk-frontend.min.js.map"):
        shutil.copy2(SOURCE / name, nhsuk / name)
    shutil.copytree(SOURCE / "assets", nhsuk / "assets")
    shutil.copy2(HTMX, TARGET / "htmx.min.js")
    print(f"Vendored NHS.UK frontend and htmx into {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
