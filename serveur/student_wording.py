"""Les phrases du mode « Mon serveur » : le fichier de l'élève, son code, ses erreurs.

Le mode « Mon serveur » fait tourner le fichier Python d'un élève. Ce qu'il
raconte est rangé ici, comme les autres phrases le sont dans ``wording.py``
(qui reprend ces tables dans les siennes) :

- ``STUDENT_START_PROBLEMS`` : pourquoi le serveur ne démarre pas (fichier absent,
  erreur de syntaxe, aucune classe de gestionnaire…), texte d'une ``StartError`` ;
- ``STUDENT_SENTENCES``      : les lignes du journal : fichier rechargé, rechargement
  raté (la version précédente continue), exception dans ``do_GET``, ``print`` de
  l'élève, et chaque erreur de protocole relevée par ``student_check.py`` ;
- ``STUDENT_REASONS``        : l'explication de la page 500 que reçoit le navigateur ;
- ``TEMPLATE_PROBLEMS``      : pourquoi un modèle ne peut pas être écrit (« Nouveau… ») ;
- ``student_details``        : les lignes qui suivent une erreur dans le journal (la
  ligne fautive et son chevron ^, les appels qui y mènent).

Chaque phrase dit ce qui s'est passé, puis quoi corriger, en nommant l'appel à
écrire (``self.send_header("Content-Type", "text/html; charset=utf-8")``). Les
messages de Python eux-mêmes (« invalid syntax ») sont traduits par
``python_wording.py``. Ce module n'importe du paquet que ``french.py`` et
``python_wording.py`` : ``wording.py`` peut l'importer sans boucle.

Une phrase qui dépend des valeurs est une fonction qui rend le modèle ; elle peut
ajouter aux valeurs un texte calculé (la traduction du message de Python) : ``fill``
lui passe le dictionnaire qu'il remplira ensuite.
"""

from .french import fill
from .python_wording import exception_explanation, syntax_translation

_NOT_STARTED = " Le serveur n'est pas démarré."


# -- le fichier de l'élève ne peut pas servir -------------------------------------------
def _syntax(values):
    values["translation"] = syntax_translation(values.get("message", ""))
    return ("Erreur de syntaxe dans {file}, ligne {line} : {translation} (Python dit : "
            "« {message} ».)")


def _explained(values):
    """Ajoute aux valeurs l'explication de l'exception (une phrase : majuscule au début)."""
    text = exception_explanation(values.get("family", ()), values.get("error", ""))
    values["explain"] = text[:1].upper() + text[1:]


def _import_error(values):
    _explained(values)
    return ("Votre fichier {file} lève une exception dès son chargement, ligne {line} : "
            "{error_type} : {error}. {explain}")


def _no_handler(values):
    text = ("Votre fichier {file} n'a aucune classe qui dérive de BaseHTTPRequestHandler : "
            "écrivez class MonServeur(BaseHTTPRequestHandler): avec ses méthodes do_GET et "
            "do_POST.")
    if values.get("classes"):
        text += " (Classes trouvées, qui n'en dérivent pas : {classes:et}.)"
    return text


LOAD_PROBLEMS = {
    "student-file-missing": "Le fichier « {path} » est introuvable : vérifiez son nom et son "
                            "dossier, ou créez-le à partir d'un modèle.",
    "student-file-not-a-file": "« {path} » n'est pas un fichier : choisissez le fichier .py "
                               "de votre serveur.",
    "student-file-unreadable": "Le fichier « {path} » ne peut pas être lu ({error}).",
    "student-file-too-large": "Le fichier {file} fait {size:octets} : c'est trop pour un "
                              "serveur d'élève (au plus {limit:octets}). Est-ce bien un "
                              "fichier Python ?",
    "student-not-utf8": "Le fichier {file} n'est pas enregistré en UTF-8 (ligne {line}, "
                        "octet {byte}) : dans votre éditeur, enregistrez-le en UTF-8 "
                        "(Thonny et IDLE le font d'office).",
    "student-not-text": "Le fichier {file} contient des octets nuls : ce n'est pas un "
                        "fichier texte Python.",
    "student-syntax-error": _syntax,
    "student-import-error": _import_error,
    "student-serves-at-import": "Votre fichier {file} démarre son propre serveur dès son "
                                "chargement (ligne {line} : {call}) : le panneau attendrait "
                                "pour toujours. Mettez ces lignes sous "
                                "if __name__ == \"__main__\": comme dans les modèles.",
    "student-no-handler": _no_handler,
    "student-several-handlers": "Votre fichier {file} a plusieurs classes de gestionnaire "
                                "({names:et}) : le panneau ne sait pas laquelle utiliser. "
                                "Gardez-en une seule dans ce fichier.",
}


def _start_problem(template):
    def problem(values):
        text = template(values) if callable(template) else template
        return text + _NOT_STARTED
    return problem


def _reload_failed(template):
    # Au rechargement : la version précédente continue (valeur « previous », sa classe).
    def sentence(values):
        text = template(values) if callable(template) else template
        if values.get("previous"):
            return ("votre fichier {file} ne peut pas être rechargé : la version précédente "
                    "(classe {previous}) continue de tourner. " + text)
        return "votre fichier {file} ne peut pas servir. " + text
    return sentence


STUDENT_START_PROBLEMS = {fact: _start_problem(template)
                          for fact, template in LOAD_PROBLEMS.items()}
STUDENT_START_PROBLEMS["student-no-file"] = (
    "Choisissez le fichier Python de votre serveur (un fichier .py avec une classe qui dérive "
    "de BaseHTTPRequestHandler), ou créez-en un à partir d'un modèle.")


# -- le serveur de l'élève tourne ---------------------------------------------------------
def _exception(values):
    _explained(values)
    text = "votre code a levé {error_type} : {error}"
    if values.get("line"):
        text += " — ligne {line} de {file}, dans {function} : « {text} »"
    text += ". {explain}"
    if values.get("answered") == "closed":
        text += " Une partie de la réponse était déjà partie : je ferme la connexion."
    return text


def _exit(values):
    text = "votre code a appelé sys.exit()"
    if values.get("line"):
        text += " — ligne {line} de {file}, dans {function}"
    return text + (" : un gestionnaire ne s'arrête pas ainsi (le serveur continue). Terminez "
                   "plutôt la méthode par return.")


def _length_mismatch(values):
    if values.get("sent", 0) < values.get("announced", 0):
        effect = "attend la suite (la page reste en chargement) puis abandonne"
    else:
        effect = "ignore ce qui dépasse (la fin de la page manque)"
    return ("l'en-tête Content-Length annonce {announced:octets}, mais le corps envoyé en fait "
            "{sent:octets} : le navigateur " + effect + ". Comptez les octets envoyés, après "
            ".encode(\"utf-8\") : un caractère accentué en prend deux. Écrivez "
            "self.send_header(\"Content-Length\", str(len(donnees))).")


def _body_not_read(values):
    if values.get("read"):
        text = ("la requête contenait un corps de {announced:octets}, mais votre code n'en a lu "
                "que {read:octets}")
    else:
        text = ("la requête contenait un corps de {announced:octets} (les données envoyées), "
                "mais votre code ne l'a jamais lu")
    return text + (" : lisez-le en entier avec longueur = int(self.headers[\"Content-Length\"]) "
                   "puis self.rfile.read(longueur).")


def _printed(values):
    if values.get("stream") == "stderr":
        return "votre serveur écrit (sortie d'erreur) : {text}"
    return "print() de votre serveur : {text}"


STUDENT_SENTENCES = {fact: _reload_failed(template) for fact, template in LOAD_PROBLEMS.items()}
STUDENT_SENTENCES.update({
    "student-reloaded": "votre fichier {file} a changé : je l'ai rechargé (classe "
                        "{handler_class}) ; les requêtes suivantes l'utilisent.",
    "student-exception": _exception,
    "student-exit": _exit,
    "student-no-method": "votre classe {handler_class} n'a pas de méthode do_{method} : la "
                         "bibliothèque standard répond 501. Pour traiter les requêtes "
                         "{method}, ajoutez def do_{method}(self): à votre classe.",
    "student-error-status": "votre serveur répond par une erreur",
    "student-read-all": "self.rfile.read() sans taille attend que le navigateur ferme la "
                        "connexion, ce qu'il ne fait jamais : la requête est restée bloquée "
                        "{seconds:g} s, puis je l'ai coupée. Lisez exactement la taille "
                        "annoncée : self.rfile.read(int(self.headers[\"Content-Length\"])).",
    "student-timed-out": "votre code attendait encore des octets du navigateur (rien reçu "
                         "pendant {seconds:g} s) : je ferme la connexion. Lisez-vous plus "
                         "d'octets que Content-Length n'en annonce ?",
    # le processus qui exécute le code de l'élève (process.py, isolation.py)
    "student-stopped-forcibly": "votre serveur ne s'est pas arrêté de lui-même (une boucle "
                                "sans fin, un time.sleep, une requête encore en cours…) : "
                                "j'ai arrêté son processus. Le panneau, lui, n'a rien senti.",
    "student-process-ended": "le processus de votre serveur s'est terminé (code {code}) : "
                             "os._exit(), ou Python lui-même a planté. Le panneau continue ; "
                             "« Démarrer » relance votre serveur.",
    "student-memory": "votre serveur occupe {used:nombre} Mo de mémoire, plus que les "
                      "{limit:nombre} Mo permis : j'arrête son processus avant qu'il ne fasse ramer "
                      "l'ordinateur. Une liste ou un texte qui grandit sans fin ?",
    "student-print": _printed,
    "student-print-flood": "votre serveur a affiché {count:nombre} lignes de plus en une "
                           "seconde : elles ne sont pas montrées (au plus {limit:nombre} "
                           "lignes par seconde dans le journal).",
    # les erreurs de protocole (student_check.py)
    "student-no-answer": "votre méthode {handler_method} s'est terminée sans rien envoyer : le "
                         "navigateur ne reçoit aucune réponse. Écrivez "
                         "self.send_response(200), self.send_header(…), self.end_headers(), "
                         "puis self.wfile.write(…).",
    "student-no-status-line": "la réponse ne commence pas par une ligne de statut "
                              "(HTTP/1.0 200 OK) mais par « {start} » : le navigateur ne la "
                              "comprend pas. Appelez self.send_response(200) avant d'écrire "
                              "quoi que ce soit.",
    "student-headers-after-body": "la ligne de statut n'arrive qu'après {before:octets} de "
                                  "corps : le corps a été écrit trop tôt. L'ordre est toujours "
                                  "self.send_response, self.send_header, self.end_headers, "
                                  "puis self.wfile.write.",
    "student-header-after-end": "self.send_header est appelé après self.end_headers() "
                                "(pour {names:et}) : trop tard, les en-têtes sont déjà "
                                "terminés. Déplacez-le avant end_headers().",
    "student-end-headers-missing": "la ligne de statut et les en-têtes préparés ne sont "
                                   "jamais partis : il manque self.end_headers(), qui les "
                                   "envoie et les termine par une ligne vide.",
    "student-no-blank-line": "les en-têtes ne sont pas suivis d'une ligne vide : le navigateur "
                             "ne sait pas où commence le corps. Appelez self.end_headers() "
                             "après le dernier send_header.",
    "student-length-mismatch": _length_mismatch,
    "student-no-content-type": "la réponse n'a pas d'en-tête Content-Type : le navigateur "
                               "doit deviner s'il reçoit une page HTML, du texte ou une "
                               "image. Ajoutez self.send_header(\"Content-Type\", "
                               "\"text/html; charset=utf-8\").",
    "student-no-charset": "le corps contient des caractères accentués, mais Content-Type "
                          "(« {content_type} ») ne dit pas leur encodage : le navigateur "
                          "risque d'afficher « Ã© » au lieu de « é ». Écrivez "
                          "self.send_header(\"Content-Type\", \"{suggested}\").",
    "student-body-not-read": _body_not_read,
    "student-str-write": "self.wfile.write a reçu du texte (str) : il n'accepte que des "
                         "octets (bytes). Écrivez self.wfile.write(texte.encode(\"utf-8\")).",
    "student-keep-alive-no-length": "réponse HTTP/1.1 sans Content-Length, connexion gardée "
                                    "ouverte : le navigateur ne sait pas où finit la page et "
                                    "attend la suite. Ajoutez self.send_header("
                                    "\"Content-Length\", str(len(donnees))).",
})

# La page 500 que reçoit le navigateur (dans la page : une majuscule).
STUDENT_REASONS = {
    "student-exception": "Le code du serveur (le fichier {file}) a levé une exception "
                         "{error_type} pendant cette requête. Le journal du panneau dit où, "
                         "et pourquoi.",
    "student-exit": "Le code du serveur (le fichier {file}) a appelé sys.exit() pendant cette "
                    "requête. Le journal du panneau dit où.",
}

TEMPLATE_PROBLEMS = {
    "template-exists": "Le fichier « {path} » existe déjà : le panneau n'écrase jamais un "
                       "fichier. Choisissez un autre nom.",
    "template-unknown": "Modèle inconnu « {name} » : choisissez {names:ou}.",
    "template-cannot-write": "Impossible d'écrire « {path} » ({error}).",
}


def template_problem(fact, values=()):
    """Le texte d'une ``TemplateError`` (``student_templates.py``)."""
    template = TEMPLATE_PROBLEMS.get(fact)
    return fill(template, values) if template else fact


# -- les lignes qui suivent une erreur dans le journal ------------------------------------
AT_LINE = "{file}, ligne {line} :"
IN_FRAME = "ligne {line} de {file}, dans {function} : {text}"
CALLED_FROM = "appelée depuis :"
MORE_FRAMES = "(… et {count:nombre} appels avant)"
CODE_INDENT = "    "


def student_details(fact, values=()):
    """Les lignes à montrer sous la phrase d'un fait du mode « Mon serveur » (souvent
    aucune) : pour une erreur de syntaxe, la ligne fautive et un chevron ^ sous l'endroit
    où Python s'est arrêté ; pour une exception, les appels dans le code de l'élève, la
    ligne fautive en dernier. Du texte brut : le narrateur échappe et met en retrait."""
    values = dict(values)
    if fact == "student-syntax-error" and values.get("text"):
        return [fill(AT_LINE, values)] + code_with_caret(values["text"], values.get("column"))
    frames = values.get("frames") or ()
    if fact in ("student-exception", "student-exit", "student-import-error") and len(frames) > 1:
        lines = [fill(CALLED_FROM)]
        if values.get("hidden_frames"):
            lines.append(CODE_INDENT + fill(MORE_FRAMES, {"count": values["hidden_frames"]}))
        for file, line, function, text in frames:
            lines.append(CODE_INDENT + fill(IN_FRAME, {"file": file, "line": line,
                                                       "function": function, "text": text}))
        return lines
    return []


def code_with_caret(text, column):
    """Une ligne de code (sans son retrait) et, dessous, un chevron ^ à la colonne
    ``column`` (comptée à partir de 1, comme Python) ; sans colonne, la ligne seule."""
    line = text.rstrip("\r\n").expandtabs(4)
    code = line.lstrip()
    lines = [CODE_INDENT + code]
    if isinstance(column, int) and column > 0:
        before = text.rstrip("\r\n")[:column - 1].expandtabs(4)
        position = max(0, min(len(before) - (len(line) - len(code)), len(code)))
        lines.append(CODE_INDENT + " " * position + "^")
    return lines


def register(sentences, reasons, start_problems):
    """Range nos phrases dans les tables de ``wording.py`` (qui l'appelle en se chargeant)."""
    sentences.update(STUDENT_SENTENCES)
    reasons.update(STUDENT_REASONS)
    start_problems.update(STUDENT_START_PROBLEMS)
