"""Les modes du serveur : un enregistrement par mode, un seul registre.

Un mode, c'est une classe gestionnaire (handler) et ce qu'il faut pour la
présenter : son nom (celui qu'on tape, ``--mode get-post``), l'étiquette de
son bouton dans le panneau, son nom court dans le journal, son port par
défaut (ceux du tutoriel : 8080 et 8081 ; 8082 pour « Mon serveur »), une ligne
de description, une aide, et s'il sert le fichier Python d'un élève
(``needs_file`` : le contrôleur reçoit alors ``student_file``). Le contrôleur, la
ligne de commande, le narrateur et la fenêtre lisent tous ce registre : aucun
autre fichier ne connaît la liste des modes.

Ajouter un mode ::

    # serveur/mon_handler.py : la classe MonHandler(GetHandler), puis ici :
    register(Mode(name="mon-mode", handler=MonHandler, label="Mon mode — …",
                  short="MON MODE", default_port=8083,
                  description="…", help="…"))
"""

from dataclasses import dataclass

from .get_handler import GetHandler
from .post_handler import GetPostHandler
from .student_handler import StudentHandler


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
    needs_file: bool = False   # sert-il le fichier Python d'un élève (``student_file``) ?


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
register(Mode(
    name="mon-serveur", handler=StudentHandler,
    label="Mon serveur — votre propre fichier Python", short="MON SERVEUR", default_port=8082,
    description="votre propre serveur (une classe BaseHTTPRequestHandler dans un fichier .py)",
    help="Le serveur, c'est vous qui l'écrivez : le panneau fait tourner la classe de votre "
         "fichier Python (do_GET, do_POST), raconte ce qu'elle lit et écrit vraiment, et "
         "explique chaque erreur en français. Le fichier est rechargé dès qu'il change.",
    needs_file=True))

DEFAULT_MODE = "get-post"
