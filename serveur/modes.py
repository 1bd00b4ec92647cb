"""Les modes du serveur : un enregistrement par mode, un seul registre.

Un mode, c'est une classe gestionnaire (handler) et ce qu'il faut pour la
présenter : son nom (celui qu'on tape, ``--mode get-post``), l'étiquette de
son bouton dans le panneau, son nom court dans le journal, son port par
défaut (ceux du tutoriel : 8080 et 8081), une ligne de description et une
aide. Le contrôleur, la ligne de commande, le narrateur et la fenêtre lisent
tous ce registre : aucun autre fichier ne connaît la liste des modes.

Ajouter un mode ::

    # serveur/mon_handler.py : la classe MonHandler(GetHandler), puis ici :
    register(Mode(name="mon-mode", handler=MonHandler, label="Mon mode — …",
                  short="MON MODE", default_port=8082,
                  description="…", help="…"))
"""

from dataclasses import dataclass

from .get_handler import GetHandler
from .post_handler import GetPostHandler


@dataclass(frozen=True)
class Mode:
    """Un mode du serveur. Rien que des données."""

    name: str            # ce qu'on tape et ce qu'on retient : "get-post"
    handler: type        # la classe qui lit les requêtes et y répond
    label: str           # le bouton du panneau : "GET/POST — le formulaire ressource.html"
    short: str           # dans le journal : « je démarre en mode GET/POST »
    default_port: int    # le port proposé quand on choisit ce mode
    description: str     # une ligne, pour l'aide de la ligne de commande
    help: str            # quelques phrases pour qui découvre le mode


MODES = {}   # nom -> Mode, dans l'ordre d'enregistrement (l'ordre des boutons)


def register(mode):
    """Ajoute ``mode`` au registre (un nom déjà pris est une erreur de programmation)."""
    if mode.name in MODES:
        raise ValueError("mode déjà enregistré : %s" % mode.name)
    MODES[mode.name] = mode
    return mode


def mode_named(name):
    """Le mode de ce nom, ou None."""
    return MODES.get(name)


register(Mode(
    name="get", handler=GetHandler,
    label="GET — les fichiers d'un dossier", short="GET", default_port=8080,
    description="les fichiers d'un dossier",
    help="Le serveur du tutoriel qui montre les fichiers d'un dossier : le navigateur les "
         "demande (GET), le serveur les envoie."))
register(Mode(
    name="get-post", handler=GetPostHandler,
    label="GET/POST — le formulaire ressource.html", short="GET/POST", default_port=8081,
    description="le formulaire ressource.html et les requêtes POST",
    help="Le second serveur du tutoriel : il sert le formulaire ressource.html et raconte "
         "les données qu'il reçoit (POST, ou GET avec des paramètres)."))

DEFAULT_MODE = "get-post"
