"""The dashboard's themes: one list for projects and news (the labelled corpus uses the same list)."""

THEMES = (
    "border management", "counter-trafficking", "migrant smuggling", "labour migration",
    "migration governance", "migration and development", "migration health", "return and reintegration",
    "displacement and emergency", "climate and environment", "data and research",
    "protection of vulnerable migrants", "diaspora", "consular and identity", "community stabilization",
    "gender",
)
