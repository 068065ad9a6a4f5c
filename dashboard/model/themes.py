"""The dashboard's themes: one list for projects and news (the labelled corpus uses the same list)."""

from dashboard.i18n import N_

# Stored, filtered and put in URLs in English; marked so the catalogue holds each one's French and Spanish
# (shown through model.vocabulary).
THEMES = (
    N_("border management"), N_("counter-trafficking"), N_("migrant smuggling"), N_("labour migration"),
    N_("migration governance"), N_("migration and development"), N_("migration health"),
    N_("return and reintegration"), N_("displacement and emergency"), N_("climate and environment"),
    N_("data and research"), N_("protection of vulnerable migrants"), N_("diaspora"),
    N_("consular and identity"), N_("community stabilization"), N_("gender"),
)
