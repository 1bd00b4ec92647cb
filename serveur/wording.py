"""Les phrases : les mots que lit une personne, rangés en un seul endroit.

Le serveur ne compose aucune phrase : il raconte des *faits*, chacun nommé
par un code court (``"https-attempt"``, ``"body-too-large"``…) et accompagné
de valeurs brutes (des nombres, des chemins, des tailles, des secondes). Ce
module range, sous chaque code, la phrase française qui le dit :

- ``SENTENCES``            les faits racontés dans le journal ;
- ``LIBRARY_FACTS``        les messages anglais de la bibliothèque standard -> un fait ;
- ``ERROR_EXPLANATIONS``   l'explication d'une réponse d'erreur, selon son code ;
- ``ERROR_REASONS``        une explication plus précise, selon le fait (fichier caché…) ;
- ``START_PROBLEMS``       pourquoi le serveur ne peut pas démarrer (``StartError``,
                           texte rendu par ``start_problem``) ;
- ``STOP_SENTENCES``, ``STOP_SUMMARIES``  l'arrêt, selon le nombre de connexions coupées.

Qui s'en sert : le narrateur (``formatter.py``) raconte les événements avec
ces phrases ; les gestionnaires y prennent l'explication d'une page
d'erreur (``explanation``) ; les pages HTML elles-mêmes sont dans
``pages.py``. Ce module n'importe rien du paquet : tout le monde peut
l'utiliser sans créer de boucle d'imports.

Une phrase est un modèle de ``str.format`` : ``{port}`` y est remplacé par la
valeur ``port``. Trois formats de plus : ``{taille:octets}`` écrit
« 2 048 octets », ``{noms:et}`` écrit « GET, HEAD et POST », ``{noms:ou}``
écrit « « get » ou « get-post » ». Quand la phrase dépend des valeurs (un port
libre trouvé ou non), le modèle est une petite fonction qui rend le modèle.
"""

import string

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
                return " ou ".join("« %s »" % item for item in value)
            return super().format_field(value, spec)
        except (TypeError, ValueError):
            return str(value)


_FILLER = _Filler()


def fill(template, values=()):
    """Le modèle rempli avec ``values`` (un dict ou des paires ``(nom, valeur)``).

    ``template`` peut aussi être une fonction : elle reçoit les valeurs et rend
    le modèle à remplir."""
    values = dict(values)
    if callable(template):
        template = template(values)
    return _FILLER.vformat(template, (), values)


def by_count(table, count):
    """La phrase qui convient à ``count`` : ``table[0]``, ``table[1]`` ou ``table[MANY]``."""
    return table.get(count, table[MANY])


MANY = "plusieurs"

# -- ce que raconte le journal ----------------------------------------------------
# Un fait -> sa phrase. Une phrase du journal commence par une minuscule : le
# narrateur la place après « SERVEUR : » (et « client … : »).
SENTENCES = {
    # les connexions
    "https-attempt": "le navigateur a tenté une connexion chiffrée (HTTPS) : ce serveur ne "
                     "parle que HTTP. Tapez l'adresse avec http:// et non https://.",
    "too-many-connections": "trop de connexions simultanées ({limit}) : connexion refusée",
    "client-gone": "le client a fermé la connexion avant la fin de l'échange",
    "idle-timeout": "délai de {seconds:g} s écoulé sans requête complète : je ferme la connexion",
    "body-cut": "le client a fermé la connexion après {received:octets} du corps sur "
                "{announced:nombre} annoncés",
    "internal-error": "erreur interne du serveur : {error_type}: {error}",
    "library-note": "{text}",    # une note de la bibliothèque standard, telle quelle
    # le serveur lui-même
    "server-crashed": "le serveur s'est arrêté sur une erreur : {error}",
    "stopped-after-error": "je suis arrêté : cliquez sur « Démarrer » pour repartir.",
    # les messages de la bibliothèque standard (voir LIBRARY_FACTS), traduits
    "bad-version": "version HTTP invalide",
    "bad-syntax": "ligne de requête illisible",
    "bad-0.9-request": "requête HTTP/0.9 invalide",
    "unsupported-version": "version HTTP non prise en charge",
    "header-too-long": "en-tête trop long",
    "too-many-headers": "trop d'en-têtes",
    "unsupported-method": "méthode non prise en charge",
    "file-not-found": "fichier introuvable",
    "folder-not-listed": "dossier illisible",
    "expectation-failed": "en-tête Expect non compris",
    "library-other": "la bibliothèque standard signale une erreur",
}

# Les messages (en anglais) que la bibliothèque standard passe à send_error :
# leur début -> le fait qu'ils signalent. La suite du message (une citation de
# la requête, « ('HTTP/9') ») est gardée à part : voir library_fact.
LIBRARY_FACTS = (
    ("Bad request version", "bad-version"),
    ("Bad request syntax", "bad-syntax"),
    ("Bad HTTP/0.9 request type", "bad-0.9-request"),
    ("Invalid HTTP version", "unsupported-version"),
    ("Line too long", "header-too-long"),
    ("Too many headers", "too-many-headers"),
    ("Unsupported method", "unsupported-method"),
    ("File not found", "file-not-found"),
    ("No permission to list directory", "folder-not-listed"),
    ("Expectation Failed", "expectation-failed"),
)


def library_fact(message):
    """Un message de la bibliothèque standard -> ``(fait, citation)``.

    ``"Bad request version ('HTTP/9')"`` -> ``("bad-version", "HTTP/9")`` ;
    un message que la table ne connaît pas est cité en entier."""
    for english, fact in LIBRARY_FACTS:
        if message.startswith(english):
            return fact, message[len(english):].strip(" ()'\"")
    return "library-other", message


# -- les réponses d'erreur : la phrase de la page, reprise dans le journal ------------
ERROR_EXPLANATIONS = {
    400: "La requête reçue ne respecte pas le protocole HTTP.",
    403: "L'accès à cette ressource est interdit.",
    404: "Aucun fichier ne correspond à cette adresse dans le dossier servi.",
    405: "Cette méthode n'est pas autorisée pour cette adresse.",
    408: "La requête n'est pas arrivée en entier à temps.",
    411: "Une requête avec un corps doit annoncer sa taille (en-tête Content-Length).",
    413: "Le corps de la requête est trop gros.",
    414: "L'adresse demandée (URL) est trop longue.",
    431: "Les en-têtes de la requête sont trop nombreux ou trop longs.",
    500: "Le serveur a rencontré une erreur interne.",
    501: "Ce serveur ne sait pas traiter cette méthode. Il accepte : {methods:et}.",
    503: "Le serveur est surchargé, réessayez dans un instant.",
    505: "Cette version du protocole HTTP n'est pas prise en charge.",
}

# Un fait plus précis que le code de statut -> son explication.
ERROR_REASONS = {
    # la requête elle-même
    "http-0.9": "Requête à l'ancienne (HTTP/0.9, sans version) : ce serveur attend une ligne "
                "comme « GET /page.html HTTP/1.1 ».",
    "bad-header-line": "Une ligne d'en-tête est mal formée (nom d'en-tête invalide ou ligne "
                       "sans « : »).",
    # le chemin demandé
    "null-byte": "Le chemin demandé contient un caractère nul (%00) : il ne peut désigner "
                 "aucun fichier.",
    "hidden-file": "Les fichiers et dossiers cachés (nom commençant par un point) ne sont "
                   "jamais servis.",
    "windows-device": "Ce nom est réservé par Windows à un périphérique : ce n'est pas un "
                      "fichier.",
    "link-outside": "Ce lien mène hors du dossier servi : accès refusé.",
    "folder-gone": "Le dossier servi « {folder} » n'existe plus : choisissez un autre dossier "
                   "dans le panneau, ou recréez-le.",
    "unreadable-file": "Ce fichier existe mais ne peut pas être lu (droits d'accès).",
    "unreadable-folder": "Ce dossier ne peut pas être lu.",
    "form-missing": "Le fichier {file} est introuvable dans le dossier servi ({folder}). "
                    "Créez-le (un formulaire HTML avec method=\"post\") ou choisissez le "
                    "dossier qui le contient.",
    # le corps d'un POST
    "chunked-body": "L'envoi du corps par morceaux (Transfer-Encoding) n'est pas pris en "
                    "charge : envoyez le corps d'un seul bloc, avec un en-tête Content-Length.",
    "bad-content-length": "L'en-tête Content-Length doit être un nombre entier positif, "
                          "reçu : « {lengths} ».",
    "body-too-large": "Le corps annoncé fait {length:octets} ; ce serveur en accepte au plus "
                      "{limit:octets}.",
    "body-timeout": "Le corps annoncé ({length:octets}) n'est pas arrivé en entier après "
                    "{seconds:g} s d'attente ({received:octets} reçus) : requête abandonnée.",
}


def explanation(code, fact="", values=()):
    """L'explication d'une réponse d'erreur : celle du fait s'il en a une, sinon
    celle du code de statut (``""`` pour un code inconnu)."""
    template = ERROR_REASONS.get(fact) or ERROR_EXPLANATIONS.get(code, "")
    return fill(template, values)


QUOTING = "{text} (« {quoted} »)"                               # ce qu'a cité la bibliothèque
ANSWER_WITH_REQUEST = "{explain} — requête reçue : « {request_line} »"
ANSWER_WITH_CAUSE = "{cause} — {explain}"


def answer_sentence(code, fact="", values=()):
    """Une réponse d'erreur racontée dans le journal : son explication (celle de
    la page), avec ce qui l'a causée.

    Valeurs lues en plus de celles du fait : ``request_line`` (la requête
    illisible, telle qu'arrivée), ``cause`` et ``quoted`` (le message de la
    bibliothèque standard, voir ``library_fact``)."""
    values = dict(values)
    explain = explanation(code, fact, values)
    if "request_line" in values:
        # La requête n'a pas été racontée (illisible) : on montre ce qui est arrivé.
        return fill(ANSWER_WITH_REQUEST, {"explain": explain,
                                          "request_line": values["request_line"]})
    cause = values.get("cause")
    if not cause:
        return explain
    # « méthode non prise en charge (« BREW ») — ce serveur ne sait pas… »
    text = SENTENCES.get(cause, cause)
    if values.get("quoted"):
        text = fill(QUOTING, {"text": text, "quoted": values["quoted"]})
    return fill(ANSWER_WITH_CAUSE, {"cause": text, "explain": explain[:1].lower() + explain[1:]})


# -- le démarrage impossible (StartError) : une phrase qui dit quoi faire ----------------
_HOSTS_TO_USE = "utilisez 127.0.0.1 (cet ordinateur seulement) ou 0.0.0.0 (tout le réseau local)."


def _port_taken(values):
    if values.get("owner"):
        text = "Le port {port} est déjà utilisé par {owner}."
    else:
        text = ("Le port {port} est déjà utilisé par un autre programme (ce système ne permet "
                "pas de savoir lequel : peut-être un autre serveur ou un autre panneau déjà "
                "démarré).")
    text += " Arrêtez-le, ou choisissez un autre port."
    if values.get("free"):
        text += " Le port {free} est libre."
    return text


def _port_refused(values):
    text = "Le système refuse le port {port} (déjà pris ou réservé). Choisissez un autre port"
    return text + (", par exemple {free}." if values.get("free") else ".")


START_PROBLEMS = {
    "no-port": "Indiquez un numéro de port, par exemple 8080.",
    "not-a-port": "« {text} » n'est pas un numéro de port : tapez un nombre entier entre "
                  "1024 et 65535, par exemple 8080.",
    "port-out-of-range": "Le port {port} n'existe pas : un port est un nombre entre 0 et "
                         "65535. Essayez par exemple 8080.",
    "port-taken": _port_taken,
    "port-privileged": "Le port {port} est réservé : sur ce système, seuls les administrateurs "
                       "peuvent utiliser un port inférieur à 1024. Choisissez un port entre "
                       "1024 et 65535, par exemple 8080.",
    "port-refused": _port_refused,
    "unknown-host": "L'adresse « {host} » est inconnue : " + _HOSTS_TO_USE,
    "address-not-here": "L'adresse {host} n'appartient pas à cet ordinateur : " + _HOSTS_TO_USE,
    "cannot-listen": "Impossible de démarrer le serveur sur {host}:{port} : {error}.",
    "already-running": "Le serveur est déjà démarré ({url}) : arrêtez-le d'abord.",
    "unknown-mode": "Mode inconnu « {mode} » : choisissez {modes:ou}.",
    "missing-folder": "Le dossier « {folder} » n'existe pas : choisissez un dossier existant.",
}


def start_problem(fact, values=()):
    """Le texte d'une ``StartError`` : pourquoi le serveur ne peut pas démarrer,
    et quoi faire (``fact`` : "port-taken"… ; ``values`` : port, dossier…)."""
    template = START_PROBLEMS.get(fact)
    return fill(template, values) if template else fact

# -- l'arrêt, selon le nombre de connexions encore ouvertes qui ont été coupées (``cut``) ----
STOP_SENTENCES = {   # dans le journal
    0: "je m'arrête : le port {port} est de nouveau libre.",
    1: "je m'arrête : 1 connexion encore ouverte coupée, le port {port} est de nouveau libre.",
    MANY: "je m'arrête : {cut} connexions encore ouvertes coupées, le port {port} est de "
          "nouveau libre.",
}
STOPPED_PLAIN = "je m'arrête."   # un arrêt dont on ne sait rien de plus

STOP_SUMMARIES = {   # la ligne d'état de la fenêtre, après « Arrêter »
    0: "Serveur arrêté.",
    1: "Serveur arrêté : 1 connexion encore ouverte a été coupée.",
    MANY: "Serveur arrêté : {cut} connexions encore ouvertes ont été coupées.",
}
