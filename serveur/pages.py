"""Les pages HTML que le serveur écrit lui-même, en français.

Quatre pages : l'erreur (404, 403…), la liste d'un dossier, la réponse à un
formulaire (la confirmation d'un POST, ou la recherche reçue en GET), et la
page « serveur surchargé » (503). Les gestionnaires leur donnent des données
(un code, des noms de fichiers et leurs tailles, des champs reçus) ; le texte
et le HTML sont ici, à côté des phrases de ``wording.py``. Chaque modèle passe
une fois par ``typography`` (espaces insécables) ; les feuilles de style n'ont
aucune espace devant « : », « ; » ou « ! » : elle ne les touche pas.

Sécurité : tout ce qui vient d'un client ou du disque (noms de fichiers,
champs, chemin demandé) passe par ``html.escape`` avant d'entrer dans une
page : un nom de fichier ne peut pas devenir une balise.
"""

import html
import urllib.parse

from .wording import STATUS_HINTS, bytes_text, fill, typography

# Le modèle de page d'erreur de la bibliothèque standard (``error_message_format``) :
# elle y met ``code`` et ``explain`` (échappé). Le titre est posé avant : error_page_format.
ERROR_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Erreur %(code)d</title>
<style>
body { font-family: system-ui, sans-serif; margin: 3em auto; max-width: 40em; color: #222; }
h1 { color: #b3261e; }
code { background: #f1f1f1; padding: 0 .3em; }
</style>
</head>
<body>
<h1>Erreur %(code)d</h1>
<p><strong>%(title)s</strong></p>
<p>%(explain)s</p>
<p><a href="/">Revenir à l'accueil du serveur</a></p>
</body>
</html>
"""

LISTING_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Contenu du dossier %(path)s</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 50em; color: #222; }
li { margin: .2em 0; }
.size { color: #777; font-size: .9em; }
</style>
</head>
<body>
<h1>Contenu du dossier %(path)s</h1>
<p>Ce serveur GET montre les fichiers du dossier servi : cliquez sur un nom pour le demander.</p>
<ul>
%(items)s
</ul>
</body>
</html>
"""
EMPTY_FOLDER_ITEM = "<li><em>(dossier vide)</em></li>"

CONFIRMATION_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>%(title)s</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 46em; padding: 0 1em;
       color: #222; background: #f6f7fb; }
main { background: #fff; border-radius: 8px; padding: 1.5em 2em; box-shadow: 0 1px 4px #0002; }
h1 { color: #1b6e3c; }
table { border-collapse: collapse; width: 100%%; }
th, td { text-align: left; padding: .4em .6em; border-bottom: 1px solid #ddd; vertical-align: top; }
th { background: #eef1f7; }
td { white-space: pre-wrap; word-break: break-word; }
.warn { color: #9a4b00; }
.cookie { color: #555; font-size: .9em; }
</style>
</head>
<body>
<main>
<h1>%(heading)s</h1>
<p>%(intro)s</p>
%(problem)s
<table>
<tr><th>Champ</th><th>Valeur reçue</th></tr>
%(rows)s
</table>
<p class="cookie">Votre navigateur garde un cookie « visites » : malgré son nom, il compte les
pages de ce serveur qu'il a chargées (formulaire, réponses, rechargements compris). Celle-ci est
le chargement n°%(visit)d. Il le garde jusqu'à sa fermeture et le renvoie à cet hôte, quel que
soit le port.</p>
<p><a href="/">Revenir au formulaire</a></p>
</main>
</body>
</html>
"""
# Le titre (de l'onglet, puis de la page), et où ont voyagé les données, selon la méthode
# du formulaire : en GET, c'est le formulaire de recherche (/recherche) ; en POST, l'inscription.
CONFIRMATION_TITLES = {
    "GET": ("Recherche reçue", "Recherche reçue"),
    "POST": ("Données reçues", "Le message a bien été transmis !"),
}
CONFIRMATION_INTROS = {
    "GET": "Le serveur a reçu une requête <strong>GET</strong> : les critères de la recherche "
           "sont <strong>dans l'adresse</strong>, après le « ? ». Regardez la barre d'adresse "
           "de votre navigateur. Ce serveur d'exemple ne cherche rien : il montre ce qu'il a "
           "reçu, et le journal du panneau le raconte.",
    "POST": "Le serveur a reçu une requête <strong>POST</strong> de {size:octets} : les "
            "données ont voyagé <strong>dans le corps</strong> de la requête, pas dans "
            "l'adresse. Son contenu est visible sur le serveur, dans le journal du panneau.",
}
NO_FIELD_ROW = '<tr><td colspan="2"><em>aucun champ reconnu</em></td></tr>'
FILE_VALUE = "fichier « {name} » ({size:octets})"
PROBLEM_PARAGRAPH = '<p class="warn">Attention : %s.</p>'

# Trop de connexions : envoyée sans passer par un gestionnaire (voir server.py).
BUSY_PAGE = ("<!DOCTYPE html><meta charset=\"utf-8\"><title>503</title>"
             "<p>Serveur surchargé : trop de connexions en même temps. "
             "Réessayez dans un instant.</p>")


# Nos pages à la typographie française, une fois pour toutes.
ERROR_PAGE, LISTING_PAGE, CONFIRMATION_PAGE, BUSY_PAGE = (
    typography(page) for page in (ERROR_PAGE, LISTING_PAGE, CONFIRMATION_PAGE, BUSY_PAGE))
EMPTY_FOLDER_ITEM, NO_FIELD_ROW, PROBLEM_PARAGRAPH = (
    typography(text) for text in (EMPTY_FOLDER_ITEM, NO_FIELD_ROW, PROBLEM_PARAGRAPH))
CONFIRMATION_TITLES = {method: tuple(typography(title) for title in titles)
                       for method, titles in CONFIRMATION_TITLES.items()}


def error_page_format(code=0):
    """Le modèle de page d'erreur pour ``code``, titré en français (« Ressource
    introuvable ») ; la ligne de statut, elle, garde la phrase standard
    (« Not Found ») : c'est le protocole."""
    title = STATUS_HINTS.get(code, "erreur").capitalize()
    return ERROR_PAGE.replace("%(title)s", html.escape(title))


def listing_page(shown_path, entries):
    """La liste d'un dossier. ``entries`` : des ``(nom, est_un_dossier, taille)``,
    la taille valant None quand elle est inconnue (ou pour un dossier)."""
    items = []
    for name, is_dir, size in entries:
        shown = name + ("/" if is_dir else "")
        link = urllib.parse.quote(shown, errors="surrogatepass")
        size_text = ' <span class="size">(%s)</span>' % bytes_text(size) if size is not None else ""
        items.append('<li><a href="%s">%s</a>%s</li>'
                     % (link, html.escape(shown, quote=False), size_text))
    return LISTING_PAGE % {"path": html.escape(shown_path, quote=False),
                           "items": "\n".join(items or [EMPTY_FOLDER_ITEM])}


def confirmation_page(method, fields, problem, size, visit):
    """La page qui confirme la réception des champs ``fields`` (voir events.Field).

    ``method`` : "GET" (la recherche : données dans l'adresse) ou "POST" (``size``
    octets de corps) ;
    ``problem`` : ce qui a gêné le décodage, ou None ; ``visit`` : le numéro de visite."""
    rows = []
    for item in fields:
        if item.filename is not None:
            value = fill(FILE_VALUE, {"name": item.filename, "size": item.size or 0})
        else:
            value = item.value
        rows.append("<tr><td>%s</td><td>%s</td></tr>"
                    % (html.escape(item.name), html.escape(value)))
    warning = PROBLEM_PARAGRAPH % html.escape(problem) if problem else ""
    title, heading = CONFIRMATION_TITLES[method]
    return CONFIRMATION_PAGE % {"title": html.escape(title), "heading": html.escape(heading),
                                "intro": fill(CONFIRMATION_INTROS[method], {"size": size}),
                                "rows": "\n".join(rows or [NO_FIELD_ROW]),
                                "problem": warning, "visit": visit}
