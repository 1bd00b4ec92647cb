"""Ce qu'un élève doit savoir d'une exception levée par son code : les faits, sans le bruit.

Une trace d'erreur (traceback) complète passe par ``socketserver``,
``http.server``, le panneau, puis le code de l'élève : vingt lignes dont trois
le concernent. ``exception_facts`` ne garde que les *cadres* (frames) du code de
l'élève — ceux de son fichier et des fichiers de son dossier — la ligne fautive
en dernier, comme Python l'affiche, et les range en valeurs d'un fait :

- ``error_type``   le nom de l'exception (« NameError ») ;
- ``error``        son message, tel que Python l'écrit (« name 'x' is not defined ») ;
- ``family``       les noms de sa classe et de ses ancêtres, du plus précis au plus
                   général (« JSONDecodeError », « ValueError ») : ``python_wording.py``
                   y trouve l'explication française ;
- ``frames``       les cadres de l'élève, chacun ``(fichier, ligne, fonction, code)`` ;
                   au plus ``MAX_FRAMES`` (``hidden_frames`` : combien avant eux) ;
- ``file``, ``line``, ``function``, ``text``  : le dernier d'entre eux, la ligne fautive.

Rien n'est phrasé ici : les phrases sont dans ``student_wording.py``.
"""

import collections
import linecache
import os
import sysconfig
import traceback

MAX_FRAMES = 8        # cadres de l'élève gardés (les derniers : la ligne fautive et ses appels)
MAX_CODE = 200        # caractères d'une ligne de code gardés
MAX_MESSAGE = 500     # caractères du message d'une exception gardés
MAX_FAMILY = 6        # noms d'ancêtres gardés

PACKAGE = os.path.dirname(os.path.abspath(__file__))   # le panneau lui-même
_LIBRARY = tuple(sorted({os.path.normcase(os.path.abspath(path)) + os.sep
                         for name, path in sysconfig.get_paths().items()
                         if name in ("stdlib", "platstdlib", "purelib", "platlib") and path}))


def is_student_file(filename, folder):
    """Vrai si ``filename`` est un fichier de l'élève : dans son dossier ``folder`` (ou
    dessous), hors du panneau et de la bibliothèque standard."""
    if not filename or filename.startswith("<") or not folder:
        return False
    path = os.path.normcase(os.path.abspath(filename))
    root = os.path.normcase(os.path.abspath(folder))
    if not path.startswith(root.rstrip(os.sep) + os.sep):
        return False
    return not path.startswith(os.path.normcase(PACKAGE) + os.sep) and \
        not path.startswith(_LIBRARY)


def code_line(filename, lineno):
    """La ligne ``lineno`` du fichier, sans retrait, au plus ``MAX_CODE`` caractères.

    ``linecache`` rend la version du fichier chargée par le panneau (voir
    ``student_file.remember_source``), pas celle que l'élève vient peut-être d'enregistrer."""
    return linecache.getline(filename, lineno).strip()[:MAX_CODE]


def student_frames(tb, folder):
    """Les cadres de l'élève dans la trace ``tb`` : ``(cadres, cachés)``, les cadres
    ``(fichier, ligne, fonction, code)`` dans l'ordre des appels (la ligne fautive en
    dernier), au plus ``MAX_FRAMES`` ; ``cachés`` compte ceux d'avant, non gardés."""
    kept = collections.deque(maxlen=MAX_FRAMES)
    seen = 0
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if is_student_file(filename, folder):
            seen += 1
            kept.append((os.path.basename(filename), lineno, frame.f_code.co_name,
                         code_line(filename, lineno)))
    return tuple(kept), seen - len(kept)


def family_of(exc_type):
    """Les noms de la classe ``exc_type`` et de ses ancêtres, jusqu'à ``Exception``."""
    names = []
    for cls in exc_type.__mro__:
        if cls in (BaseException, Exception, object):
            break
        names.append(cls.__name__)
    return tuple(names[:MAX_FAMILY])


def exception_facts(exc, folder):
    """Les valeurs du fait « exception » pour ``exc``, levée par le code du dossier
    ``folder`` : des paires ``(nom, valeur)`` (voir le haut du module)."""
    try:
        message = str(exc)
    except Exception:   # un __str__ d'élève qui lève : on n'en saura pas plus
        message = ""
    frames, hidden = student_frames(exc.__traceback__, folder)
    values = [("error_type", type(exc).__name__), ("error", message[:MAX_MESSAGE]),
              ("family", family_of(type(exc))), ("frames", frames),
              ("hidden_frames", hidden)]
    if frames:
        file, line, function, text = frames[-1]
        values += [("file", file), ("line", line), ("function", function), ("text", text)]
    return tuple(values)
