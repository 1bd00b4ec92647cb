"""Les phrases du dossier privé du panneau : là où il écrit ce que tapent les élèves.

Le journal de la séance et l'archive des échanges (mots de passe compris) sont écrits
dans le dossier de données de l'utilisateur, jamais servi (``paths.private_parts``).
"""

ERROR_REASONS = {
    "private-folder": "Ce dossier est celui où le panneau écrit le journal de la séance (ce que "
                      "tapent les élèves, mots de passe compris) : il n'est jamais servi.",
}

START_PROBLEMS = {
    "private-folder": "« {folder} » est le dossier où le panneau écrit le journal de la séance "
                      "(ce que tapent les élèves) : choisissez un autre dossier à servir.",
}


def register(sentences, error_reasons, start_problems):
    """Ajoute ces phrases à celles de ``wording.py``."""
    error_reasons.update(ERROR_REASONS)
    start_problems.update(START_PROBLEMS)
