"""La sécurité des chemins : ce qu'un client ne doit jamais obtenir du dossier servi.

``SimpleHTTPRequestHandler`` transforme l'adresse demandée en chemin de
fichier (``translate_path``) sans se demander si ce fichier doit être
montré. ``GetHandler.path_problem`` le vérifie avec ces outils :

- ``leads_outside`` : un lien symbolique (ou une jonction Windows) qui mène
  hors du dossier servi -> 403 ;
- ``windows_name_problem`` : sous Windows, les noms de périphériques (``CON``,
  ``NUL``…) et les noms courts « 8.3 » (``GIT~1``) qui mèneraient à un
  fichier caché -> 404.

Un refus est rendu comme ``(code, fait)`` : la phrase qui l'explique est
dans ``wording.py`` (``ERROR_REASONS``).
"""

import os
import stat


def is_link(path):
    """Vrai si ``path`` est un lien symbolique (ou, sous Windows, une jonction)."""
    try:
        info = os.lstat(path)
    except (OSError, ValueError):   # ValueError : caractère nul dans le chemin
        return False
    return stat.S_ISLNK(info.st_mode) or bool(getattr(info, "st_reparse_tag", 0))


WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {"COM%d" % n for n in range(1, 10)} \
    | {"LPT%d" % n for n in range(1, 10)}


def windows_name_problem(path, names, real_folder):
    """Sous Windows : refuse les noms de périphériques (CON, NUL…) et les noms
    courts « 8.3 » (GIT~1) qui mèneraient à un fichier caché. Rend
    ``(code, fait)`` ou None, comme ``GetHandler.path_problem``."""
    if any(name.split(".")[0].strip().upper() in WINDOWS_DEVICES for name in names):
        return (404, "windows-device")
    if any("~" in name for name in names):
        # Le chemin réel (noms longs) est vérifié à son tour.
        real = os.path.realpath(path)
        if real.startswith(real_folder):
            long_names = real[len(real_folder):].replace("\\", "/").split("/")
            if any(name.startswith(".") for name in long_names if name):
                return (404, "hidden-file")
    return None


def leads_outside(folder, names, real_folder):
    """Vrai si ``folder/names…`` passe par un lien qui mène hors de ``real_folder``.

    On ne regarde que les noms sous le dossier servi (un appel système chacun) ;
    le chemin complet n'est résolu (``realpath``) que si l'un d'eux est un lien.
    """
    current = folder
    for name in names:
        current = os.path.join(current, name)
        if is_link(current):
            resolved = os.path.realpath(os.path.join(folder, *names))
            try:
                return os.path.commonpath([resolved, real_folder]) != real_folder
            except ValueError:  # Windows : deux lecteurs différents (C:, D:)
                return True
    return False


def folder_entries(path):
    """Ce que la liste d'un dossier montre : ``[(nom, est un dossier, taille ou None)]``,
    par ordre alphabétique, sans les fichiers cachés (ni montrés ni servis) ni le cache
    de Python. Un seul parcours : ``scandir`` donne le nom et le type de chaque entrée
    sans un appel système de plus par fichier. Lève ``OSError`` si le dossier est illisible."""
    entries = []
    with os.scandir(path) as scan:
        for entry in scan:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            try:
                is_dir = entry.is_dir()
                size = None if is_dir else entry.stat().st_size
            except OSError:
                is_dir, size = False, None
            entries.append((entry.name, is_dir, size))
    entries.sort(key=lambda item: item[0].lower())
    return entries


def private_parts(real_folder, private):
    """Les dossiers privés du panneau (``private`` : où il écrit ce que tapent les élèves) qui
    sont dans le dossier servi ``real_folder`` (chemin réel), chacun en noms depuis lui :
    ``(("Library", "Application Support", "Panneau serveur"),)``. Rend None si le dossier
    servi est lui-même dans un dossier privé (il ne doit pas être servi du tout)."""
    parts = []
    for folder in private:
        real = os.path.normcase(os.path.realpath(folder))
        served = os.path.normcase(real_folder)
        try:
            common = os.path.commonpath([real, served])
        except ValueError:   # Windows : deux lecteurs
            continue
        if common == real:
            return None
        if common == served:
            parts.append(tuple(os.path.relpath(real, served).split(os.sep)))
    return tuple(parts)


def is_private(names, parts):
    """Vrai si le chemin demandé (``names``, ses noms depuis le dossier servi) mène dans
    l'un des dossiers privés ``parts`` (``private_parts``)."""
    names = [os.path.normcase(name) for name in names]
    return any(tuple(names[:len(part)]) == part for part in parts)
