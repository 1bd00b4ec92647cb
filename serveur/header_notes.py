"""Chaque en-tête expliqué : une ligne en français par nom d'en-tête.

Dans « Échange brut », survoler ou cliquer le nom d'un en-tête (``Host``,
``Sec-Fetch-Mode``…) montre à quoi il sert. ``note(nom)`` rend cette ligne :

- le nom est cherché sans tenir compte des majuscules (``content-type`` comme
  ``Content-Type`` : HTTP ne les distingue pas dans les noms d'en-tête) ;
- des familles se reconnaissent à leur début (``Sec-Fetch-*``, ``sec-ch-ua*``,
  ``Sec-CH-*``, ``Access-Control-*``, ``X-…``) ;
- un nom inconnu le dit (``UNKNOWN``) plutôt que d'inventer.

Ce module n'importe que ``french.py`` : ni fenêtre, ni serveur. Ses phrases sont des
faits sur HTTP, pas sur ce panneau ; elles commencent par une minuscule et ne
finissent pas par un point (la fenêtre écrit « Host : … »).
"""

from .french import typography

UNKNOWN = typography("en-tête inconnu de ce panneau : ni HTTP ni les navigateurs courants ne "
                     "lui donnent un sens que le panneau connaisse")

# Le nom en minuscules -> sa ligne. Requête (le client parle), puis réponse (le serveur).
NOTES = {
    # -- la requête : qui, quoi, pour quel site
    "host": "le site demandé (nom ou adresse, et port) : un serveur peut en héberger plusieurs ; "
            "obligatoire en HTTP/1.1",
    "user-agent": "le logiciel du client (navigateur, système) : il se présente, souvent avec "
                  "de vieux noms (« Mozilla/5.0 ») gardés pour rester compatible",
    "accept": "les types de contenu que le client accepte (text/html, image/webp…), q= dit "
              "sa préférence de 0 à 1",
    "accept-language": "les langues préférées du lecteur (fr-FR, fr, en…) : le serveur peut "
                       "choisir la version de la page",
    "accept-encoding": "les compressions que le client sait défaire (gzip, deflate, br, zstd) : "
                       "le serveur peut envoyer moins d'octets",
    "accept-charset": "les jeux de caractères acceptés (ancien : aujourd'hui, tout est UTF-8)",
    "cookie": "les cookies que le navigateur a gardés pour ce site, renvoyés à chaque requête "
              "(nom=valeur; nom2=valeur2)",
    "referer": "la page d'où vient la requête (le lien cliqué, la page qui demande son image) ; "
               "le mot est mal orthographié depuis 1996 (referrer)",
    "origin": "le site (schéma, hôte, port) qui envoie la requête, sans le chemin : le serveur "
              "peut refuser une requête venue d'un autre site",
    "authorization": "l'identifiant et le mot de passe (ou un jeton) pour une page protégée ; "
                     "en Basic, ils voyagent en base64, c'est-à-dire en clair",
    "content-type": "le type du corps (text/html; charset=utf-8, "
                    "application/x-www-form-urlencoded…) : comment le lire",
    "content-length": "la taille du corps en octets : le lecteur sait où il finit sans "
                      "attendre la fermeture de la connexion",
    "content-encoding": "la compression appliquée au corps (gzip, br) : à défaire avant de le lire",
    "content-language": "la langue du contenu (fr)",
    "transfer-encoding": "comment le corps voyage : chunked, par morceaux de taille annoncée, "
                         "quand sa taille totale n'est pas connue d'avance",
    "expect": "100-continue : le client demande la permission avant d'envoyer un gros corps",
    # -- le cache : ne pas retélécharger ce qu'on a déjà
    "cache-control": "les règles du cache : no-cache (revalider avant de réutiliser), no-store "
                     "(ne rien garder), max-age=60 (frais pendant 60 s)…",
    "pragma": "no-cache : l'ancêtre de Cache-Control (HTTP/1.0), gardé pour les vieux caches",
    "if-modified-since": "« envoie le fichier seulement s'il a changé depuis cette date » : "
                         "sinon, le serveur répond 304 et le navigateur réutilise sa copie",
    "if-none-match": "« envoie le fichier seulement si son ETag n'est plus celui-ci » : sinon, "
                     "304 et la copie du cache sert",
    "if-match": "n'agir que si la ressource a encore cet ETag (pour ne pas écraser la "
                "modification d'un autre)",
    "if-unmodified-since": "n'agir que si la ressource n'a pas changé depuis cette date",
    "range": "un morceau seulement (bytes=0-1023) : pour avancer dans une vidéo ou reprendre "
             "un téléchargement ; le serveur répond 206",
    "if-range": "le morceau demandé par Range, seulement si le fichier n'a pas changé (sinon "
                "le fichier entier)",
    # -- la connexion
    "connection": "que faire de la connexion après cet échange : keep-alive (la garder pour la "
                  "requête suivante) ou close (la fermer)",
    "keep-alive": "combien de temps (timeout=5) et de requêtes (max=100) la connexion gardée "
                  "ouverte peut encore servir",
    "upgrade": "demande de changer de protocole sur la même connexion (websocket, h2c)",
    "upgrade-insecure-requests": "1 : le navigateur préfère HTTPS et suivra volontiers une "
                                 "redirection vers la version chiffrée du site",
    "te": "les façons d'envoyer la réponse que le client accepte (trailers)",
    "via": "les relais (proxys) traversés par le message",
    "forwarded": "l'adresse du vrai client, ajoutée par un relais (proxy)",
    # -- la vie privée et la sécurité du navigateur
    "dnt": "« Do Not Track » : 1 demandait de ne pas suivre le lecteur ; abandonné, rien "
           "n'obligeait à le respecter",
    "sec-gpc": "« Global Privacy Control » : 1 demande de ne pas vendre ni partager les "
               "données du lecteur",
    "purpose": "prefetch : le navigateur charge la page d'avance, avant le clic",
    "priority": "l'importance de cette requête pour le navigateur (u=0 : urgente, i : "
                "utilisable par morceaux)",
    # -- la réponse : le serveur parle
    "set-cookie": "le serveur demande au navigateur de garder un cookie (nom=valeur) et ses "
                  "règles : Max-Age ou Expires (sinon, jusqu'à la fermeture), Path, SameSite, "
                  "HttpOnly (invisible au JavaScript), Secure (HTTPS seulement)",
    "server": "le logiciel du serveur et sa version (ici, le panneau et Python)",
    "date": "l'heure du serveur quand il a répondu (toujours en temps universel, GMT)",
    "last-modified": "la date de dernière modification du fichier : le navigateur la renverra "
                     "dans If-Modified-Since",
    "etag": "l'empreinte de cette version de la ressource : si elle change, le fichier a changé",
    "expires": "la date après laquelle la copie du cache n'est plus fraîche (l'ancêtre de "
               "max-age)",
    "age": "depuis combien de secondes cette réponse attend dans un cache",
    "vary": "les en-têtes de la requête dont dépend la réponse (Accept-Encoding…) : le cache "
            "garde une copie par valeur",
    "location": "la nouvelle adresse où aller (avec 301, 302, 303, 307, 308) ou celle de la "
                "ressource créée (201)",
    "accept-ranges": "bytes : le serveur sait envoyer un morceau d'un fichier (Range)",
    "content-range": "quel morceau du fichier est dans ce corps, et la taille du fichier "
                     "(bytes 0-1023/146515)",
    "content-disposition": "attachment : à enregistrer plutôt qu'à afficher (avec le nom de "
                           "fichier proposé) ; inline : à afficher",
    "retry-after": "dans combien de secondes réessayer (avec 503 ou 429)",
    "allow": "les méthodes acceptées à cette adresse (avec 405 : GET, HEAD, POST…)",
    "www-authenticate": "la page est protégée : comment s'identifier (avec 401)",
    "content-security-policy": "d'où la page a le droit de charger scripts, styles et images "
                               "(contre l'injection de script)",
    "strict-transport-security": "« à l'avenir, viens toujours en HTTPS » pendant max-age "
                                 "secondes (HSTS)",
    "x-content-type-options": "nosniff : le navigateur doit croire Content-Type, sans deviner "
                              "le type d'après le contenu",
    "x-frame-options": "si la page peut être affichée à l'intérieur d'un autre site (iframe) : "
                       "DENY, SAMEORIGIN",
    "referrer-policy": "ce que le navigateur dira dans Referer en quittant cette page",
    "link": "des ressources liées à la page, à charger d'avance (preload)",
    "alt-svc": "le même site est aussi servi autrement (HTTP/3, un autre port)",
    "timing-allow-origin": "les sites qui peuvent mesurer le temps de chargement de cette "
                           "ressource",
}

# Les familles : un début de nom -> sa ligne (le premier qui convient, les plus longs d'abord).
FAMILIES = (
    ("sec-fetch-site", "d'où vient la requête par rapport à ce site : same-origin (le même), "
                       "same-site, cross-site (un autre), none (adresse tapée, favori) ; "
                       "ajouté par le navigateur, le JavaScript ne peut pas le changer"),
    ("sec-fetch-mode", "comment la ressource est demandée : navigate (aller sur une page), "
                       "no-cors (une image, un script), cors (fetch() du JavaScript)…"),
    ("sec-fetch-user", "?1 : la requête vient d'un geste de l'utilisateur (clic, adresse tapée), "
                       "pas d'un script"),
    ("sec-fetch-dest", "à quoi servira la réponse : document (une page), image, style, script, "
                       "empty (fetch())…"),
    ("sec-fetch-", "une information de sécurité ajoutée par le navigateur (Fetch Metadata) sur "
                   "la façon dont la requête est partie"),
    ("sec-ch-ua-mobile", "?1 si le navigateur tourne sur un téléphone, ?0 sinon (Client Hints)"),
    ("sec-ch-ua-platform", "le système du client : \"Windows\", \"macOS\", \"Linux\", "
                           "\"Android\" (Client Hints)"),
    ("sec-ch-ua", "le nom et la version du navigateur, en morceaux faciles à lire (Client "
                  "Hints, le remplaçant de User-Agent chez Chrome et Edge)"),
    ("sec-ch-", "un détail sur le client (Client Hints) que le navigateur donne de lui-même ou "
                "à la demande du serveur"),
    ("sec-websocket-", "l'ouverture d'une connexion WebSocket (la clé, la version…)"),
    ("access-control-", "les règles CORS : quels autres sites ont le droit de lire cette "
                        "réponse depuis leur JavaScript"),
    ("proxy-", "pour le relais (proxy) entre le client et le serveur, pas pour le serveur"),
    ("x-", "un en-tête non standard (le préfixe X- marquait les essais) : son sens dépend du "
           "logiciel qui l'a ajouté"),
)

NOTES = {name: typography(text) for name, text in NOTES.items()}
FAMILIES = tuple((start, typography(text)) for start, text in FAMILIES)


def note(name):
    """La ligne qui explique l'en-tête ``name`` (majuscules indifférentes) ;
    ``UNKNOWN`` si le panneau ne le connaît pas."""
    key = name.strip().lower()
    if key in NOTES:
        return NOTES[key]
    for start, text in FAMILIES:
        if key.startswith(start):
            return text
    return UNKNOWN


def is_known(name):
    """Vrai si le panneau sait expliquer cet en-tête."""
    return note(name) is not UNKNOWN
