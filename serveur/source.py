"""Où est le Python qui a répondu : la méthode, son fichier et sa ligne.

Pour chaque requête, le serveur appelle la méthode ``do_`` + la méthode HTTP de
son gestionnaire : ``do_GET`` pour un GET, ``do_POST`` pour un POST. L'onglet
« Séquence » le montre sur la ligne du serveur (``do_POST``,
``serveur/post_handler.py:147``) : le code qui tourne côté serveur a une adresse,
un fichier et une ligne qu'un élève peut ouvrir.

C'est un fait, pas une phrase : ``where_it_ran(classe, "GET")`` rend des valeurs
d'événement (``values``), à joindre à l'échange (EXCHANGE) :

- ``code_method`` : le nom de la méthode (« do_GET ») ;
- ``code_class``  : la classe qui la définit (« GetPostHandler », « SimpleHTTPRequestHandler ») ;
- ``code_file``   : son fichier, relatif au dossier du panneau (« serveur/post_handler.py »),
  à la bibliothèque standard (« http/server.py ») ou, pour le fichier d'un élève, son nom seul ;
- ``code_line``   : la ligne de son ``def`` ;
- ``code_origin`` : ``"project"`` (le panneau), ``"library"`` (la bibliothèque standard
  de Python) ou ``"student"`` (ailleurs : le fichier de l'élève).

Chercher tout cela coûte quelques microsecondes : c'est fait une fois par classe
et par méthode, puis gardé (``functools.lru_cache``) ; chaque requête ne paie
qu'une recherche dans un dictionnaire, et reçoit le même n-uplet.
"""

import functools
import inspect
import os
import sysconfig

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBRARY = os.path.abspath(sysconfig.get_paths()["stdlib"])


@functools.lru_cache(maxsize=128)
def where_it_ran(handler_class, command):
    """Les valeurs qui disent quelle méthode de ``handler_class`` sert ``command``
    (« GET », « POST »…), dans quel fichier et à quelle ligne ; ``()`` si la classe
    n'a pas cette méthode (la réponse est alors une erreur 501, sans code à montrer).

    Une classe d'élève rechargée est une nouvelle classe : elle a sa propre entrée."""
    name = "do_" + str(command)
    method = getattr(handler_class, name, None)
    code = getattr(inspect.unwrap(method), "__code__", None) if method is not None else None
    if code is None:
        return ()
    owner = next((klass.__name__ for klass in handler_class.__mro__ if name in vars(klass)),
                 handler_class.__name__)
    path, origin = _shown_file(code.co_filename)
    return (("code_method", name), ("code_class", owner), ("code_file", path),
            ("code_line", code.co_firstlineno), ("code_origin", origin))


def _shown_file(filename):
    """Le fichier tel qu'on le montre, et d'où il vient (voir le haut du module)."""
    path = os.path.abspath(filename)
    for root, origin in ((PROJECT, "project"), (LIBRARY, "library")):
        if path.startswith(root + os.sep):
            return os.path.relpath(path, root).replace(os.sep, "/"), origin
    return os.path.basename(path), "student"
