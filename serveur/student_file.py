"""Charger le fichier Python d'un élève et y trouver sa classe de gestionnaire.

Le mode « Mon serveur » fait tourner le serveur qu'un élève a écrit, comme dans
le tutoriel : un fichier ``mon_serveur.py`` avec une classe qui dérive de
``BaseHTTPRequestHandler`` (ou de ``SimpleHTTPRequestHandler``), ses méthodes
``do_GET`` et ``do_POST``, et en bas un bloc ``if __name__ == "__main__":`` qui
lance ``HTTPServer(...).serve_forever()`` quand on exécute le fichier seul.

Le panneau charge ce fichier comme un module (``load_module``) : son ``__name__``
est le nom du fichier (« mon_serveur »), jamais ``"__main__"`` — le bloc du bas
est donc sauté, et c'est le serveur du panneau qui sert la classe. Le dossier
du fichier est ajouté au chemin des imports le temps du chargement (l'élève
peut importer un autre de ses fichiers). Puis ``find_handler`` cherche la
classe : une seule classe définie dans ce fichier qui dérive de
``BaseHTTPRequestHandler`` (ou une lignée : ``class Base(...)`` puis
``class MonServeur(Base)`` donne ``MonServeur``).

Ce qui peut échouer lève une ``StudentFileError`` : un fait et ses valeurs
(fichier absent, pas en UTF-8, erreur de syntaxe avec sa ligne et sa colonne,
exception au chargement avec les lignes de l'élève, aucune classe, plusieurs…),
que ``wording.py`` dit en français.

``StudentCode`` garde la version en service et la recharge quand le fichier
change : un seul ``os.stat`` par requête. Un rechargement raté garde la version
précédente, et le dit une fois par changement du fichier.

Ce que ce module ne fait pas : protéger le panneau du code de l'élève (une
boucle sans fin au chargement, ``os._exit``…). C'est le rôle du processus à
part dans lequel tourne le serveur (``process.py``).
"""

import ast
import io
import linecache
import os
import stat
import sys
import threading
import tokenize
import types
from http.server import BaseHTTPRequestHandler

from .events import ERROR, NOTICE, Event, bound
from .student_trace import MAX_CODE, exception_facts
from .wording import start_problem

MAX_SOURCE = 1024 * 1024     # octets d'un fichier d'élève, au plus
SERVING_CALLS = ("serve_forever", "handle_request")   # ce qui bloquerait le chargement
_registered = set()          # les noms de modules que nous avons mis dans sys.modules


class StudentFileError(Exception):
    """Le fichier de l'élève ne peut pas servir : ``fact`` (« student-syntax-error »…)
    et ``values`` (des paires ``(nom, valeur)``) ; ``str(erreur)`` est la phrase."""

    def __init__(self, fact, values=()):
        self.fact = fact
        self.values = tuple(values)
        super().__init__(fact)

    def __str__(self):
        return start_problem(self.fact, self.values)


def read_source(path):
    """Le texte du fichier ``path`` : son encodage déclaré (``# -*- coding: … -*-``),
    UTF-8 sinon, comme Python lui-même. Lève ``StudentFileError``."""
    file = os.path.basename(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise StudentFileError("student-file-missing", (("file", file), ("path", path))) from None
    except OSError as exc:
        raise StudentFileError("student-file-unreadable", (("file", file), ("path", path),
                                                           ("error", exc.strerror or str(exc))))
    if not stat.S_ISREG(info.st_mode):   # un dossier, ou un tube qui bloquerait open()
        raise StudentFileError("student-file-not-a-file", (("file", file), ("path", path)))
    if info.st_size > MAX_SOURCE:
        raise StudentFileError("student-file-too-large", (("file", file), ("size", info.st_size),
                                                          ("limit", MAX_SOURCE)))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SOURCE + 1)
    except OSError as exc:
        raise StudentFileError("student-file-unreadable", (("file", file), ("path", path),
                                                           ("error", exc.strerror or str(exc))))
    if b"\0" in data:
        raise StudentFileError("student-not-text", (("file", file),))
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        return data.decode(encoding)
    except SyntaxError as exc:   # une déclaration d'encodage inconnue
        raise StudentFileError("student-syntax-error", syntax_facts(exc, "", path)) from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise StudentFileError("student-not-utf8", (("file", file), ("line", line),
                                                    ("byte", "0x%02X" % data[exc.start]),
                                                    ("encoding", exc.encoding))) from None


def syntax_facts(exc, source, path):
    """Les valeurs d'une erreur de syntaxe : fichier, ligne, colonne du chevron, la ligne
    elle-même, le message de Python (brut, traduit par ``python_wording.py``)."""
    filename = exc.filename if exc.filename and not exc.filename.startswith("<") else path
    text = exc.text
    if text is None and exc.lineno and source and filename == path:
        lines = source.splitlines()
        text = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    text = (text or "").rstrip("\r\n")
    if len(text) > MAX_CODE:
        text = text[:MAX_CODE]
    return (("file", os.path.basename(filename)), ("path", filename), ("line", exc.lineno or 0),
            ("column", exc.offset or 0), ("text", text), ("message", exc.msg or ""),
            ("error_type", type(exc).__name__))


def serving_call(tree):
    """Le premier appel à ``serve_forever`` (ou ``handle_request``) exécuté au chargement
    du module ``tree`` (hors fonctions, classes et bloc ``if __name__ == "__main__":``) :
    ``(ligne, nom)``, ou None. Le chargement l'attendrait pour toujours."""
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        parts = [statement]
        if isinstance(statement, ast.If) and _is_main_test(statement.test):
            parts = statement.orelse
        for part in parts:
            for node in ast.walk(part):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                    if name in SERVING_CALLS:
                        return node.lineno, name
    return None


def _is_main_test(test):
    """Vrai pour ``__name__ == "__main__"`` (dans un sens ou dans l'autre)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and
            isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [side.id for side in sides if isinstance(side, ast.Name)]
    texts = [side.value for side in sides if isinstance(side, ast.Constant)]
    return names == ["__name__"] and texts == ["__main__"]


def compile_source(source, path):
    """Le code compilé de ``source`` ; lève ``StudentFileError`` (syntaxe, serveur lancé
    au chargement)."""
    try:
        tree = compile(source, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        raise StudentFileError("student-syntax-error", syntax_facts(exc, source, path)) from None
    except ValueError:   # des octets nuls (Python 3.8 à 3.11)
        raise StudentFileError("student-not-text", (("file", os.path.basename(path)),)) from None
    found = serving_call(tree)
    if found:
        line, name = found
        lines = source.splitlines()
        text = lines[line - 1].strip()[:MAX_CODE] if line <= len(lines) else ""
        raise StudentFileError("student-serves-at-import", (
            ("file", os.path.basename(path)), ("line", line), ("call", name), ("text", text)))
    return compile(tree, path, "exec", dont_inherit=True)


def remember_source(path, source):
    """Range ``source`` comme texte de ``path`` pour ``linecache`` (les traces) ; rend
    l'entrée qu'elle remplace. Sans date (``None``), ``linecache.checkcache`` la garde :
    une trace montre le code qui tourne, même si le fichier a changé depuis."""
    previous = linecache.cache.get(path)
    lines = source.splitlines(True)
    linecache.cache[path] = (len(source), None, lines, path)
    return previous


def load_module(path):
    """Exécute le fichier ``path`` dans un module neuf, nommé d'après le fichier (jamais
    ``"__main__"``) ; rend le module. Lève ``StudentFileError``."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    source = read_source(path)
    code = compile_source(source, path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = types.ModuleType(name)
    module.__file__ = path
    previous_source = remember_source(path, source)
    registered = name not in sys.modules or name in _registered
    previous_module = sys.modules.get(name)
    if registered:   # jamais à la place d'un vrai module (un fichier « json.py »…)
        sys.modules[name] = module
        _registered.add(name)
    sys.path.insert(0, folder)
    try:
        exec(code, module.__dict__)
    except SyntaxError as exc:   # dans un autre fichier de l'élève, qu'il importe
        failure = StudentFileError("student-syntax-error", syntax_facts(exc, "", path))
    except (Exception, SystemExit) as exc:
        facts = exception_facts(exc, folder)
        if not dict(facts).get("file"):
            facts += (("file", os.path.basename(path)),)
        failure = StudentFileError("student-import-error", facts)
    else:
        failure = None
    finally:
        try:
            sys.path.remove(folder)
        except ValueError:
            pass
    if failure is not None:
        if registered:
            if previous_module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous_module
        if previous_source is not None:
            linecache.cache[path] = previous_source
        raise failure
    return module


def find_handler(module, path):
    """La classe de gestionnaire définie dans ``module`` : une seule classe du fichier
    qui dérive de ``BaseHTTPRequestHandler`` (ou la dernière d'une lignée). Lève
    ``StudentFileError`` s'il n'y en a aucune, ou plusieurs."""
    file = os.path.basename(path)
    classes = [value for value in vars(module).values()
               if isinstance(value, type) and value.__module__ == module.__name__]
    handlers = [cls for cls in classes if issubclass(cls, BaseHTTPRequestHandler)]
    leaves = [cls for cls in handlers
              if not any(other is not cls and issubclass(other, cls) for other in handlers)]
    if len(leaves) == 1:
        return leaves[0]
    if not leaves:
        raise StudentFileError("student-no-handler", (
            ("file", file), ("classes", tuple(cls.__name__ for cls in classes))))
    raise StudentFileError("student-several-handlers", (
        ("file", file), ("names", tuple(cls.__name__ for cls in leaves))))


def load_handler(path):
    """Charge ``path`` et rend ``(classe, module)`` ; lève ``StudentFileError``."""
    module = load_module(path)
    return find_handler(module, path), module


class StudentCode:
    """Le code de l'élève en service : sa classe, rechargée quand le fichier change.

    Pour qui l'utilise : ``StudentCode(chemin)`` (lève ``StudentFileError`` si le
    fichier ne peut pas servir), puis ``current()`` à chaque requête. ``emit``
    (une fonction qui reçoit un ``Event``, celle du serveur) apprend les
    rechargements : « rechargé », ou l'erreur du nouveau fichier avec la classe
    qui continue (valeur ``previous``), une seule fois par changement du fichier.
    """

    def __init__(self, path, emit=None):
        self.path = os.path.abspath(path)
        self.folder = os.path.dirname(self.path)
        self.file = os.path.basename(self.path)
        self.emit = emit
        signature = self._signature()   # avant la lecture : un changement pendant se verra
        self.handler, self.module = load_handler(self.path)
        self._loaded = signature        # la version en service…
        self._refused = None            # … et la dernière version refusée, dite une fois
        self._lock = threading.Lock()

    def _signature(self):
        try:
            info = os.stat(self.path)
        except OSError:
            return ("absent",)
        return (info.st_mtime_ns, info.st_size)

    def current(self):
        """La classe à utiliser pour la requête qui arrive (rechargée si le fichier a
        changé depuis le dernier chargement, et s'il est bon)."""
        signature = self._signature()
        if signature == self._loaded or signature == self._refused:
            return self.handler
        with self._lock:   # un seul fil recharge ; les autres prennent son résultat
            if signature != self._loaded and signature != self._refused:
                self._reload(signature)
        return self.handler

    def _reload(self, signature):
        previous = self.handler.__name__
        try:
            handler, module = load_handler(self.path)
        except StudentFileError as exc:
            self._refused = signature
            self._tell(ERROR, exc.fact, exc.values + (("previous", previous),))
            return
        self.handler, self.module = handler, module
        self._loaded, self._refused = signature, None
        self._tell(NOTICE, "student-reloaded", (("file", self.file),
                                                ("handler_class", handler.__name__)))

    def _tell(self, kind, fact, values):
        if self.emit is not None:
            try:
                self.emit(Event(kind, **bound(dict(fact=fact, values=values))))
            except Exception:   # l'écouteur est fautif : le rechargement, lui, est fait
                pass

    def facts(self):
        """Ce qu'il faut dire au démarrage : le fichier et la classe servie."""
        return (("file", self.file), ("path", self.path), ("handler_class", self.handler.__name__))
