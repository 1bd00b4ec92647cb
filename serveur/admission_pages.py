"""Les pages de l'entrée, en français : le code de la classe, « réessayez dans N s », bloqué.

Un élève qui n'a pas le code ne voit jamais une erreur nue (un 401 sans
explication) : il voit une page qui dit où trouver le code et un seul champ,
« Code de la classe ». Un code faux le dit ; trop de codes faux, trop de
requêtes (un script) ou un poste bloqué ont chacun leur page. Les pages ne
citent jamais le code, ni rien de ce que le client a envoyé : il n'y a rien à
échapper. Chaque modèle passe une fois par ``typography`` (espaces insécables).
"""

from .class_code import FIELD, MAX_DIGITS
from .french import typography

_STYLE = """<style>
body { font-family: system-ui, sans-serif; margin: 3em auto; max-width: 32em; padding: 0 1em;
       color: #222; background: #f6f7fb; }
main { background: #fff; border-radius: 8px; padding: 1.5em 2em; box-shadow: 0 1px 4px #0002; }
h1 { color: #1b4f9c; font-size: 1.5em; }
label { display: block; font-weight: bold; margin: 1em 0 .4em; }
input { font-size: 2em; width: 6em; letter-spacing: .2em; padding: .1em .3em; }
button { font-size: 1.2em; margin-top: 1em; padding: .3em 1.2em; }
.wrong { color: #b3261e; font-weight: bold; }
.why { color: #555; font-size: .9em; }
</style>"""


def _page(title, body):
    """Une page entière : l'en-tête commun (langue, encodage, largeur d'écran, style), ``title``,
    et ``body`` dans son cadre."""
    return ('<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<title>%s</title>\n%%(style)s\n</head>\n<body>\n<main>\n%s</main>\n</body>\n'
            '</html>\n' % (title, body))


CODE_PAGE = _page('Code de la classe', """\
<h1>Ce serveur est celui d'une classe</h1>
<p>Pour entrer, tapez le code affiché au tableau, à côté de l'adresse du serveur.</p>
%(wrong)s
<form method="post" action="">
<label for="code">Code de la classe</label>
<input id="code" name="%(field)s" type="text" inputmode="numeric" autocomplete="off"
       maxlength="%(digits)d" autofocus required>
<br><button type="submit">Entrer</button>
</form>
<p class="why">Le code juste, votre navigateur reçoit un cookie : il le renvoie avec chaque
requête suivante, et le serveur vous reconnaît sans redemander le code.</p>
""")
WRONG_CODE = '<p class="wrong">Ce n\'est pas le bon code : vérifiez au tableau et réessayez.</p>'

WAIT_PAGE = _page('Réessayez dans %(seconds)d s', """\
<h1>Trop de codes faux</h1>
<p>Ce poste a tapé trop de codes faux en une minute. Réessayez dans %(seconds)d s, avec le code
affiché au tableau.</p>
<p><a href="">Réessayer</a></p>
""")

TOO_FAST_PAGE = _page('Trop de requêtes', """\
<h1>Trop de requêtes</h1>
<p>Ce poste envoie plus de requêtes que le serveur de la classe n'en accepte (%(limit)d par
seconde). Ralentissez, puis réessayez dans %(seconds)d s.</p>
""")

BLOCKED_PAGE = _page('Poste bloqué', """\
<h1>Ce poste est bloqué</h1>
<p>Le professeur a bloqué ce poste sur le serveur de la classe. Demandez-lui de le débloquer.</p>
""")

CODE_PAGE, WRONG_CODE, WAIT_PAGE, TOO_FAST_PAGE, BLOCKED_PAGE = (
    typography(page) for page in (CODE_PAGE, WRONG_CODE, WAIT_PAGE, TOO_FAST_PAGE, BLOCKED_PAGE))


def code_page(wrong=False):
    """La page « Code de la classe » (``wrong`` : le code tapé n'était pas le bon)."""
    return CODE_PAGE % {"style": _STYLE, "wrong": WRONG_CODE if wrong else "",
                        "field": FIELD, "digits": MAX_DIGITS}


def wait_page(seconds):
    """Trop de codes faux : « réessayez dans N s »."""
    return WAIT_PAGE % {"style": _STYLE, "seconds": seconds}


def too_fast_page(limit, seconds):
    """Trop de requêtes (plus de ``limit`` par seconde) : « réessayez dans N s »."""
    return TOO_FAST_PAGE % {"style": _STYLE, "limit": limit, "seconds": seconds}


def blocked_page():
    return BLOCKED_PAGE % {"style": _STYLE}
