"""Les phrases de l'entrée : le code de la classe, le débit, les postes bloqués.

L'entrée (``admission.py``, ``admission_handler.py``) raconte des faits ; ce module
range leurs phrases, et le narrateur (``formatter.py``) lui confie leurs lignes
(``admission_lines``) : chacune nomme le poste (« Poste 7 », ou son adresse) en tête
de phrase, et certaines ajoutent de quoi enseigner (ce qu'est un cookie, pourquoi
une limite). Le code et les laissez-passer n'y paraissent jamais : ``••••``.

- ``ADMISSION_SENTENCES`` : un fait -> sa phrase (rangées aussi dans ``SENTENCES``,
  pour ``formatter.message_of``) ;
- ``ADMISSION_FACTS``     : les faits que le narrateur confie à ``admission_lines``.
"""

import time

from .french import MANY, by_count, fill, say
from .wording import SENTENCES

HIDDEN = "••••"


def _poste(template):
    """Une phrase qui commence par le poste (« ce poste » si on ne sait pas lequel)."""
    def sentence(values):
        values.setdefault("poste", "ce poste")
        return template(values) if callable(template) else template
    return sentence


def _counted(table, name):
    return lambda values: by_count(table, values.get(name, 0))


ADMISSION_SENTENCES = {
    "code-missing": _poste("{poste} n'a pas le code de la classe : je refuse (403) et je lui "
                           "envoie la page « Code de la classe »"),
    "code-wrong": _poste("{poste} a tapé un code faux ({tries} sur {allowed} permis par "
                         "minute) : je refuse (403) et la page le lui dit"),
    "code-wait": _poste("{poste} a tapé trop de codes faux : je ne regarde plus ses codes "
                        "pendant {seconds} s (429, « réessayez dans {seconds} s »)"),
    "code-accepted": _poste("{poste} a tapé le bon code : je le laisse entrer et je lui donne "
                            "un cookie (Set-Cookie: panneau_classe=" + HIDDEN + "; HttpOnly; "
                            "SameSite=Strict)"),
    "too-many-requests": _poste("{poste} envoie plus de {limit} requêtes par seconde : je "
                                "réponds 429 (« trop de requêtes », avec Retry-After) sans "
                                "raconter chacune, jusqu'à ce qu'il ralentisse"),
    "requests-calm": _poste(_counted({
        1: "{poste} a ralenti : 1 requête refusée (429) pendant sa rafale",
        MANY: "{poste} a ralenti : {refused:nombre} requêtes refusées (429) pendant sa "
              "rafale"}, "refused")),
    "client-blocked": _poste(_counted({
        0: "je bloque {poste} : chaque nouvelle connexion reçoit 403 (« poste bloqué »), "
           "sans être racontée",
        1: "je bloque {poste} : sa connexion ouverte est coupée, chaque nouvelle connexion "
           "reçoit 403 (« poste bloqué »), sans être racontée",
        MANY: "je bloque {poste} : ses {cut:nombre} connexions ouvertes sont coupées, chaque "
              "nouvelle connexion reçoit 403 (« poste bloqué »), sans être racontée"}, "cut")),
    "client-unblocked": _poste(_counted({
        0: "je débloque {poste} : il est de nouveau servi",
        1: "je débloque {poste} : il est de nouveau servi (1 connexion refusée pendant le "
           "blocage)",
        MANY: "je débloque {poste} : il est de nouveau servi ({refused:nombre} connexions "
              "refusées pendant le blocage)"}, "refused")),
    "block-here": _poste("{poste} est cet ordinateur : je ne le bloque pas (le professeur "
                         "garderait la porte fermée sur lui-même)"),
    "admission-rules": "qui peut entrer :",
}

# Ce que chaque ligne ajoute, pour enseigner (en dessous, en retrait).
TEACHING = {
    "code-accepted": (
        "- HTTP ne se souvient de rien : chaque requête arrive seule, sans dire qui l'envoie. "
        "Le cookie est la mémoire du serveur : le navigateur de ce poste le renverra avec "
        "chaque requête (en-tête Cookie), et je le reconnaîtrai sans redemander le code.",
        "- sa valeur est tirée au hasard, ce n'est pas le code (masquée ici : " + HIDDEN + ") ; "
        "HttpOnly : les scripts de la page ne peuvent pas la lire ; SameSite=Strict : un "
        "autre site ne peut pas la faire envoyer.",
        "- je réponds 303 : le navigateur redemande la page, cette fois avec son cookie."),
    "too-many-requests": (
        "- un navigateur n'atteint pas cette limite (une page et ses fichiers, un "
        "rechargement) : c'est sans doute un script. Les autres postes sont servis "
        "normalement.",),
}

RULE_LINES = {
    ("code", False): "- code de la classe : " + HIDDEN + " (affiché à part, jamais dans le "
                     "journal), demandé aux postes du réseau local, jamais à cet ordinateur ; "
                     "le bon code donne un cookie au navigateur",
    ("code", True): "- code de la classe : " + HIDDEN + " (affiché à part, jamais dans le "
                    "journal), demandé à tous les clients, cet ordinateur compris",
    ("limit", False): "- au plus {limit} requêtes par seconde par poste du réseau local (le "
                      "double d'un coup), au-delà 429 ; cet ordinateur n'est pas limité",
    ("limit", True): "- au plus {limit} requêtes par seconde par client, cet ordinateur compris "
                     "(le double d'un coup), au-delà 429",
    ("student", True): "- mode Mon serveur : votre serveur répond lui-même, sans code de la "
                       "classe ni limite de requêtes (un poste bloqué reste bloqué)",
}

ADMISSION_FACTS = frozenset(ADMISSION_SENTENCES)
SENTENCES.update(ADMISSION_SENTENCES)


def who(client):
    """Le poste tel que la phrase le nomme : « Poste 7 », ou « le poste 192.168.1.23 »."""
    if not client:
        return "ce poste"
    return client if client.startswith("Poste ") else "le poste " + client


def admission_lines(event, client):
    """Les lignes du journal d'un fait de l'entrée (``client`` : son nom à montrer)."""
    values = dict(event.values)
    values["poste"] = who(client)
    stamp = time.strftime("%H:%M:%S", time.localtime(event.time))
    text = fill(ADMISSION_SENTENCES[event.fact], values)
    if event.kind == "error":
        text = "[ERREUR] " + text
    lines = [say("%s  SERVEUR : %s", stamp, text)]
    lines.extend("   " + fill(line) for line in TEACHING.get(event.fact, ()))
    if event.fact == "admission-rules":
        keys = [("code", values.get("code_here", False)) if values.get("code") else None,
                ("limit", values.get("limit_here", False)) if values.get("limit") else None,
                ("student", True) if values.get("student") else None]
        lines.extend("   " + fill(RULE_LINES[key], values) for key in keys if key)
    return lines
