"""Les messages de Python, en français : erreurs de syntaxe et exceptions d'un élève.

Quand le fichier d'un élève (mode « Mon serveur ») ne se compile pas, ou que son
``do_GET`` lève une exception, Python parle anglais : « invalid syntax »,
« name 'reponse' is not defined ». Le panneau garde ce message tel quel (c'est
celui que l'élève retrouvera dans Thonny ou dans un terminal) et l'accompagne
d'une explication française, écrite pour un élève de seize ans : ce que cela
veut dire, et où regarder.

- ``SYNTAX_MESSAGES``      : le début (une expression régulière) d'un message de
  ``SyntaxError`` ou d'``IndentationError`` -> sa traduction ; les messages de
  Python 3.8 et ceux, plus précis, de Python 3.10 et suivants ;
- ``EXCEPTION_MESSAGES``   : une exception précise reconnue à son message
  (``TypeError`` « a bytes-like object is required ») -> une explication ciblée ;
- ``EXCEPTIONS``           : le nom d'une exception -> ce qu'elle veut dire.

Une traduction est un modèle de ``fill`` (``french.py``) : les groupes nommés de
l'expression régulière le remplissent (``{name}``), tels quels. Un message que les
tables ne connaissent pas n'a pas de traduction (``""``) : le message de Python
reste affiché. Ce module n'importe du paquet que ``french.py``.
"""

import re

from .french import fill

# -- les erreurs de syntaxe ------------------------------------------------------------
# L'ordre compte : la première expression qui correspond au début du message gagne.
SYNTAX_MESSAGES = (
    (r"expected ':'", "il manque les deux-points « : » à la fin de cette ligne (après "
                      "def, if, elif, else, for, while, class, try…)."),
    (r"invalid syntax\. Maybe you meant '==' or ':=' instead of '='",
     "dans un test (if, elif, while), on compare avec « == » ; un seul « = » sert à "
     "ranger une valeur dans une variable."),
    (r"cannot assign to (?P<what>.+?)( here)?(\.|$)",
     "à gauche d'un « = », il faut un nom de variable. Pour comparer, écrivez « == »."),
    (r"invalid syntax\. Perhaps you forgot a comma",
     "il manque sans doute une virgule entre deux éléments (d'une liste, d'un "
     "dictionnaire, ou des arguments d'une fonction)."),
    (r"'(?P<bracket>[(\[{])' was never closed",
     "la parenthèse (ou le crochet, l'accolade) « {bracket} » ouverte ici n'est jamais "
     "refermée."),
    (r"unmatched '(?P<bracket>[)\]}])'",
     "ce « {bracket} » ferme une parenthèse (ou un crochet, une accolade) qui n'a jamais "
     "été ouverte."),
    (r"closing parenthesis '(?P<closing>.)' does not match opening parenthesis '(?P<opening>.)'",
     "« {closing} » ne ferme pas le « {opening} » ouvert avant : une ( se ferme par ), "
     "un [ par ], un {{ par }}."),
    (r"unterminated triple-quoted string|EOF while scanning triple-quoted",
     "un texte entre triples guillemets (\"\"\" ou ''') n'est jamais refermé."),
    (r"unterminated string literal|EOL while scanning string literal",
     "un texte entre guillemets n'est pas refermé sur cette ligne : il manque le \" ou "
     "le ' de la fin."),
    (r"unexpected EOF while parsing",
     "le fichier se termine au milieu d'une instruction : une parenthèse, un crochet ou "
     "un bloc n'est pas fini."),
    (r"unexpected indent",
     "cette ligne est décalée vers la droite alors que rien ne l'annonce : retirez les "
     "espaces en trop au début de la ligne."),
    (r"expected an indented block",
     "après une ligne qui finit par « : » (def, if, for…), la ligne suivante doit être "
     "décalée vers la droite (4 espaces de plus)."),
    (r"unindent does not match any outer indentation level",
     "le décalage de cette ligne ne correspond à aucun bloc au-dessus : alignez-la "
     "exactement sur une ligne précédente (mêmes espaces)."),
    (r"inconsistent use of tabs and spaces",
     "ce bloc mélange tabulations et espaces pour décaler les lignes : n'utilisez que "
     "des espaces (4 par niveau)."),
    (r"Missing parentheses in call to 'print'",
     "en Python 3, print est une fonction : écrivez print(\"bonjour\"), avec des "
     "parenthèses."),
    (r"invalid non-printable character U\+00A0|invalid character in identifier",
     "un caractère invisible ou inattendu se cache ici (souvent une espace insécable, "
     "tapée avec Alt Gr + espace, ou un texte copié depuis une page web) : effacez "
     "l'espace et retapez-la."),
    (r"invalid character '(?P<char>.)'",
     "le caractère « {char} » n'est pas du Python (souvent un guillemet typographique "
     "copié depuis un traitement de texte) : retapez-le au clavier, avec \" ou '."),
    (r"'return' outside function",
     "return ne s'utilise que dans une fonction (def) : vérifiez le décalage de cette "
     "ligne."),
    (r"positional argument follows keyword argument",
     "dans un appel de fonction, les arguments nommés (nom=valeur) se mettent après "
     "les autres."),
    (r"expected 'except' or 'finally' block",
     "un bloc try: doit être suivi d'un bloc except: (ou finally:), aligné avec le try."),
    (r"invalid decimal literal",
     "un nombre est collé à des lettres : un nom de variable ne peut pas commencer par "
     "un chiffre."),
    (r"leading zeros in decimal integer literals",
     "un nombre ne peut pas commencer par 0 (écrivez 8 et non 08)."),
    (r"unexpected character after line continuation character",
     "après une barre oblique inverse (\\) en fin de ligne, rien ne doit suivre : "
     "pas même une espace."),
    (r"f-string",
     "l'accolade d'un f-texte (f\"…{{…}}…\") est mal fermée, ou contient une erreur."),
    (r"invalid syntax",
     "Python ne comprend pas cette ligne. Regardez près du chevron ^ et à la fin de "
     "la ligne précédente : deux-points oubliés, parenthèse pas refermée, mot mal tapé…"),
)
SYNTAX_MESSAGES = tuple((re.compile(pattern), text) for pattern, text in SYNTAX_MESSAGES)


def syntax_translation(message):
    """La traduction d'un message de ``SyntaxError`` (« » s'il est inconnu)."""
    for pattern, text in SYNTAX_MESSAGES:
        found = pattern.match(message or "")
        if found:
            return fill(text, {name: value or "" for name, value in found.groupdict().items()})
    return ""


# -- les exceptions levées pendant une requête (ou au chargement du fichier) -----------
# Une exception reconnue à son message : (nom de l'exception, expression, explication).
EXCEPTION_MESSAGES = (
    ("TypeError", r"a bytes-like object is required, not 'str'",
     "la méthode self.wfile.write attend des octets (bytes), pas du texte (str) : écrivez "
     "self.wfile.write(texte.encode(\"utf-8\"))."),
    ("TypeError", r"can't concat str to bytes|can only concatenate str \(not \"bytes\"\)",
     "vous collez du texte (str) et des octets (bytes) : transformez le texte en "
     "octets avec .encode(\"utf-8\"), ou les octets en texte avec .decode(\"utf-8\")."),
    ("TypeError", r"can only concatenate str \(not \"(?P<other>\w+)\"\) to str",
     "on ne colle à un texte que du texte : transformez d'abord la valeur en texte, "
     "avec str(valeur)."),
    ("TypeError", r"int\(\) argument must be a string",
     "int() attend un texte ou un nombre ; une valeur de parse_qs est une liste : "
     "prenez son premier élément, champs[\"nom\"][0]."),
    ("AttributeError", r"'NoneType' object has no attribute",
     "une variable vaut None (rien) : une fonction qui ne rend rien (sans return), ou "
     "un en-tête absent (self.headers.get rend None quand l'en-tête manque)."),
    ("AttributeError", r"'str' object has no attribute 'decode'",
     "c'est déjà du texte (str) : pas besoin de .decode()."),
    ("AttributeError", r"'bytes' object has no attribute 'encode'",
     "ce sont déjà des octets (bytes) : pas besoin de .encode()."),
    ("ValueError", r"invalid literal for int\(\)",
     "int() ne sait pas lire ce texte comme un nombre entier (un champ vide, des "
     "lettres…) : vérifiez la valeur avant de la convertir."),
    ("UnicodeDecodeError", r"'utf-8' codec can't decode",
     "ces octets ne sont pas du texte UTF-8 : le navigateur a peut-être envoyé autre "
     "chose qu'un formulaire (une image…), ou vous décodez au mauvais endroit."),
)
EXCEPTION_MESSAGES = tuple((name, re.compile(pattern), text)
                           for name, pattern, text in EXCEPTION_MESSAGES)

# Le nom d'une exception -> ce qu'elle veut dire (la première de sa famille qui est connue).
EXCEPTIONS = {
    "NameError": "Python ne connaît pas ce nom : une variable ou une fonction mal "
                 "orthographiée (majuscules comprises), pas encore créée, ou un import oublié.",
    "UnboundLocalError": "cette variable est utilisée dans la fonction avant d'y recevoir "
                         "une valeur.",
    "TypeError": "une opération reçoit une valeur du mauvais type (du texte au lieu d'un "
                 "nombre, des octets au lieu d'un texte…), ou une fonction reçoit trop ou "
                 "pas assez d'arguments.",
    "AttributeError": "cet objet n'a pas de méthode ou d'attribut de ce nom : vérifiez "
                      "l'orthographe (self.wfile, self.headers, self.send_header…).",
    "KeyError": "cette clé n'existe pas dans le dictionnaire (par exemple un champ absent "
                "du formulaire) : utilisez .get(clé) pour avoir None au lieu d'une erreur.",
    "IndexError": "cette position n'existe pas dans la liste (elle est plus courte que "
                  "prévu, ou vide) : la première position est 0.",
    "JSONDecodeError": "ce texte n'est pas du JSON valide (corps vide, formulaire "
                       "classique au lieu de JSON, guillemets simples…).",
    "UnicodeDecodeError": "ces octets ne se décodent pas avec cet encodage : en général, "
                          "décodez avec .decode(\"utf-8\").",
    "UnicodeEncodeError": "ce texte contient un caractère que cet encodage ne sait pas "
                          "écrire : encodez en UTF-8, .encode(\"utf-8\").",
    "ZeroDivisionError": "division par zéro : vérifiez le diviseur avant de diviser.",
    "ValueError": "la valeur a le bon type mais ne convient pas (int(\"abc\"), un texte "
                  "vide…).",
    "FileNotFoundError": "ce fichier n'existe pas à cet endroit : un chemin relatif part "
                         "du dossier de votre fichier Python.",
    "PermissionError": "le système refuse l'accès à ce fichier (droits).",
    "IsADirectoryError": "c'est un dossier, pas un fichier.",
    "ModuleNotFoundError": "ce module n'existe pas ou n'est pas installé : vérifiez son "
                           "nom (le panneau n'a que la bibliothèque standard de Python).",
    "ImportError": "l'import a échoué : le nom importé n'existe pas dans ce module, ou "
                   "deux fichiers s'importent l'un l'autre.",
    "RecursionError": "une fonction s'appelle elle-même sans fin.",
    "AssertionError": "une vérification assert a échoué.",
    "NotImplementedError": "cette partie du code n'est pas encore écrite.",
    "OverflowError": "ce nombre est trop grand pour ce calcul.",
    "MemoryError": "le programme a demandé plus de mémoire que l'ordinateur n'en donne.",
    "StopIteration": "next() a été appelé alors qu'il ne restait plus rien à parcourir.",
    "SystemExit": "sys.exit() (ou exit()) arrête tout un programme : dans un "
                  "gestionnaire, terminez plutôt la méthode par return.",
    "KeyboardInterrupt": "le programme a été interrompu (Ctrl+C).",
    "EOFError": "input() attend qu'on tape au clavier, mais un serveur n'a pas de "
                "clavier : ce qu'il reçoit arrive par la requête (self.path, "
                "self.headers, self.rfile).",
    "OSError": "le système a refusé une opération (fichier, réseau…).",
}


def exception_explanation(family, message=""):
    """L'explication d'une exception : ``family`` est la suite des noms de sa classe et
    de ses ancêtres (``("JSONDecodeError", "ValueError", "Exception")``), ``message``
    son message. Une explication ciblée (par le message) passe avant celle du nom ;
    ``""`` quand aucune ne convient."""
    names = (family,) if isinstance(family, str) else tuple(family or ())
    for name, pattern, text in EXCEPTION_MESSAGES:
        if name in names and pattern.search(message or ""):
            return fill(text)
    for name in names:
        if name in EXCEPTIONS:
            return fill(EXCEPTIONS[name])
    return ""
