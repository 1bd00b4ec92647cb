"""Le formulaire « Cookies » de ``ressource.html`` : l'élève demande un cookie, le serveur le pose.

Le formulaire envoie un POST vers ``/cookie`` avec trois champs : ``cookie_nom``,
``cookie_valeur`` et ``cookie_duree`` (``session`` ou un nombre de secondes), plus la
case ``cookie_httponly``. Le serveur répond avec un en-tête de plus,
``Set-Cookie: couleur=bleu; Path=/; SameSite=Lax`` : le navigateur garde le cookie et
le renvoie ensuite dans l'en-tête ``Cookie`` de chaque requête vers cet hôte.

``form_cookie(champs)`` rend ``(en-tête ou None, faits)`` : l'en-tête ``Set-Cookie`` à
envoyer, et les faits que le gestionnaire raconte (``cookie-form-set``, ou pourquoi
rien n'est posé). Un nom de cookie est un « token » : lettres, chiffres, ``-`` et
``_`` ici ; une valeur ne contient ni espace, ni ``; , " \\``, ni accent : elle est codée
(``bleu%20clair``), comme le ferait ``encodeURIComponent`` en JavaScript.
Sans fenêtre, sans réseau : ``post_handler.py`` s'en sert.
"""

import re
import urllib.parse

from .display import escape

COOKIE_PATH = "/cookie"      # l'adresse du formulaire (action="/cookie")
NAME_LIMIT = 40              # caractères d'un nom de cookie au plus
VALUE_LIMIT = 200            # caractères d'une valeur au plus (une fois codée)
LIFETIMES = {"session": None, "3600": 3600, "60": 60}   # durées proposées par le formulaire
TAKEN = ("visites",)         # le compteur de ce serveur : l'élève ne l'écrase pas

_NAME = re.compile(r"[A-Za-z0-9_\-]{1,%d}" % NAME_LIMIT)
# Les caractères permis tels quels dans une valeur (RFC 6265, sauf « % » qui sert à coder).
_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


def form_cookie(fields):
    """``(en-tête Set-Cookie ou None, ((fait, valeurs), …))`` pour ces champs décodés
    (``events.Field``). Les valeurs des faits sont échappées (venues du client)."""
    given = {item.name: item.value or "" for item in fields}
    name = given.get("cookie_nom", "").strip()
    typed = given.get("cookie_valeur", "")
    if not _NAME.fullmatch(name):
        return None, (("cookie-form-bad-name", (("name", escape(name[:80])),
                                                ("limit", NAME_LIMIT))),)
    if name.lower() in TAKEN:
        return None, (("cookie-form-taken", ()),)
    value = urllib.parse.quote(typed, safe=_SAFE)
    if len(value) > VALUE_LIMIT:
        return None, (("cookie-form-too-long", (("size", len(value)),
                                                ("limit", VALUE_LIMIT))),)
    max_age = LIFETIMES.get(given.get("cookie_duree", "session"))
    header = "%s=%s; Path=/; SameSite=Lax" % (name, value)
    if max_age:
        header += "; Max-Age=%d" % max_age
    if given.get("cookie_httponly"):
        header += "; HttpOnly"
    facts = []
    if value != typed:
        facts.append(("cookie-form-encoded", (("typed", escape(typed[:80])), ("value", value))))
    facts.append(("cookie-form-set", (("name", name), ("header", header),
                                      ("max_age", max_age or 0))))
    return header, tuple(facts)
