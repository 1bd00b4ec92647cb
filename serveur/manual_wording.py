"""Les phrases de la requête tapée à la main et du formulaire « Cookies ».

Comme ``student_wording.py``, ce module range des phrases que ``wording.py``
reprend dans sa table ``SENTENCES`` (``register``) : un fait -> sa phrase.

- ``MANUAL_SENTENCES`` : ce que ``manual.py`` relève dans une requête tapée à la
  main *avant* l'envoi (pas de ``Host``, pas de ligne vide, un ``\\n`` seul, une
  méthode en minuscules…), puis ce que ``manual_send.py`` constate *après*
  (connexion refusée, serveur muet, réponse reçue, serveur indulgent) ;
- ``COOKIE_SENTENCES`` : ce que raconte le serveur quand le formulaire « Cookies »
  de ``ressource.html`` lui demande de poser un cookie (``cookie_form.py``).

Chaque phrase dit ce qui ne va pas, ce que fera le serveur, puis quoi écrire. Elle
commence par une minuscule : la fenêtre la place après « ⚠ » ou « → ». Ce module
n'importe rien : ``wording.py`` peut l'importer sans boucle.
"""

# Comment le panneau a su que la réponse était finie (sans attendre que le serveur ferme).
_COMPLETE = {
    "length": "réponse reçue en entier : {size:octets} ; le panneau sait qu'elle est finie "
              "grâce à Content-Length, sans attendre que le serveur ferme la connexion.",
    "chunked": "réponse reçue en entier : {size:octets}, envoyée par morceaux (chunked) ; "
               "le dernier morceau, vide, annonce la fin.",
    "no-body": "réponse reçue en entier : {size:octets} ; elle n'a pas de corps (HEAD, 204 "
               "ou 304), la ligne vide la termine.",
}

# -- avant l'envoi : la requête tapée ---------------------------------------------------
MANUAL_SENTENCES = {
    "manual-empty": "la requête est vide : tapez au moins une ligne de requête, par exemple "
                    "GET / HTTP/1.1, puis Host: et une ligne vide.",
    "manual-too-long": "la requête fait {size:octets} : le panneau n'en envoie pas plus de "
                       "{limit:octets}.",
    "manual-bare-newline": "la ligne {line} finit par \\n seul : HTTP demande \\r\\n (retour "
                           "chariot puis saut de ligne). Ce serveur, écrit en Python, l'accepte "
                           "quand même ; d'autres refusent la requête.",
    "manual-lowercase-method": "la méthode « {method} » est en minuscules : HTTP distingue "
                               "majuscules et minuscules, écrivez {upper}. Ce serveur répondra "
                               "501 (méthode non prise en charge).",
    "manual-unknown-method": "la méthode « {method} » n'existe pas en HTTP (GET, HEAD, POST, "
                             "PUT, DELETE, OPTIONS…) : ce serveur répondra 501.",
    "manual-missing-version": "la ligne de requête n'a pas de version : écrivez "
                              "{method} {path} HTTP/1.1. Sans version, c'est le HTTP/0.9 "
                              "de 1991, que ce serveur refuse (400).",
    "manual-blank-first": "la requête commence par une ligne vide : la ligne de requête "
                          "(GET / HTTP/1.1) vient en premier, la ligne vide après les en-têtes.",
    "manual-missing-path": "la ligne de requête « {line} » n'a pas ses trois parties séparées "
                           "par une espace : la méthode, le chemin et la version "
                           "(GET / HTTP/1.1).",
    "manual-bad-version": "la version « {version} » ne s'écrit pas comme HTTP/1.1 (en "
                          "majuscules, avec la barre oblique) : ce serveur répondra 400.",
    "manual-space-in-path": "la ligne de requête a {count} parties au lieu de trois : une "
                            "espace dans le chemin s'écrit %20 (/mon%20fichier.html). Ce "
                            "serveur répondra 400.",
    "manual-path-without-slash": "le chemin « {path} » ne commence pas par / : écrivez "
                                 "/{path}.",
    "manual-no-host": "pas d'en-tête Host : en HTTP/1.1, il est obligatoire (il dit quel site "
                      "on demande : un serveur peut en héberger plusieurs). Ce serveur répond "
                      "quand même ; beaucoup d'autres répondent 400. Ajoutez Host: {host}.",
    "manual-two-hosts": "deux en-têtes Host : un serveur ne saurait pas quel site est demandé "
                        "(beaucoup répondent 400).",
    "manual-header-no-colon": "la ligne {line}, « {text} », n'est pas un en-tête : un en-tête "
                              "s'écrit Nom: valeur, avec deux-points. Pour commencer le corps, "
                              "il faut d'abord une ligne vide. Ce serveur répondra 400.",
    "manual-space-before-colon": "ligne {line}, « {name} » : pas d'espace avant les deux-points "
                                 "dans un en-tête HTTP (la règle du français ne vaut pas ici). "
                                 "Ce serveur répondra 400.",
    "manual-folded-header": "la ligne {line} commence par une espace : l'ancien HTTP la collait "
                            "à l'en-tête du dessus, c'est interdit aujourd'hui (400).",
    "manual-non-ascii": "la ligne {line} contient « {char} », qui n'est pas de l'ASCII : la "
                        "ligne de requête et les en-têtes n'attendent que de l'ASCII. Dans un "
                        "chemin, un accent se code : é s'écrit %C3%A9.",
    "manual-no-blank-line": "pas de ligne vide après les en-têtes : le serveur attend la suite "
                            "et ne répondra pas (le panneau abandonne au bout de "
                            "{seconds:g} s). Ajoutez une ligne vide (Entrée) après le dernier "
                            "en-tête.",
    "manual-post-without-length": "un {method} sans en-tête Content-Length : le serveur ne sait "
                                  "pas combien d'octets lire. Ce serveur répondra 411 "
                                  "(longueur requise). Ajoutez Content-Length: {size}.",
    "manual-body-without-length": "{size:octets} après la ligne vide, sans en-tête "
                                  "Content-Length : le serveur ne les lira pas comme un corps, "
                                  "mais comme le début d'une requête suivante.",
    "manual-bad-length": "l'en-tête Content-Length: {value} n'est pas un nombre d'octets : ce serveur "
                         "répondra 400.",
    "manual-length-too-big": "l'en-tête Content-Length annonce {announced:octets}, mais le corps en fait "
                             "{size:octets} : le serveur attendra ceux qui manquent, et ne "
                             "répondra pas avant l'abandon du panneau. Écrivez "
                             "Content-Length: {size}.",
    "manual-length-too-small": "l'en-tête Content-Length annonce {announced:octets}, mais le corps en "
                               "fait {size:octets} : le serveur n'en lira que {announced} et "
                               "prendra la suite pour une nouvelle requête. Écrivez "
                               "Content-Length: {size}.",
    # -- la destination ---------------------------------------------------------------
    "manual-other-host": "« {host} » n'est pas cet ordinateur : le panneau n'envoie qu'à "
                         "127.0.0.1 ou localhost, sauf si la case « Autoriser une autre "
                         "adresse » est cochée (c'est au professeur de décider).",
    "manual-bad-port": "« {port} » n'est pas un port : un nombre entier entre 1 et 65535.",
    "manual-bad-host": "« {host} » n'est pas une adresse : tapez 127.0.0.1, localhost, ou "
                       "l'adresse d'un autre ordinateur (192.168.1.20).",
    # -- après l'envoi : ce qui est revenu ----------------------------------------------
    "manual-refused": "aucun serveur n'écoute sur {host}:{port} (connexion refusée) : cliquez "
                      "sur « Démarrer », ou vérifiez le port.",
    "manual-unreachable": "impossible de joindre {host}:{port} ({error}).",
    "manual-silent": "le serveur n'a rien répondu en {seconds:g} s : il attend sans doute la "
                     "fin de la requête (la ligne vide, ou les octets annoncés par "
                     "Content-Length). Le panneau a fermé la connexion.",
    "manual-unfinished": "la réponse n'était pas finie au bout de {seconds:g} s : voici les "
                         "{size:octets} arrivés.",
    "manual-too-big": "la réponse dépasse {limit:octets} : voici le début, le panneau a fermé "
                      "la connexion.",
    "manual-complete": lambda values: _COMPLETE.get(values.get("end"), _COMPLETE["length"]),
    "manual-closed": "réponse reçue : {size:octets}, puis le serveur a fermé la connexion.",
    "manual-not-http": "la réponse ne commence pas par HTTP/ : ce programme ne parle pas HTTP.",
    "manual-status": "le serveur répond {status} {reason}{hint}.",
    "manual-lenient": "le serveur a répondu {status} malgré les remarques : ce serveur Python "
                      "est indulgent, d'autres refuseraient cette requête.",
    "manual-refused-request": "le serveur a refusé la requête ({status}) : relisez les "
                              "remarques, corrigez, renvoyez (Ctrl+Entrée).",
}


# -- le formulaire « Cookies » de ressource.html ---------------------------------------
COOKIE_SENTENCES = {
    "cookie-form-set": "formulaire « Cookies » : je pose le cookie « {name} », la réponse porte "
                       "l'en-tête Set-Cookie: {header}. Revenez sur une page de ce serveur : "
                       "le navigateur le renverra dans l'en-tête Cookie.",
    "cookie-form-encoded": "formulaire « Cookies » : la valeur « {typed} » contient des "
                           "caractères interdits dans un cookie (espace, accent, ; , \" \\) : "
                           "je l'envoie codée, {value}.",
    "cookie-form-bad-name": "formulaire « Cookies » : je ne pose pas de cookie, « {name} » "
                            "n'est pas un nom de cookie (des lettres, des chiffres, - et _, "
                            "sans espace ni accent, {limit} caractères au plus).",
    "cookie-form-taken": "formulaire « Cookies » : je ne pose pas de cookie, le nom "
                         "« visites » est celui du compteur de ce serveur ; choisissez-en "
                         "un autre.",
    "cookie-form-too-long": "formulaire « Cookies » : je ne pose pas de cookie, la valeur fait "
                            "{size:nombre} caractères ({limit} au plus dans ce panneau).",
}


def register(sentences):
    """Range nos phrases dans la table ``SENTENCES`` de ``wording.py`` (qui l'appelle)."""
    sentences.update(MANUAL_SENTENCES)
    sentences.update(COOKIE_SENTENCES)
