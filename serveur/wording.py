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
- ``STOP_SENTENCES``, ``STOP_SUMMARIES``  l'arrêt, selon le nombre de connexions coupées ;
- ``PASSWORD_WARNINGS``, ``COOKIE_KEPT``  un mot de passe en clair, un cookie gardé.

Une phrase est un modèle que ``fill`` remplit (``{port}``, ``{taille:octets}``…,
voir ``french.py``) ; quand elle dépend des valeurs (un port libre trouvé ou
non), le modèle est une petite fonction qui rend le modèle. ``fill`` l'écrit à
la typographie française (espaces insécables avant « : » et dans « », fines
avant « ; ! ? ») avec ``typography``, une seule fonction, reprise ici avec
``number`` et ``decimal`` : la fenêtre les prend ici pour ses propres
étiquettes. Elle ne touche que nos modèles : une valeur venue d'un client est
insérée telle quelle.

Qui s'en sert : le narrateur (``formatter.py``) raconte les événements avec
ces phrases ; les gestionnaires y prennent l'explication d'une page
d'erreur (``explanation``) ; les pages HTML elles-mêmes sont dans
``pages.py``. Ce module n'importe du paquet que ``french.py`` (qui
n'importe rien) : tout le monde peut l'utiliser sans créer de boucle d'imports.
"""

# Les outils d'écriture, repris ici pour tous (la fenêtre les prend ici aussi).
from .french import (MANY, and_list, by_count, bytes_text, decimal, fill,  # noqa: F401
                     number, say, typography)

# Une courte explication de chaque code de statut, pour les élèves (mise en forme à la fin).
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
    206: "contenu partiel : le morceau du fichier demandé (Range)",
    414: "adresse (URL) trop longue",
    416: "le morceau demandé est hors du fichier",
    431: "en-têtes trop nombreux ou trop longs",
    500: "erreur interne du serveur",
    501: "méthode non prise en charge par ce serveur",
    503: "serveur surchargé, réessayer plus tard",
    505: "version du protocole HTTP non prise en charge",
}


# -- ce que raconte le journal ----------------------------------------------------
# Un fait -> sa phrase. Une phrase du journal commence par une minuscule : le
# narrateur la place après « SERVEUR : » (et « client … : »).
SENTENCES = {
    # les connexions (« https-attempt » et HTTPS : tls_wording.py)
    "too-many-connections": "trop de connexions simultanées ({limit:nombre}) : connexion refusée",
    "client-gone": "le client a fermé la connexion avant la fin de l'échange",
    "idle-timeout": "délai de {seconds:g} s écoulé sans requête complète : je ferme la connexion",
    "evicted-silent": "serveur plein : je ferme une connexion ouverte qui n'a rien envoyé, "
                      "pour faire de la place",
    "body-cut": "le client a fermé la connexion après {received:octets} du corps sur "
                "{announced:nombre} annoncés",
    "internal-error": "erreur interne du serveur : {error_type}: {error}",
    "library-note": "{text}",    # une note de la bibliothèque standard, telle quelle
    # le serveur lui-même
    "server-crashed": "le serveur s'est arrêté sur une erreur : {error}",
    "stopped-after-error": "je suis arrêté : cliquez sur « Démarrer » pour repartir.",
    # quand le lecteur (le terminal, le panneau) n'affiche pas aussi vite que le serveur raconte
    "events-dropped": lambda values: (
        "le %s n'a pas suivi : " % values.get("reader", "terminal")
        + ("1 événement n'a pas été affiché" if values.get("count") == 1
           else "{count:nombre} événements n'ont pas été affichés")
        + " (le serveur, lui, a continué de répondre)"),
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
    "http-0.9": "Requête à l'ancienne (HTTP/0.9, d'avant HTTP/1.0) : ce serveur attend une ligne "
                "comme « GET /page.html HTTP/1.1 ».",
    "bad-header-line": "Une ligne d'en-tête est mal formée (nom d'en-tête invalide ou ligne "
                       "sans « : »).",
    "head-too-large": "La ligne de requête et les en-têtes dépassent {limit:octets} : ce "
                      "serveur n'en lit pas davantage.",
    "repeated-content-length": "La requête annonce plusieurs tailles de corps (en-têtes "
                               "Content-Length : « {lengths} ») : laquelle croire ? Requête "
                               "refusée, connexion fermée.",
    "evicted": "Le serveur est plein et cette requête était la plus lente (commencée il y a "
               "{seconds:g} s, toujours incomplète) : elle est coupée pour laisser la place "
               "aux autres.",
    "bodies-busy": "Le serveur reçoit déjà beaucoup de données en même temps (au plus "
                   "{budget:octets}) : ce corps de {length:octets} attendra. Réessayez dans "
                   "un instant.",
    "request-too-slow": "Rien n'est arrivé pendant {seconds:g} s au milieu de la requête : "
                        "elle est abandonnée.",
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
    "special-file": "Ce nom ne désigne pas un fichier ordinaire (tube nommé, périphérique, "
                    "socket…) : il n'est jamais ouvert.",
    "form-too-large": "Le fichier {file} fait {size:octets} : c'est trop pour une page de "
                      "formulaire (au plus {limit:octets}). Raccourcissez-le.",
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
    text = fill(SENTENCES[cause], values) if cause in SENTENCES else cause
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


# La seule plage de ports que citent nos messages (et l'aide de la ligne de commande).
PORT_RANGE = "un nombre entier entre 1024 et 65535"
_TYPE_A_PORT = PORT_RANGE + ", par exemple 8080."

START_PROBLEMS = {
    "no-port": "Indiquez un numéro de port : " + _TYPE_A_PORT,
    "not-a-port": "« {text} » n'est pas un numéro de port : tapez " + _TYPE_A_PORT,
    "port-out-of-range": "Le port {port} n'existe pas : tapez " + _TYPE_A_PORT,
    "port-taken": _port_taken,
    "port-privileged": "Le port {port} est réservé : sur ce système, seuls les administrateurs "
                       "peuvent utiliser un port inférieur à 1024. Tapez " + _TYPE_A_PORT,
    "port-refused": _port_refused,
    "unknown-host": "L'adresse « {host} » est inconnue : " + _HOSTS_TO_USE,
    "address-not-here": "L'adresse {host} n'appartient pas à cet ordinateur : " + _HOSTS_TO_USE,
    "cannot-listen": "Impossible de démarrer le serveur sur {host}:{port} : {error}.",
    "already-running": "Le serveur est déjà démarré ({url}) : arrêtez-le d'abord.",
    "unknown-mode": "Mode inconnu « {mode} » : choisissez {modes:ou}.",
    "missing-folder": "Le dossier « {folder} » n'existe pas : choisissez un dossier existant.",
    "not-a-folder": "« {folder} » n'est pas un dossier (c'est un fichier) : choisissez le "
                    "dossier qui le contient, ou un autre dossier.",
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
    MANY: "je m'arrête : {cut:nombre} connexions encore ouvertes coupées, le port {port} est de "
          "nouveau libre.",
}
STOPPED_PLAIN = "je m'arrête."   # un arrêt dont on ne sait rien de plus

STOP_SUMMARIES = {   # la ligne d'état de la fenêtre, après « Arrêter »
    0: "Serveur arrêté.",
    1: "Serveur arrêté : 1 connexion encore ouverte a été coupée.",
    MANY: "Serveur arrêté : {cut:nombre} connexions encore ouvertes ont été coupées.",
}

# -- un mot de passe en clair : selon la méthode (dans le corps, ou pire : dans l'adresse) et
# le chemin parcouru (``route`` : "same-computer", sans quitter cet ordinateur, ou "network")
_STAYS = ("envoyé dans l'adresse (GET) : c'est pire qu'en POST. Il reste dans la barre "
          "d'adresse, dans l'historique du navigateur et dans le journal du serveur. ")
_NOT_ERASED = ("HTTPS l'aurait chiffré en route, mais ne l'aurait effacé ni de l'historique ni "
               "du journal.")
PASSWORD_WARNINGS = {
    ("POST", "same-computer"):
        "⚠ « {name} » est un champ mot de passe : il a voyagé EN CLAIR (HTTP), mais sans quitter "
        "cet ordinateur (le client et le serveur sont sur la même machine). Depuis un autre "
        "poste, n'importe qui sur le chemin pourrait le lire ; HTTPS l'aurait chiffré en route, "
        "mais le serveur, lui, le lirait quand même.",
    ("POST", "network"):
        "⚠ « {name} » est un champ mot de passe : il a voyagé EN CLAIR sur le réseau (HTTP) : "
        "n'importe qui sur le chemin entre le client et le serveur pouvait le lire. HTTPS "
        "l'aurait chiffré en route, mais le serveur, lui, le lit quand même.",
    ("GET", "same-computer"):
        "⚠ « {name} » est un champ mot de passe, " + _STAYS + "Il a voyagé EN CLAIR (HTTP), "
        "sans quitter cet ordinateur ; " + _NOT_ERASED,
    ("GET", "network"):
        "⚠ « {name} » est un champ mot de passe, " + _STAYS + "Il a voyagé EN CLAIR sur le "
        "réseau (HTTP) : n'importe qui sur le chemin pouvait le lire ; " + _NOT_ERASED,
}


def password_warning(method, route, name):
    """La ligne qui signale le champ mot de passe ``name`` (déjà échappé), envoyé par
    ``method`` ("GET" ou "POST") sans quitter l'ordinateur ou par le réseau (``route``)."""
    method = "GET" if method in ("GET", "HEAD") else "POST"
    route = route if route == "same-computer" else "network"
    return fill(PASSWORD_WARNINGS[(method, route)], {"name": name})


# -- un cookie envoyé : combien de temps le navigateur le garde (avec ou sans date)
COOKIE_KEPT = {
    False: "avec un cookie : Set-Cookie: {cookie} (le navigateur le garde jusqu'à sa fermeture, "
           "faute de Max-Age ou d'Expires, et le renvoie à chaque requête vers cet hôte, quel "
           "que soit le port)",
    True: "avec un cookie : Set-Cookie: {cookie} (le navigateur le garde jusqu'à la date fixée "
          "par Max-Age ou Expires, et le renvoie à chaque requête vers cet hôte, quel que soit "
          "le port)",
}

STATUS_HINTS.update((code, typography(hint)) for code, hint in STATUS_HINTS.items())

# « Mon serveur », requête à la main et « Cookies », missions, HTTPS : leurs phrases, ici.
from . import manual_wording, mission_wording, private_wording, student_wording, tls_wording  # noqa
for _module in (student_wording, private_wording):
    _module.register(SENTENCES, ERROR_REASONS, START_PROBLEMS)
for _module in (manual_wording, mission_wording):
    _module.register(SENTENCES)
tls_wording.register(SENTENCES, START_PROBLEMS)
