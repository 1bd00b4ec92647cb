"""Les phrases du papier et des réponses de la classe : la page imprimable, ses trous,
la comparaison de deux échanges, l'onglet « Réponses de la classe ».

Comme ``tls_wording.py`` ou ``manual_wording.py`` : des modèles, mis à la
typographie française par ``french.py`` (``say``, ``fill``), que la page
(``printable.py``), la comparaison (``compare.py``) et la fenêtre reprennent.
Les valeurs venues d'un client y entrent déjà échappées (``display.shown``).

Ce module n'importe du paquet que ``french.py``.
"""

from .french import and_list, fill, number, say, typography

# -- les trous : une case à cocher par sorte de partie -------------------------------
# (code, ce que la case dit, de quel message) ; l'ordre est celui de l'échange.
BLANK_KINDS = (
    ("method", "la méthode (GET, POST…)", "request"),
    ("path", "le chemin demandé (et ses paramètres)", "request"),
    ("version", "la version de HTTP", "request"),
    ("header-name", "le nom de chaque en-tête", "request"),
    ("header-value", "la valeur de chaque en-tête", "request"),
    ("body", "le corps", "request"),
    ("fields", "la valeur de chaque champ décodé", "request"),
    ("status", "le code et la phrase de statut", "reply"),
    ("reply-header-name", "le nom de chaque en-tête", "reply"),
    ("reply-header-value", "la valeur de chaque en-tête", "reply"),
    ("reply-body", "le début du corps", "reply"),
)
BLANK_CODES = tuple(code for code, _, _ in BLANK_KINDS)

# -- la page ------------------------------------------------------------------------
PAGE_TITLE_ONE = "Échange n°%d"
PAGE_TITLE_MANY = "%s échanges"
PAGE_TITLE_SESSION = "La séance du %s"
STUDENT_LINE = "Nom : %s   Classe : %s   Date : %s"
INSTRUCTIONS = ("Complétez chaque case en pointillés : son numéro renvoie au corrigé. "
                "Les parties sont nommées comme dans l'onglet « Échange brut » du panneau.")
FIELDS_POST = "champs décodés (%s)"
FIELDS_GET = "paramètres de l'adresse, décodés (%s)"
FIELD_FILE = "fichier « %s » (%s)"
MORE_FIELDS = "… et %s autres champs"
MORE_LINES = "… (%s lignes de plus, dans « Échange brut »)"
KEY_TITLE = "Corrigé"
KEY_INTRO = "Les réponses attendues, case par case (%s case%s)."
NO_EXCHANGE = "Aucun échange à imprimer."
ON_SCREEN = ("Pour imprimer : Ctrl+P (Cmd+P sur Mac). Cette page ne demande rien à personne : "
             "elle tient toute dans ce fichier.")
PRINTED = "Page faite par Panneau serveur le %s : %s."
MASKED = "Les mots de passe sont masqués (••••)."
NOT_MASKED = "Les mots de passe sont en clair : ne la projetez pas, ne la distribuez pas."
ARCHIVE_FULL = ("L'archive des échanges de la séance était pleine : les échanges après le "
                "n°%d ne sont pas dans cette page (%s de plus).")
ARCHIVE_DROPPED = ("%s échanges sont arrivés trop vite pour être archivés : ils manquent "
                   "dans cette page.")


def exchanges_text(count):
    """« 1 échange », « 12 échanges »."""
    return say("%s échange%s", number(count), "s" if count > 1 else "")


def printed_line(when, count):
    return say(PRINTED, when, exchanges_text(count))


# -- « Imprimer… » : la boîte de dialogue et ce qu'elle dit ensuite ---------------------
PRINT_TITLE = "Imprimer"
PRINT_INTRO = ("%s : une page HTML, enregistrée où vous voulez puis ouverte dans le "
               "navigateur, qui l'imprime (Ctrl+P).")
SESSION_WHAT = "Toute la séance (%s gardés sur le disque)"
BLANKS_TITLE = "À trous : cacher, pour que les élèves complètent…"
REQUEST_SIDE = "Dans la requête"
REPLY_SIDE = "Dans la réponse"
ONLY_HEADERS = "En-têtes à cacher seulement (par exemple : Host, Content-Type ; vide : tous) :"
WITH_KEY = "Ajouter le corrigé (dernière page)"
PAGE_BREAKS = "Un échange par page"
MASK_PRINT = "Masquer les mots de passe (••••)"
ALL_EXCHANGES = "Tous les échanges"
FORMS_ONLY = "Seulement ceux qui envoient des données (POST, GET avec paramètres)"
SAVE_AND_OPEN = "Enregistrer et ouvrir…"
CANCEL = "Annuler"
PRINT_BUTTON = "Imprimer…"
COMPARE_CHOSEN_BUTTON = "Comparer…"
SESSION_BUTTON = "Toute la séance…"
SAVED = "page enregistrée dans « %s » (%s) ; elle s'ouvre dans le navigateur."
NOT_IN_SERVED = ("Je n'enregistre pas la page dans le dossier servi (« %s ») : elle montre ce "
                 "que les élèves ont tapé, et tout le monde pourrait la télécharger. Choisissez "
                 "un autre dossier, par exemple vos Documents.")
CANNOT_SAVE = "Impossible d'enregistrer la page dans « %s » : %s."
NOTHING_CHOSEN = "Choisissez d'abord un échange (ou plusieurs, avec Ctrl+clic) dans « Échange brut »."


# -- la comparaison de deux échanges (compare.py donne les faits) -------------------
COMPARE_SENTENCES = {
    "same": "Mêmes requêtes, à l'octet près dans ce que le panneau a gardé.",
    "method": "La méthode : {left} à gauche, {right} à droite.",
    "path": "Le chemin : « {left} » à gauche, « {right} » à droite.",
    "version": "La version : {left} à gauche, {right} à droite.",
    "place": lambda values: {
        ("query", "body"): "Les données voyagent dans l'adresse (après le « ? ») à gauche, "
                           "dans le corps de la requête à droite : la barre d'adresse, "
                           "l'historique et le journal du serveur les gardent à gauche.",
        ("body", "query"): "Les données voyagent dans le corps de la requête à gauche, dans "
                           "l'adresse (après le « ? ») à droite : la barre d'adresse, "
                           "l'historique et le journal du serveur les gardent à droite.",
        ("query", "none"): "Des données dans l'adresse à gauche ; aucune à droite.",
        ("none", "query"): "Aucune donnée à gauche ; des données dans l'adresse à droite.",
        ("body", "none"): "Des données dans le corps à gauche ; aucune à droite.",
        ("none", "body"): "Aucune donnée à gauche ; des données dans le corps à droite.",
    }.get((values["left"], values["right"]), "Les données ne voyagent pas au même endroit."),
    "same-fields": "Les mêmes champs, avec les mêmes valeurs, des deux côtés : {names:et}.",
    "field-changed": "Le champ {name} : « {left} » à gauche, « {right} » à droite.",
    "field-left": "Le champ {name} n'est qu'à gauche (« {left} »).",
    "field-right": "Le champ {name} n'est qu'à droite (« {right} »).",
    "header-changed": "L'en-tête {name} : « {left} » à gauche, « {right} » à droite.",
    "header-left": "L'en-tête {name} n'est qu'à gauche.",
    "header-right": "L'en-tête {name} n'est qu'à droite.",
    "body": "Le corps : {left} à gauche, {right} à droite.",
    "status": "La réponse : {left} à gauche, {right} à droite.",
    "reply-header-changed": "Dans la réponse, l'en-tête {name} : « {left} » à gauche, "
                            "« {right} » à droite.",
    "reply-header-left": "Dans la réponse, l'en-tête {name} n'est qu'à gauche.",
    "reply-header-right": "Dans la réponse, l'en-tête {name} n'est qu'à droite.",
    "reply-body": "Les réponses n'ont pas le même corps.",
}
COMPARE_TITLE = "Comparer deux échanges"
COMPARE_PICK = "Choisissez deux échanges (le même formulaire envoyé en GET puis en POST, par exemple) :"
COMPARE_LEGEND = ("Surligné : ce qui diffère (jaune : changé ; vert : d'un seul côté). "
                  "Les en-têtes sont comparés par leur nom, sans tenir compte des majuscules.")
COMPARE_NEED_TWO = "Il faut au moins deux échanges gardés pour comparer."


def difference_line(difference):
    """Une différence (``compare.Difference``) en une phrase."""
    return fill(COMPARE_SENTENCES[difference.kind],
                {"name": difference.name, "left": difference.left,
                 "right": difference.right, "names": difference.names})


# -- l'onglet « Réponses de la classe » ----------------------------------------------
ANSWERS_TITLE = "Réponses de la classe"
ANSWERS_FORM = "Formulaire :"
ANSWERS_HELP = ("Une ligne par poste : ce qu'il a envoyé la dernière fois avec ce formulaire. "
                "Un clic sur une ligne montre l'échange.")
ANSWERS_EMPTY = "Aucun formulaire reçu pour l'instant : faites envoyer ressource.html."
SHOW_PASSWORDS = "Montrer les mots de passe"
FORM_CHOICE = "%s %s — %s"   # méthode, chemin, postes
COMPARE_BUTTON = "Comparer GET et POST…"
MORE_COLUMNS = "… et %s autres champs, non montrés"


def posts_text(count):
    """« 1 poste », « 12 postes »."""
    return say("%s poste%s", number(count), "s" if count > 1 else "")


def form_choice(method, path, count):
    return say(FORM_CHOICE, method, path, posts_text(count))


def names_list(names):
    return and_list(names)


def sentence(text):
    """Une de nos phrases de ce module, à la typographie française."""
    return typography(text)
