"""Les phrases des missions : ce que le journal dit d'une étape faite, et ce qui cloche
dans un fichier de mission écrit par un professeur.

Comme ``manual_wording.py``, ce module range des phrases que ``wording.py`` reprend
dans sa table ``SENTENCES`` (``register``) : un fait -> sa phrase.

- ``JOURNAL_SENTENCES`` : les lignes du journal (une mission choisie, une étape faite
  par un poste ou au tableau, une mission terminée), racontées par le narrateur
  comme tout événement (``serveur/formatter.py``) ;
- ``PROBLEMS`` : ce que ``missions.py`` relève dans un fichier de mission, chaque
  phrase nommant la ligne fautive (« ligne 4 : condition « metode » inconnue… ») ;
  ``problem_text`` les met en forme.

Chaque phrase commence par une minuscule. Ce module n'importe que ``french.py`` :
``wording.py`` peut l'importer sans boucle.
"""

from .french import fill

# Ce qu'on peut écrire dans un fichier de mission (rappelé par les messages d'erreur).
LINE_KINDS = ("« titre : … », « consigne : … », une étape « - texte | condition » ou un "
              "commentaire « # … »")


def _step_done(values):
    if values.get("board"):
        return ("mission « {mission} », étape {step} faite au tableau ({done} sur {steps}) : "
                "{text}")
    return "mission « {mission} », étape {step} faite ({done} sur {steps}) : {text}"


JOURNAL_SENTENCES = {
    "mission-chosen": "mission « {mission} » choisie : {steps} étapes, qui se cochent toutes "
                      "seules (onglet « Missions »).",
    "mission-step": _step_done,
    "mission-complete": "mission « {mission} » terminée : toutes ses étapes sont faites "
                        "({steps} sur {steps}).",
}

PROBLEMS = {
    # -- le fichier lui-même --------------------------------------------------------------
    "unreadable": "impossible de lire « {file} » ({reason}).",
    "too-big": "le fichier fait {size:octets} : une mission en fait {limit:octets} au plus.",
    "not-utf8": "ligne {line} : ce texte n'est pas en UTF-8. Enregistrez le fichier en UTF-8 "
                "(Bloc-notes : « Enregistrer sous… », Codage : UTF-8).",
    "empty": "le fichier est vide : écrivez une ligne « titre : … », puis une étape par ligne "
             "« - texte | condition ».",
    "no-title": "pas de titre : ajoutez une ligne « titre : … » avant les étapes.",
    "no-steps": "aucune étape : ajoutez au moins une ligne « - texte | condition ».",
    # -- une ligne ------------------------------------------------------------------------
    "line-too-long": "ligne {line} : plus de {limit:nombre} caractères.",
    "unknown-line": "ligne {line} : « {text} » inconnu. Une ligne est " + LINE_KINDS + ".",
    "unknown-key": "ligne {line} : « {key} » inconnu. Une ligne est " + LINE_KINDS + ".",
    "twice": "ligne {line} : « {key} » deux fois (déjà ligne {first}).",
    "empty-value": "ligne {line} : « {key} » sans rien après les deux-points.",
    "too-many-steps": "ligne {line} : plus de {limit} étapes ; une mission en a {limit} au plus.",
    "no-bar": "ligne {line} : il manque « | » et la condition qui coche l'étape, par exemple "
              "« - Envoyez le formulaire | methode=POST ».",
    "no-text": "ligne {line} : l'étape n'a pas de texte avant « | ».",
    "no-condition": "ligne {line} : aucune condition après « | » (par exemple methode=GET, "
                    "statut=404 ou reponse=…).",
    # -- une condition --------------------------------------------------------------------
    "not-a-condition": "ligne {line} : « {text} » n'est pas une condition ; écrivez clé=valeur, "
                       "sans espace autour du =, par exemple methode=GET.",
    "unknown-condition": "ligne {line} : condition « {key} » inconnue ; les conditions "
                         "possibles : {known:et}.",
    "empty-condition": "ligne {line} : « {key}= » sans valeur.",
    "bad-method": "ligne {line} : « {value} » n'est pas une méthode HTTP (GET, POST, HEAD…).",
    "bad-path": "ligne {line} : le chemin « {value} » doit commencer par / (par exemple "
                "/recherche).",
    "bad-status": "ligne {line} : « {value} » n'est pas un code de statut : trois chiffres "
                  "(404) ou une famille (4xx).",
    "bad-yes-no": "ligne {line} : « {key}={value} » : écrivez {key}=oui ou {key}=non.",
    "not-negatable": "ligne {line} : « {key}!= » n'existe pas ({key} ne se nie pas).",
    "answer-alone": "ligne {line} : « reponse= » est seule sur son étape : une question se "
                    "coche par la réponse, sans autre condition.",
}


def problem_text(fact, values=()):
    """La phrase d'un problème relevé dans un fichier de mission (``PROBLEMS``)."""
    return fill(PROBLEMS.get(fact, fact), values)


def mission_failed(name, problems):
    """Le titre de ce qui ne va pas : « La mission « x.txt » ne peut pas être ouverte : »."""
    count = len(problems)
    return fill("la mission « {name} » ne peut pas être ouverte ({count} problème{plural}) :",
                {"name": name, "count": count, "plural": "s" if count > 1 else ""})


def register(sentences):
    """Range nos phrases dans la table ``SENTENCES`` de ``wording.py`` (qui l'appelle)."""
    sentences.update(JOURNAL_SENTENCES)
