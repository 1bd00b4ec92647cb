"""Les phrases : les mots que lit une personne, rangés en un seul endroit.

Le narrateur (``formatter.py``) raconte les événements avec ces mots, et les
gestionnaires y prennent le texte des pages qu'ils envoient (page d'erreur,
liste d'un dossier, confirmation d'un formulaire) : aucun autre module ne
compose de phrase. Ce module n'importe rien du paquet : tout le monde peut
l'utiliser sans créer de boucle d'imports.
"""

# Une courte explication de chaque code de statut, pour les élèves.
STATUS_HINTS = {
    200: "tout s'est bien passé",
    201: "ressource créée",
    204: "réussi, sans contenu à renvoyer",
    301: "la ressource a déménagé : le navigateur va à la nouvelle adresse",
    302: "redirection temporaire",
    304: "pas modifiée : le navigateur réutilise sa copie en cache",
    400: "requête mal formée",
    403: "accès interdit",
    404: "ressource introuvable",
    405: "méthode non autorisée pour cette adresse",
    408: "le client a mis trop de temps à envoyer sa requête",
    411: "longueur du corps (Content-Length) manquante",
    413: "corps de requête trop gros",
    414: "adresse (URL) trop longue",
    431: "en-têtes trop nombreux ou trop longs",
    500: "erreur interne du serveur",
    501: "méthode non prise en charge par ce serveur",
    503: "serveur surchargé, réessayer plus tard",
    505: "version du protocole HTTP non prise en charge",
}


def number(n):
    """12345 -> "12 345" (séparateur des milliers à la française)."""
    return "{:,}".format(n).replace(",", "\u202f")


def bytes_text(n):
    """1 -> "1 octet", 2048 -> "2 048 octets" (pas de « s » pour 0 et 1, en français)."""
    return "%s octet%s" % (number(n), "s" if n > 1 else "")
