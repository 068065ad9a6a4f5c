"""``python -m dashboard brief --donor NAME --out FILE.pdf [--html FILE.html] [--lists FILE.xlsx]``.

The brief's lists in full go to an Excel workbook beside the PDF (``--lists``, default ``FILE-lists.xlsx``).

For scheduled reports: the same brief as the app's "Download brief" button. The donor is given by its id
(``eu``), its name or a known alias ("EU", "Government of Japan"); optional filters narrow the view.
Exit codes: 0 written, 1 unknown donor or unreadable store, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from dashboard.i18n import SUPPORTED, _, set_language
from dashboard.model.donors import DonorRegistry
from dashboard.model.filters import Filters
from dashboard.transform.bundle import StoreBundle


def resolve_donor(bundle: StoreBundle, text: str) -> str | None:
    """The donor id ``text`` names in this store: an id, a name or alias (any case), else None."""
    from dashboard.transform.donor_profile import donors_with_data

    listed = donors_with_data(bundle)
    ids = set(listed["donor_id"])
    if text in ids:
        return text
    by_name = {str(n).casefold(): d for d, n in zip(listed["donor_id"], listed["name"], strict=True)}
    if text.casefold() in by_name:
        return by_name[text.casefold()]
    registry = DonorRegistry.from_reference()
    registry.remember(bundle.donors)
    donor = registry.resolve(text)
    return donor.donor_id if donor and donor.donor_id in ids else None


def _parser() -> argparse.ArgumentParser:
    from dashboard.ingest import DEFAULT_STORE

    parser = argparse.ArgumentParser(prog="python -m dashboard brief",
                                     description="Write one donor's brief as PDF (and HTML).")
    parser.add_argument("--donor", required=True, help="donor id, name or alias (e.g. eu, 'European Union')")
    parser.add_argument("--out", required=True, type=Path, help="PDF file to write")
    parser.add_argument("--html", type=Path, help="also write the brief as an HTML file")
    parser.add_argument("--lists", type=Path, help="workbook of every list in full (default: OUT-lists.xlsx)")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default data/store)")
    parser.add_argument("--date-from", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    parser.add_argument("--date-to", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    parser.add_argument("--country", action="append", default=[], help="ISO3 code (repeatable)")
    parser.add_argument("--theme", action="append", default=[], help="theme (repeatable)")
    parser.add_argument("--no-charts", action="store_true", help="leave the charts out (no browser needed)")
    parser.add_argument("--lang", choices=SUPPORTED, default=None,
                        help="language of the brief and messages (default: the command's, else the locale)")
    return parser


def main(argv: list[str]) -> int:
    from dashboard.brief.build import render_brief
    from dashboard.brief.document import build_brief_document, lists_workbook
    from dashboard.store import store_version
    from dashboard.transform.bundle import read_bundle
    from dashboard.transform.donor_profile import donor_profile
    from dashboard.transform.filtering import apply_filters

    args = _parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    if not args.store.is_dir():
        print(_("error: no store at {store} (run `python -m dashboard ingest` first)").format(
            store=args.store), file=sys.stderr)
        return 1
    bundle = read_bundle(args.store)
    donor_id = resolve_donor(bundle, args.donor)
    if donor_id is None:
        print(_("error: no donor {donor} with projects or events in {store}").format(
            donor=repr(args.donor), store=args.store), file=sys.stderr)
        return 1
    filters = Filters(date_from=args.date_from, date_to=args.date_to,
                      countries=tuple(c.strip().upper() for c in args.country), themes=tuple(args.theme))
    view = apply_filters(bundle, filters)
    doc = build_brief_document(view, donor_id, filters,
                               store_version=store_version(args.store),
                               generated=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    rendered = render_brief(doc, draw_charts=not args.no_charts)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(rendered.pdf)
    written = [str(args.out)]
    lists = args.lists or args.out.with_name(f"{args.out.stem}-lists.xlsx")
    lists.parent.mkdir(parents=True, exist_ok=True)
    lists.write_bytes(lists_workbook(donor_profile(view, donor_id)))
    written.append(str(lists))
    if args.html:
        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(rendered.html, encoding="utf-8")
        written.append(str(args.html))
    if rendered.images_note:
        print(_("warning: {note}").format(note=rendered.images_note), file=sys.stderr)
    print(_("{title}: wrote {files}").format(title=doc.title, files=", ".join(written)))
    return 0
