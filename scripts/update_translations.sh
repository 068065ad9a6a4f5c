#!/usr/bin/env bash
# Refresh the message catalogues after interface text changed: extract every _("..."), N_("...") and
# ngettext(...) literal from the package into a template, then merge it into the French and Spanish .po files
# (new messages arrive empty, for a translator; gone ones are dropped). The app reads the .po files directly.
#
#   scripts/update_translations.sh          # extract + update
#   then translate the empty msgstr entries in dashboard/locale/{fr,es}/LC_MESSAGES/messages.po
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
LOCALE_DIR=dashboard/locale
TEMPLATE="$LOCALE_DIR/messages.pot"
mkdir -p "$LOCALE_DIR"

"$PYBABEL" extract -F babel.cfg -o "$TEMPLATE" --add-location=file --sort-by-file --width=110 \
    --project="IOM activity dashboard" --copyright-holder="IOM activity dashboard contributors" \
    --msgid-bugs-address="" dashboard
for language in fr es; do
    if [[ -f "$LOCALE_DIR/$language/LC_MESSAGES/messages.po" ]]; then
        # No fuzzy matching: a guessed translation of a similar message is worse than an empty one.
        "$PYBABEL" update -i "$TEMPLATE" -d "$LOCALE_DIR" -l "$language" -D messages \
            --no-fuzzy-matching --ignore-obsolete --width=110
    else
        "$PYBABEL" init -i "$TEMPLATE" -d "$LOCALE_DIR" -l "$language" -D messages
    fi
done
