"""Le classement des lignes du journal : une seule classification, un seul vocabulaire.

Chaque événement reçoit ici une *famille* (d'où vient la ligne : une requête
GET, un POST, une erreur, le serveur lui-même…) et un *rôle* (ce qu'elle
dit : une requête, une réponse, une information). La couleur d'une ligne se
lit dans son rôle et sa famille ; le filtre « Afficher » du journal montre ou
cache des familles. Le terminal (``python3 -m serveur``) n'a ni couleur ni
filtre : ce classement n'appartient qu'à la fenêtre.

Pas de tkinter ici : ce module se teste sans fenêtre.
"""

from serveur.events import DATA, ERROR, EXCHANGE, REQUEST, RESPONSE, STARTED, STOPPED
from serveur.explanations import is_missing_icon

# Les familles, dans le vocabulaire du filtre (gardé tel quel dans les réglages).
GET, POST, ERRORS, SERVER, OTHER = "get", "post", "erreurs", "serveur", "autres"
FAMILIES = (GET, POST, ERRORS, SERVER, OTHER)

# Les rôles d'une ligne dans sa famille.
ASKED, ANSWERED, TOLD = "requete", "reponse", "info"

# Le filtre « Afficher » : nom retenu, étiquette, familles montrées (None : toutes).
# Les lignes du serveur (démarrage, arrêt) restent toujours visibles.
FILTERS = (("tout", "Tout", None), (GET, "GET", (GET, SERVER)),
           (POST, "POST", (POST, SERVER)), (ERRORS, "Erreurs", (ERRORS, SERVER)))
FILTER_NAMES = tuple(name for name, _label, _families in FILTERS)

# Les explications « À savoir » ont leur propre couleur, dans la famille de leur événement.
HINT = "explication"


def family_of(event):
    """La famille d'un événement : ``get``, ``post``, ``erreurs``, ``serveur`` ou ``autres``."""
    if event.kind in (STARTED, STOPPED):
        return SERVER
    if is_missing_icon(event):
        return GET      # l'icône absente : normale, jamais rangée parmi les erreurs
    if event.kind == ERROR or (event.kind in (RESPONSE, EXCHANGE) and event.status >= 400):
        return ERRORS
    if event.method in ("GET", "HEAD"):
        return GET
    if event.method == "POST" or event.kind == DATA:
        return POST
    return OTHER


def role_of(event):
    """Le rôle d'une ligne : la requête reçue, la réponse envoyée, ou une information."""
    if event.kind in (REQUEST, DATA):
        return ASKED
    if event.kind in (RESPONSE, EXCHANGE):
        return ANSWERED
    return TOLD


def classify(event):
    """``(famille, rôle)`` d'un événement : tout ce que le journal doit savoir pour
    le colorer et le filtrer."""
    return family_of(event), role_of(event)


def shown_families(choice):
    """Les familles montrées par le filtre ``choice`` (toutes si le nom est inconnu)."""
    for name, _label, families in FILTERS:
        if name == choice and families is not None:
            return families
    return FAMILIES


def colour_of(family, role):
    """Le nom de la couleur d'une ligne (voir ``journal.COLOURS``), dans le même
    vocabulaire : le serveur et les erreurs ont la leur, une réponse réussie est
    ``reponse``, une information ``info``, une requête prend sa famille."""
    if family in (SERVER, ERRORS):
        return family
    if role == ANSWERED:
        return ANSWERED
    if role == TOLD:
        return TOLD
    return family
