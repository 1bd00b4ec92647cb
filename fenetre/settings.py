"""Les réglages du panneau : ce dont il se souvient d'une séance à l'autre.

Un petit fichier JSON, lisible et modifiable à la main ::

    {
      "mode": "get-post",
      "port": "8081",
      "folder": "/home/eleve/site",
      "student_file": "/home/eleve/Documents/mon_serveur.py",
      ...
    }

Il vit dans le dossier de configuration de l'utilisateur, qui dépend du
système (voir ``config_dir``) ::

    Windows   %APPDATA%\\panneau-serveur\\reglages.json
    macOS     ~/Library/Application Support/panneau-serveur/reglages.json
    Linux     ~/.config/panneau-serveur/reglages.json   (ou $XDG_CONFIG_HOME)

Pour qui l'utilise (le panneau) ::

    settings, problem = load_settings(path)   # jamais d'exception
    if problem:
        journal(problem)                      # une phrase en français
    ...
    problem = save_settings(path, settings)   # None, ou une phrase en français

Un fichier de réglages est écrit par un programme, mais on peut aussi l'ouvrir
dans un éditeur : il peut donc être abîmé, vide, ou contenir n'importe quoi.
``load_settings`` ne fait confiance à rien : chaque valeur est vérifiée, une
valeur douteuse est remplacée par sa valeur par défaut, et une seule phrase
dit ce qui s'est passé. Le panneau démarre toujours.

``save_settings`` écrit d'abord un fichier temporaire dans le même dossier,
puis le met à la place de l'ancien d'un seul coup (``os.replace``) : si le
programme est interrompu pendant l'écriture, l'ancien fichier reste intact,
jamais à moitié écrit.

Pas de tkinter ici : ce module se teste sans fenêtre.
"""

import json
import os
import sys
import tempfile

from serveur.controller import DEFAULT_FOLDER
from serveur.modes import DEFAULT_MODE, MODES

from .classify import FILTER_NAMES

APP_DIR_NAME = "panneau-serveur"
FILE_NAME = "reglages.json"
JOURNALS_DIR_NAME = "journaux"

# Les valeurs d'une première séance. Le port reste du texte, tel qu'il est tapé
# dans le champ : c'est parse_port qui le vérifiera au démarrage du serveur.
DEFAULTS = {
    "mode": DEFAULT_MODE,
    "port": str(MODES[DEFAULT_MODE].default_port),
    "folder": DEFAULT_FOLDER,
    "student_file": "",        # mode « Mon serveur » : le fichier Python de l'élève
    "lan": False,              # tout le réseau local (0.0.0.0) plutôt que cet ordinateur
    "https": False,            # chiffrer (HTTPS) avec le certificat de démonstration
    "font_size": 11,
    "show_names": False,
    "explanations": True,
    "mask_passwords": False,   # masquer les mots de passe à l'écran (cochée d'office en réseau local)
    "filter": "tout",
    "mission": "",             # le fichier de la mission choisie (onglet « Missions »), ou ""
}

FILTERS = FILTER_NAMES   # les noms du filtre « Afficher » (fenetre/classify.py)
MIN_FONT_SIZE, MAX_FONT_SIZE = 8, 40
MAX_PORT_DIGITS = 5


def config_dir(platform=sys.platform, environ=os.environ, home=None):
    """Le dossier de configuration du panneau pour ce système et cet utilisateur.

    Fonction pure : système, variables d'environnement et dossier personnel
    sont des paramètres, pour que les tests essaient chaque système.
    """
    if home is None:
        home = os.path.expanduser("~")
    if platform == "win32":
        base = environ.get("APPDATA") or os.path.join(home, "AppData", "Roaming")
    elif platform == "darwin":
        base = os.path.join(home, "Library", "Application Support")
    else:
        # Norme XDG : une valeur relative doit être ignorée.
        xdg = environ.get("XDG_CONFIG_HOME", "")
        base = xdg if xdg and os.path.isabs(xdg) else os.path.join(home, ".config")
    return os.path.join(base, APP_DIR_NAME)


def journal_dir(platform=sys.platform, environ=os.environ, home=None):
    """Le dossier des journaux de séance : les données de l'utilisateur, jamais le
    dossier servi (Linux : ``$XDG_DATA_HOME``, sinon ``~/.local/share``)."""
    if home is None:
        home = os.path.expanduser("~")
    if platform in ("win32", "darwin"):
        base = os.path.dirname(config_dir(platform, environ, home))
    else:
        xdg = environ.get("XDG_DATA_HOME", "")
        base = xdg if xdg and os.path.isabs(xdg) else os.path.join(home, ".local", "share")
    return os.path.join(base, APP_DIR_NAME, JOURNALS_DIR_NAME)


def settings_path(platform=sys.platform, environ=os.environ, home=None):
    """Le chemin du fichier de réglages (dans ``config_dir``)."""
    return os.path.join(config_dir(platform, environ, home), FILE_NAME)


def _describe(exc):
    """Une erreur système -> quelques mots en français (sinon le message du système)."""
    if isinstance(exc, PermissionError):
        return "accès refusé"
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return "un fichier porte déjà le nom d'un dossier du chemin"
    if isinstance(exc, IsADirectoryError):
        return "c'est un dossier, pas un fichier"
    if isinstance(exc, FileNotFoundError):
        return "dossier introuvable"
    return exc.strerror or str(exc) or exc.__class__.__name__


# Chaque vérificateur rend la valeur acceptée, ou lève ValueError.

def _check_choice(choices):
    def check(value):
        if not isinstance(value, str) or value not in choices:
            raise ValueError(value)
        return value
    return check


def _check_port(value):
    # De 0 à 5 chiffres ASCII : un champ vide est gardé tel quel (tel que tapé).
    if (not isinstance(value, str) or len(value) > MAX_PORT_DIGITS
            or not value.isascii() or (value and not value.isdigit())):
        raise ValueError(value)
    return value


def _check_bool(value):
    if not isinstance(value, bool):
        raise ValueError(value)
    return value


def _check_font_size(value):
    # bool est un cas particulier d'int en Python (True == 1) : on le refuse.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(value)
    return min(max(value, MIN_FONT_SIZE), MAX_FONT_SIZE)


def _check_folder(value):
    if not isinstance(value, str) or not value or "\0" in value:
        raise ValueError(value)
    return value


def _check_file(value):
    # Un chemin, ou "" (pas encore de fichier).
    if not isinstance(value, str) or "\0" in value:
        raise ValueError(value)
    return value


CHECKS = {
    "mode": _check_choice(set(MODES)),
    "port": _check_port,
    "folder": _check_folder,
    "student_file": _check_file,
    "lan": _check_bool,
    "https": _check_bool,
    "font_size": _check_font_size,
    "show_names": _check_bool,
    "explanations": _check_bool,
    "mask_passwords": _check_bool,
    "filter": _check_choice(FILTERS),
    "mission": _check_file,
}

# Un fichier d'élève disparu reste dans le champ (l'élève voit quel fichier manque, et le
# retrouve) ; une ligne le dit, et « Démarrer » le redira.
MISSING_FILE = ("Réglages : votre fichier « %s » n'existe plus (déplacé ou renommé ?) ; il reste "
                "affiché dans « Votre fichier », à corriger avant « Démarrer ».")


def _unreadable(path, reason):
    return "Réglages illisibles dans « %s » (%s) : réglages par défaut utilisés." % (path, reason)


def _french_list(names):
    """["a", "b", "c"] -> « a », « b » et « c »."""
    quoted = ["« %s »" % name for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " et " + quoted[-1]


def load_settings(path):
    """Lit les réglages ; rend ``(réglages, problème)``, sans jamais lever d'exception.

    ``réglages`` est un dict complet (chaque clé de DEFAULTS). ``problème`` est
    None, ou une phrase en français pour le journal. Un fichier absent n'est pas
    un problème (première séance) : réglages par défaut, problème None. Les clés
    inconnues sont ignorées ; une taille de police hors limites est ramenée entre
    MIN_FONT_SIZE et MAX_FONT_SIZE sans commentaire. Un dossier disparu est remplacé
    par celui par défaut ; un fichier d'élève disparu est gardé, et le problème le dit.
    """
    settings = dict(DEFAULTS)
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return settings, None
    except OSError as exc:
        return settings, _unreadable(path, _describe(exc))
    try:
        # utf-8-sig : accepte aussi la marque « BOM » que certains éditeurs ajoutent.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return settings, _unreadable(path, "le texte n'est pas en UTF-8")
    try:
        stored = json.loads(text)
    except json.JSONDecodeError as exc:
        return settings, _unreadable(path, "fichier abîmé : JSON invalide ligne %d, colonne %d"
                                     % (exc.lineno, exc.colno))
    except (ValueError, RecursionError):   # nombre géant, imbrication sans fin…
        return settings, _unreadable(path, "fichier abîmé : JSON invalide")
    if not isinstance(stored, dict):
        return settings, _unreadable(path, "le fichier doit contenir un objet JSON { … }")

    invalid = []
    for key, check in CHECKS.items():
        if key in stored:
            try:
                settings[key] = check(stored[key])
            except ValueError:
                invalid.append(key)

    # Le dossier existait à la dernière séance ; il a pu être déplacé depuis.
    missing_folder = None
    if "folder" in stored and "folder" not in invalid and not os.path.isdir(settings["folder"]):
        missing_folder = settings["folder"]
        settings["folder"] = DEFAULTS["folder"]

    missing_file = settings["student_file"] if settings["student_file"] and \
        not os.path.isfile(settings["student_file"]) else None

    reasons = []
    if invalid:
        reasons.append("valeur invalide pour %s" % _french_list(invalid))
    if missing_folder is not None:
        reasons.append("le dossier « %s » n'existe plus" % missing_folder)
    if not reasons:
        return settings, (MISSING_FILE % missing_file if missing_file else None)
    count = len(invalid) + (missing_folder is not None)
    if not invalid:
        done = "dossier par défaut utilisé à la place"
    elif count == 1:
        done = "valeur par défaut utilisée à la place"
    else:
        done = "valeurs par défaut utilisées à leur place"
    problem = "Réglages en partie ignorés (%s) : %s." % (" ; ".join(reasons), done)
    return settings, problem + (" " + MISSING_FILE % missing_file if missing_file else "")


def save_settings(path, settings):
    """Écrit les réglages (JSON en UTF-8) ; rend None, ou une phrase en français.

    Seules les clés connues (celles de DEFAULTS) sont écrites, dans l'ordre de
    DEFAULTS : le fichier se lit toujours de la même façon. Le dossier est créé
    au besoin. L'écriture est atomique (fichier temporaire, puis ``os.replace``).
    """
    known = {key: settings[key] for key in DEFAULTS if key in settings}
    try:
        text = json.dumps(known, ensure_ascii=False, indent=2) + "\n"
    except (TypeError, ValueError) as exc:   # une valeur que JSON ne sait pas écrire
        return ("Réglages non enregistrés (valeur impossible à écrire en JSON : %s) : ils ne "
                "seront pas retrouvés au prochain lancement." % exc)
    folder = os.path.dirname(path) or os.curdir
    temp_path = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temp_path = tempfile.mkstemp(prefix=".reglages-", suffix=".tmp", dir=folder)
        with open(fd, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())   # sur le disque avant de remplacer l'ancien
        os.replace(temp_path, path)
        temp_path = None
    except OSError as exc:
        return ("Réglages non enregistrés dans « %s » (%s) : ils ne seront pas retrouvés au "
                "prochain lancement." % (path, _describe(exc)))
    finally:
        if temp_path is not None:   # échec en route : pas de fichier temporaire oublié
            try:
                os.remove(temp_path)
            except OSError:
                pass
    return None
