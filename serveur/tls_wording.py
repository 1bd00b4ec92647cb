"""Les phrases de HTTPS : le chiffrement, le certificat de démonstration, ce que voit un espion.

Le serveur chiffré (``secure.py``) raconte des faits ; leurs phrases sont
rangées ici, comme celles du mode « Mon serveur » le sont dans
``student_wording.py`` : ``wording.py`` les reprend dans ses tables en se
chargeant (``register``).

- ``TLS_SENTENCES``      : les lignes du journal (certificat refusé, requête HTTP en clair
  sur le port chiffré, poignée de main trop lente ou ratée, et ``https://`` tapé
  devant le serveur HTTP, avec le nom du site passé en clair) ;
- ``TLS_START_PROBLEMS`` : pourquoi le serveur chiffré ne démarre pas ;
- ``started_lines``      : les lignes du démarrage en HTTPS (le certificat, l'avertissement
  du navigateur et comment continuer) ; ``CERTIFICATE_NOTE`` : la ligne « À savoir »
  qui explique pourquoi le navigateur a raison de se méfier ;
- ``request_line``, ``RAW_BODY_SECURE``, ``DATA_SECURE``, ``PASSWORD_SECURE`` : ce que
  devient, en HTTPS, ce que le journal dit d'une requête, d'un corps et d'un mot de passe ;
- ``RECORD_LABELS``      : le nom de chaque sorte d'enregistrement TLS (pour qui montre
  les octets tels qu'un espion les voit), ``record_line`` : un enregistrement en une ligne ;
- ``attempt_lesson``     : ce que veut dire ``https://`` tapé devant le serveur HTTP, sous
  ses octets dans « Sur le fil ».

Ce module n'importe du paquet que ``french.py`` : ``wording.py`` l'importe sans boucle.
"""

from .french import fill, typography

CERTIFICATE_SHOWN = "certificat/localhost.pem"   # le certificat, nommé pour un lecteur

# Les erreurs de la poignée de main (la raison donnée par OpenSSL) -> ce qu'elles veulent dire.
TLS_ERRORS = {
    "UNSUPPORTED_PROTOCOL": "le client ne propose que des versions de TLS trop anciennes",
    "VERSION_TOO_LOW": "le client ne propose que des versions de TLS trop anciennes",
    "NO_SHARED_CIPHER": "le client et le serveur n'ont aucune façon de chiffrer en commun",
    "WRONG_VERSION_NUMBER": "ces octets ne sont pas une poignée de main TLS",
    "UNEXPECTED_MESSAGE": "un message inattendu au milieu de la poignée de main",
    "DECRYPTION_FAILED_OR_BAD_RECORD_MAC": "des octets abîmés en route",
}


def _https_attempt(values):
    text = ("le navigateur a tenté une connexion chiffrée (HTTPS) : ce serveur ne parle que "
            "HTTP. Tapez l'adresse avec http:// et non https://.")
    if values.get("tls_server_name"):
        text += (" Son premier message (ClientHello) a traversé le réseau en clair, avec le nom "
                 "du site demandé : « {tls_server_name} ».")
    elif "tls_server_name" in values:
        text += (" Son premier message (ClientHello) ne contient aucun nom de site : l'adresse "
                 "tapée était une adresse IP.")
    return text


def _tls_failed(values):
    values["meaning"] = TLS_ERRORS.get(str(values.get("error", "")), "")
    if values["meaning"]:
        return "la poignée de main TLS a échoué ({meaning}) : je ferme la connexion"
    return "la poignée de main TLS a échoué ({error}) : je ferme la connexion"


TLS_SENTENCES = {
    "https-attempt": _https_attempt,
    "http-on-https": "requête HTTP en clair (« {request_line} ») reçue sur le port chiffré : "
                     "ce serveur parle HTTPS. Je réponds, en clair, une page qui dit de "
                     "taper https:// et non http://.",
    "tls-certificate-refused": "le navigateur refuse le certificat de démonstration (alerte "
                               "« {alert} ») : il n'est signé par aucune autorité qu'il "
                               "connaît. La connexion chiffrée s'arrête là, et le navigateur "
                               "affiche son avertissement.",
    "tls-handshake-timeout": "aucune poignée de main TLS terminée en {seconds:g} s : je ferme "
                             "la connexion",
    "tls-abandoned": "le client a fermé la connexion au milieu de la poignée de main TLS",
    "tls-failed": _tls_failed,
}

# La page qu'un navigateur reçoit (en clair) quand il parle HTTP au serveur chiffré.
PLAIN_ON_TLS_PAGE = ("Ce serveur est chiffré (HTTPS) : tapez l'adresse avec https:// et non "
                     "http://, par exemple {url}")

_TRY_AGAIN = " Décochez « Chiffrer (HTTPS) » (sans --https dans un terminal), ou "
TLS_START_PROBLEMS = {
    "tls-no-ssl": "Ce Python n'a pas le module ssl (il a été construit sans OpenSSL) : HTTPS "
                  "est impossible." + _TRY_AGAIN + "installez Python depuis python.org.",
    "tls-no-certificate": "Le certificat de démonstration est introuvable ({file}) : le "
                          "dossier certificat/ doit être à côté de panneau.py." + _TRY_AGAIN
                          + "recopiez ce dossier.",
    "tls-bad-certificate": "Le certificat de démonstration ({file}) ne peut pas être chargé "
                           "({error})." + _TRY_AGAIN + "recréez-le avec la commande de "
                           "certificat/README.md.",
}

# -- le démarrage en HTTPS -------------------------------------------------------------
_STARTED = (
    "- chiffré (HTTPS) avec le certificat de démonstration du panneau (" + CERTIFICATE_SHOWN
    + ", valable pour localhost et 127.0.0.1) : sa clé est publique, il ne protège rien de réel",
    "- le navigateur va avertir (« Votre connexion n'est pas privée ») : c'est normal, ce "
    "certificat n'est signé par aucune autorité qu'il connaît. Pour la démonstration : Chrome, "
    "« Paramètres avancés » puis « Continuer vers le site {host} (dangereux) » ; Firefox, "
    "« Avancé… » puis « Accepter le risque et poursuivre ».",
)


def started_lines(host):
    """Les lignes qui suivent « je démarre… » en HTTPS (``host`` : l'hôte de l'adresse)."""
    return [fill(line, {"host": host}) for line in _STARTED]


CERTIFICATE_NOTE = typography(
    "À savoir : un certificat est la carte d'identité d'un site. Il dit « je suis bien "
    "localhost » et il est signé par une autorité de certification que le navigateur connaît "
    "déjà : c'est ce qui prouve qu'on parle au bon serveur, et pas à un imposteur au milieu "
    "du chemin. Celui du panneau n'est signé que par lui-même, et sa clé est publique (dans le "
    "dossier certificat/) : n'importe qui pourrait s'en servir pour se faire passer pour ce "
    "site. Le navigateur a donc raison de refuser d'y croire. Ici, vous savez que le serveur "
    "est le vôtre : vous pouvez continuer. Sur un vrai site, ne passez jamais cet avertissement.")

# -- une requête, un corps, un mot de passe, arrivés chiffrés -----------------------------
def request_line(values):
    """La ligne ajoutée sous une requête arrivée chiffrée (``values`` : de l'événement)."""
    text = ("- reçue chiffrée ({tls_version}) : je l'ai déchiffrée. Sur le réseau, un espion "
            "n'en voit que des octets illisibles (et les adresses des deux ordinateurs)")
    if values.get("tls_server_name"):
        text += (" ; seul le nom du site, « {tls_server_name} », est passé en clair au début "
                 "de la connexion.")
    else:
        text += " ; aucun nom de site n'est passé en clair (l'adresse tapée est une adresse IP)."
    return fill(text, values)


RAW_BODY_SECURE = "- corps brut, une fois déchiffré par le serveur : %s"   # avec ``say``
DATA_SECURE = typography(
    "- ces données ont voyagé dans le corps de la requête, chiffrées (HTTPS) : un espion sur "
    "le réseau ne peut pas les lire ; le serveur, lui, les déchiffre et les lit en clair.")

PASSWORD_SECURE = {
    "POST": "- « {name} » est un champ mot de passe : il a voyagé CHIFFRÉ (HTTPS), un espion "
            "sur le réseau n'en voit que des octets illisibles. Le serveur, lui, le déchiffre "
            "et le lit en clair : HTTPS protège le trajet, pas ce que le serveur fait du mot "
            "de passe.",
    "GET": "⚠ « {name} » est un champ mot de passe, envoyé dans l'adresse (GET) : c'est pire "
           "qu'en POST. Chiffré en route (HTTPS), il reste pourtant dans la barre d'adresse, "
           "l'historique du navigateur et le journal du serveur.",
}

# -- les octets tels qu'un espion les voit (tls.records) ----------------------------------
RECORD_LABELS = {
    20: "changement de chiffrement",
    21: "alerte",
    22: "poignée de main",
    23: "données chiffrées",
}




def record_line(index, kind, version, head, length, complete):
    """Un enregistrement TLS en une ligne : ses cinq premiers octets (``head``), sa sorte,
    sa version annoncée et la longueur de son contenu (``complete`` : arrivé en entier)."""
    return fill("- enregistrement {index} ({head}) : {label} (type {kind}), version {version}, "
                "{length:nombre} octets de contenu{cut}", {
                    "index": index, "head": " ".join("%02x" % byte for byte in head),
                    "label": RECORD_LABELS.get(kind, "inconnu"), "kind": kind,
                    "version": version or "inconnue", "length": length,
                    "cut": "" if complete else ", coupé : la suite n'est pas arrivée"})


def attempt_lesson(hello):
    """Ce que veut dire ``https://`` tapé devant le serveur HTTP. ``hello`` : le ClientHello
    lu par ``tls.client_hello`` (``server_name``, ``protocols``), ou ``None`` s'il est illisible."""
    text = ("Le navigateur a parlé TLS (https://) à un serveur qui ne parle que HTTP, en clair : "
            "le serveur n'y comprend rien et ferme la connexion, le navigateur affiche une "
            "erreur. ")
    values = {}
    if hello is None:
        text += "Ces octets n'ont pas pu être lus jusqu'au nom du site. "
    elif hello.server_name:
        values["name"] = hello.server_name
        text += ("Un espion n'y lit en clair qu'un renseignement : le nom du site demandé, "
                 "« {name} » (surligné ci-dessus), que le navigateur envoie dans son premier "
                 "message (ClientHello, extension SNI). ")
    else:
        text += ("Un espion n'y lit aucun nom de site : l'adresse tapée était une adresse IP, "
                 "et un navigateur n'en met jamais dans son premier message (ClientHello). ")
    if hello is not None and hello.protocols:
        values["protocols"] = [typography("« %s »" % name) for name in hello.protocols]
        text += ("Le reste n'est que des nombres (versions, façons de chiffrer, une clé tirée au "
                 "hasard), et les protocoles proposés : {protocols:et}. ")
    text += ("Pour corriger : tapez l'adresse avec http:// et non https://, ou cochez "
             "« Chiffrer (HTTPS) » (--https dans un terminal) et redémarrez le serveur.")
    return fill(text, values)


def register(sentences, start_problems):
    """Range nos phrases dans les tables de ``wording.py`` (qui l'appelle en se chargeant)."""
    sentences.update(TLS_SENTENCES)
    start_problems.update(TLS_START_PROBLEMS)
