"""Les missions : une fiche d'exercices dont les étapes se cochent toutes seules.

Une mission est un petit fichier texte (UTF-8) qu'un professeur écrit et partage ::

    # Une ligne qui commence par # est un commentaire.
    titre : GET et POST
    consigne : Ouvrez l'adresse du serveur, puis faites les étapes dans l'ordre voulu.
    - Cherchez une ville (formulaire en GET) | methode=GET chemin=/recherche champ=ville
    - Provoquez une erreur 404 | statut=404 chemin!=/favicon.ico
    - Quel en-tête donne la langue du navigateur ? | reponse=Accept-Language

Chaque étape : ``- texte | conditions``. Les conditions, séparées par des espaces,
doivent toutes être vraies pour un même échange (une requête et sa réponse) ;
``clé!=valeur`` en est le contraire ; ``a,b`` donne plusieurs valeurs possibles :

- ``methode=GET``          la méthode de la requête ;
- ``chemin=/recherche``    le chemin demandé, sans les paramètres (``*`` : n'importe
                           quels caractères, ``/*.css``) ;
- ``statut=404``           le code de la réponse, ou une famille (``4xx``) ;
- ``champ=nom``            un champ rempli, dans l'adresse (GET) ou le corps (POST) ;
                           ``champ=cookie_duree=3600`` : avec cette valeur ;
- ``en-tete=Cookie``       un en-tête de la requête ; ``en-tete-reponse=Set-Cookie`` :
                           de la réponse ;
- ``cookie-pose=couleur``  la réponse pose ce cookie (``Set-Cookie``) ;
  ``cookie-renvoye=couleur`` la requête le renvoie (``Cookie``) ;
- ``chiffre=oui``          l'échange est passé en HTTPS (``non`` : en clair) ;
- ``reponse=corps ; le corps`` une question : le reste de la ligne donne les réponses
                           justes, séparées par « ; », sans tenir compte des majuscules,
                           des accents, des espaces en trop ni de la ponctuation au bout.

Les clés s'écrivent aussi avec leurs accents (``méthode``, ``en-tête``, ``réponse``).
Les textes (titre, consigne, étapes) prennent la typographie française (``french.py``).
``parse_mission`` rend une ``Mission`` ou lève ``MissionError``, avec chaque problème
(un fait et ses valeurs, la ligne comprise ; ``mission_wording.py`` les phrase).
Ce module ne fait que lire : qui a fait quoi, c'est ``mission_progress.py``.
"""

import os
import re
import unicodedata
from collections import namedtuple
from fnmatch import fnmatchcase

from .french import typography
from .mission_wording import problem_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED_FOLDER = os.path.join(ROOT, "missions")   # les missions livrées avec le panneau

MAX_FILE = 64 * 1024     # octets d'un fichier de mission, au plus
MAX_LINE = 1000          # caractères d'une ligne
MAX_STEPS = 20           # étapes d'une mission
MAX_PROBLEMS = 10        # problèmes relevés au plus (le premier suffit souvent)
MAX_ANSWER = 200         # caractères d'une réponse d'élève examinés

# Les conditions : clé -> peut-elle être niée (!=) ?
CONDITIONS = {"methode": True, "chemin": True, "statut": True, "champ": True,
              "en-tete": True, "en-tete-reponse": True, "cookie-pose": True,
              "cookie-renvoye": True, "chiffre": False, "reponse": False}
HEADER_KEYS = {"titre": "title", "consigne": "intro"}

_METHOD = re.compile(r"[A-Z]{1,20}")
_STATUS = re.compile(r"[1-5](?:[0-9]{2}|xx)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

Mission = namedtuple("Mission", "title intro steps path")
Step = namedtuple("Step", "number text conditions answers line")   # answers : une question
Condition = namedtuple("Condition", "key values negated")


class MissionError(ValueError):
    """Un fichier de mission illisible : ``problems``, des paires (fait, valeurs)."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems

    def messages(self):
        """Chaque problème en une phrase française (« ligne 4 : … »)."""
        return [problem_text(fact, values) for fact, values in self.problems]


def plain_key(text):
    """``« Méthode »`` -> ``methode`` : sans accents ni majuscules (les clés, les réponses)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def normalize_answer(text):
    """Une réponse comparable : sans accents ni majuscules, espaces réduites, sans
    ponctuation ni guillemets au bout (« Accept-Language : » -> ``accept-language``)."""
    text = " ".join(plain_key(text[:MAX_ANSWER]).split())
    return text.strip(" .,;:!?«»\"'`")


def parse_mission(text, path=""):
    """Le texte d'un fichier de mission -> ``Mission`` ; lève ``MissionError``."""
    problems, fields, seen, steps = [], {}, {}, []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(problems) >= MAX_PROBLEMS:
            break
        if len(line) > MAX_LINE:
            problems.append(("line-too-long", {"line": number, "limit": MAX_LINE}))
            continue
        line = _CONTROL.sub(" ", line)
        if line.startswith("-"):
            if len(steps) >= MAX_STEPS:
                problems.append(("too-many-steps", {"line": number, "limit": MAX_STEPS}))
                break
            step = _parse_step(line[1:].strip(), number, len(steps) + 1, problems)
            if step is not None:
                steps.append(step)
            continue
        key, colon, value = line.partition(":")
        name = HEADER_KEYS.get(plain_key(key.strip()))
        if not colon or name is None:
            fact = "unknown-key" if colon and " " not in key.strip() else "unknown-line"
            problems.append((fact, {"line": number, "key": key.strip(), "text": line[:60]}))
        elif name in seen:
            problems.append(("twice", {"line": number, "key": key.strip(), "first": seen[name]}))
        elif not value.strip():
            problems.append(("empty-value", {"line": number, "key": key.strip()}))
        else:
            seen[name] = number
            fields[name] = value.strip()
    if not problems:
        if not text.strip():
            problems.append(("empty", {}))
        else:
            if "title" not in fields:
                problems.append(("no-title", {}))
            if not steps:
                problems.append(("no-steps", {}))
    if problems:
        raise MissionError(problems)
    return Mission(typography(fields["title"]), typography(fields.get("intro", "")),
                   tuple(steps), path)


def _parse_step(line, number, index, problems):
    text, bar, rest = line.rpartition("|")
    if not bar:
        problems.append(("no-bar", {"line": number}))
        return None
    text, rest = text.strip(), rest.strip()
    if not text:
        problems.append(("no-text", {"line": number}))
        return None
    if not rest:
        problems.append(("no-condition", {"line": number}))
        return None
    # « reponse= » prend tout le reste de la ligne : ses réponses peuvent avoir des espaces.
    key, equals, answers = rest.partition("=")
    if equals and plain_key(key.strip()) == "reponse":
        if " " in key.strip():
            problems.append(("answer-alone", {"line": number}))
            return None
        found = tuple(answer for answer in (normalize_answer(part) for part in answers.split(";"))
                      if answer)
        if not found:
            problems.append(("empty-condition", {"line": number, "key": "reponse"}))
            return None
        return Step(index, typography(text), (), found, number)
    conditions = []
    for word in rest.split():
        condition = _parse_condition(word, number, problems)
        if condition is None:
            return None
        conditions.append(condition)
    return Step(index, typography(text), tuple(conditions), (), number)


def _parse_condition(word, number, problems):
    key, equals, value = word.partition("=")
    negated = key.endswith("!")
    key = plain_key(key[:-1] if negated else key)
    where = {"line": number, "key": key, "value": value}
    if not equals or not key:
        problems.append(("not-a-condition", {"line": number, "text": word[:60]}))
        return None
    if key not in CONDITIONS:
        problems.append(("unknown-condition", dict(where, known=sorted(CONDITIONS))))
        return None
    if key == "reponse":
        problems.append(("answer-alone", where))
        return None
    if negated and not CONDITIONS[key]:
        problems.append(("not-negatable", where))
        return None
    values = tuple(part for part in value.split(",") if part)
    if not values:
        problems.append(("empty-condition", where))
        return None
    if key == "methode":
        values = tuple(part.upper() for part in values)
        bad = [part for part in values if not _METHOD.fullmatch(part)]
        fact = "bad-method"
    elif key == "chemin":
        bad = [part for part in values if not part.startswith("/") and part != "*"]
        fact = "bad-path"
    elif key == "statut":
        values = tuple(part.lower() for part in values)
        bad = [part for part in values if not _STATUS.fullmatch(part)]
        fact = "bad-status"
    elif key == "chiffre":
        values = tuple(plain_key(part) for part in values)
        bad = [part for part in values if part not in ("oui", "non")] or values[1:]
        fact = "bad-yes-no"
    else:
        bad, fact = [], ""
    if bad:
        problems.append((fact, dict(where, value=bad[0] if key != "chiffre" else value)))
        return None
    return Condition(key, values, negated)


def load_mission(path):
    """Lit et vérifie le fichier de mission ``path`` ; lève ``MissionError``."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError as exc:
        reason = "fichier introuvable" if isinstance(exc, FileNotFoundError) else (
            "accès refusé" if isinstance(exc, PermissionError) else exc.strerror or str(exc))
        raise MissionError([("unreadable", {"file": os.path.basename(path), "reason": reason})])
    if len(data) > MAX_FILE:
        raise MissionError([("too-big", {"size": os.path.getsize(path), "limit": MAX_FILE})])
    try:
        text = data.decode("utf-8-sig")   # la marque « BOM » du Bloc-notes est acceptée
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise MissionError([("not-utf8", {"line": line})])
    return parse_mission(text, path)


def shipped_paths(folder=SHIPPED_FOLDER):
    """Les fichiers de mission livrés (``missions/*.txt``), dans l'ordre de leur nom."""
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".txt"))
    except OSError:
        return []
    return [os.path.join(folder, name) for name in names]


# -- une condition vraie pour un échange ? ---------------------------------------------
def holds(condition, facts):
    """Vrai si ``condition`` est vraie pour l'échange ``facts`` (``ExchangeFacts``)."""
    found = _TESTS[condition.key](condition.values, facts)
    return not found if condition.negated else found


def _status_matches(value, status):
    return str(status) == value or (value.endswith("xx") and str(status)[:1] == value[0])


def path_matches(path, pattern):
    """``fnmatchcase(path, pattern)``, en temps linéaire pour un motif fait de ``*`` seuls :
    sous Python 3.8, fnmatch revient en arrière à chaque « * » (« /*/*/*/*.css » contre un
    chemin de 2000 « / » envoyé par un élève ne finissait pas)."""
    if "?" in pattern or "[" in pattern or "*" not in pattern:
        return fnmatchcase(path, pattern)
    head, *middle, tail = pattern.split("*")
    end = len(path) - len(tail)
    if end < len(head) or not path.startswith(head) or not path.endswith(tail):
        return False
    position = len(head)
    for part in middle:   # chaque morceau, au plus tôt : s'il est trouvé, le reste suit
        found = path.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _field_matches(value, fields):
    name, equals, wanted = value.partition("=")
    found = fields.get(name, ())
    if not equals:
        return any(found)
    return normalize_answer(wanted) in (normalize_answer(item) for item in found)


_TESTS = {
    "methode": lambda values, facts: facts.method.upper() in values,
    "chemin": lambda values, facts: any(path_matches(facts.path, value) for value in values),
    "statut": lambda values, facts: any(_status_matches(v, facts.status) for v in values),
    "champ": lambda values, facts: any(_field_matches(v, facts.fields) for v in values),
    "en-tete": lambda values, facts: any(v.lower() in facts.headers for v in values),
    "en-tete-reponse": lambda values, facts: any(v.lower() in facts.reply_headers
                                                 for v in values),
    "cookie-pose": lambda values, facts: any(v.lower() in facts.cookies_set for v in values),
    "cookie-renvoye": lambda values, facts: any(v.lower() in facts.cookies_sent
                                                for v in values),
    "chiffre": lambda values, facts: facts.encrypted == (values[0] == "oui"),
}
