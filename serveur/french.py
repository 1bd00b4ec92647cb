"""Écrire en français : la typographie, les nombres, les listes, les modèles à remplir.

En français, on écrit « Mode : GET » avec une espace avant les deux-points,
« ça va ? » avec une espace avant le point d'interrogation, « 0,9 ms » avec une
virgule et « 12 345 » avec une espace entre les milliers. Ces espaces ne
doivent jamais être coupées en fin de ligne (un « : » seul en début de ligne) :
ce sont des espaces *insécables*.

- ``typography(text)`` : l'espace insécable (U+00A0) avant « : » et à l'intérieur
  des guillemets « », l'espace fine insécable (U+202F) avant « ; », « ! » et « ? » ;
- ``number(n)``        : 12345 -> « 12 345 » (espace fine insécable entre les milliers) ;
- ``decimal(x, 1)``    : 0.93 -> « 0,9 » (virgule décimale, milliers séparés) ;
- ``fill(modèle, valeurs)`` : un modèle de phrase mis en forme par ``typography``,
  puis rempli avec ses valeurs (voir plus bas) ; ``say(modèle, *valeurs)`` : la
  même chose avec un modèle ``%s`` (les lignes du narrateur).

``typography`` s'applique à *nos* phrases (modèles de ``wording.py``, lignes du
narrateur, pages, aide de la ligne de commande), jamais à ce qui vient d'un
client : un chemin, un en-tête ou un champ est montré tel qu'il a voyagé.

La règle est prudente : elle ne remplace qu'une espace *déjà là* devant « : »,
« ; », « ! », « ? ». Rien n'est ajouté là où il n'y a pas d'espace : ``http://``,
``12:30:00``, ``Host: a``, ``/recherche?ville=`` ou ``&amp;`` ne changent pas.
Seuls les guillemets reçoivent leur espace même si elle manque (``«x»``).
Appliquée deux fois, elle ne change plus rien.

Une phrase est un modèle de ``str.format`` : ``{port}`` y est remplacé par la
valeur ``port``. Trois formats de plus : ``{taille:octets}`` écrit
« 2 048 octets », ``{noms:et}`` écrit « GET, HEAD et POST », ``{noms:ou}``
écrit « « get » ou « get-post » » ; un nombre décimal prend la virgule
(``{secondes:g}`` : « 0,5 »), ``{n:nombre}`` sépare les milliers.

Ce module n'importe rien : tout le monde (le serveur, la fenêtre) peut s'en
servir ; ``wording.py`` reprend ces outils avec les phrases.
"""

import functools
import re
import string

NO_BREAK_SPACE = "\u00a0"          # avant « : », après « et avant »
NARROW_NO_BREAK_SPACE = "\u202f"   # avant « ; », « ! », « ? », entre les milliers

_SPACES = "[ \u00a0\u202f]"
_BEFORE_COLON = re.compile(_SPACES + "(?=:)")
_BEFORE_STOPS = re.compile(_SPACES + "(?=[;!?])")
_AFTER_OPENING = re.compile("«" + _SPACES + "*")
_BEFORE_CLOSING = re.compile(_SPACES + "*»")


def typography(text):
    """Notre texte à la typographie française (voir le haut du module) :
    ``"Mode : « x » ; ok ?"`` -> ``"Mode\\u00a0: «\\u00a0x\\u00a0»\\u202f; ok\\u202f?"``."""
    text = _BEFORE_COLON.sub(NO_BREAK_SPACE, text)
    text = _BEFORE_STOPS.sub(NARROW_NO_BREAK_SPACE, text)
    # Les guillemets en dernier : « « ? » » garde l'espace insécable des guillemets.
    text = _AFTER_OPENING.sub("«" + NO_BREAK_SPACE, text)
    return _BEFORE_CLOSING.sub(NO_BREAK_SPACE + "»", text)


_TO_FRENCH = str.maketrans({",": NARROW_NO_BREAK_SPACE, ".": ","})


def number(n):
    """12345 -> "12 345" (séparateur des milliers à la française)."""
    return "{:,}".format(n).replace(",", NARROW_NO_BREAK_SPACE)


def decimal(value, digits=None):
    """Un nombre à la française : ``decimal(0.93, 1)`` -> "0,9", ``decimal(1234.5)``
    -> "1 234,5", ``decimal(15.0)`` -> "15".

    ``digits`` : le nombre de chiffres après la virgule ; sans lui, au plus trois,
    sans zéros inutiles. Une valeur qui n'est pas un nombre s'écrit telle quelle."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if digits is None:
        text = "{:,.3f}".format(value).rstrip("0").rstrip(".")
        text = "0" if text in ("-0", "") else text
    else:
        text = "{:,.{}f}".format(value, digits)
    return text.translate(_TO_FRENCH)


def bytes_text(n):
    """1 -> "1 octet", 2048 -> "2 048 octets" (pas de « s » pour 0 et 1, en français)."""
    return "%s octet%s" % (number(n), "s" if n > 1 else "")


def and_list(items):
    """("GET", "HEAD", "POST") -> "GET, HEAD et POST" (un texte reste tel quel)."""
    if isinstance(items, str):
        return items
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return "%s et %s" % (", ".join(items[:-1]), items[-1])


# -- remplir un modèle ----------------------------------------------------------
class _Filler(string.Formatter):
    """``str.format`` avec nos trois formats, et qui ne lève jamais d'erreur : une
    valeur absente ou d'un type inattendu s'écrit telle quelle (ou « ? »). Une
    phrase mal remplie vaut mieux qu'un journal qui s'arrête."""

    def get_value(self, key, args, values):
        return values.get(key, "?")

    def format_field(self, value, spec):
        try:
            if spec == "octets":
                return bytes_text(value)
            if spec == "nombre":
                return number(value)
            if spec == "et":
                return and_list(value)
            if spec == "ou":
                return " ou ".join(_typeset("« %s »") % item for item in value)
            if isinstance(value, float) and spec in ("", "g"):
                return decimal(value)   # 0.5 -> « 0,5 »
            return super().format_field(value, spec)
        except (TypeError, ValueError):
            return str(value)


_FILLER = _Filler()
_typeset = functools.lru_cache(maxsize=1024)(typography)   # nos modèles, mis en forme une fois


def say(template, *args):
    """Un de nos modèles ``%`` (``"- dossier servi : %s"``) à la typographie française,
    rempli avec ``args`` : des valeurs (déjà échappées) insérées telles quelles."""
    return _typeset(template) % args


def fill(template, values=()):
    """Le modèle rempli avec ``values`` (un dict ou des paires ``(nom, valeur)``).

    ``template`` peut aussi être une fonction : elle reçoit les valeurs et rend
    le modèle à remplir. Le modèle (pas les valeurs) passe par ``typography``."""
    values = dict(values)
    if callable(template):
        template = template(values)
    return _FILLER.vformat(_typeset(template), (), values)


def by_count(table, count):
    """La phrase qui convient à ``count`` : ``table[0]``, ``table[1]`` ou ``table[MANY]``."""
    return table.get(count, table[MANY])


MANY = "plusieurs"
