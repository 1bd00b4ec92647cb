"""Tests de serveur/missions.py : lire une mission, dire ce qui cloche (avec la ligne),
et chaque étape des quatre missions livrées faite par de vraies requêtes."""

import http.client
import os
import shutil
import ssl
import tempfile
import unittest
from fnmatch import fnmatchcase

from serveur import Controller, secure
from serveur.events import EXCHANGE
from serveur.mission_progress import MissionProgress
from serveur.missions import (MAX_FILE, MAX_STEPS, Condition, MissionError, holds, load_mission,
                              normalize_answer, parse_mission, shipped_paths)
from serveur.mission_progress import ExchangeFacts

from .support import WAIT, EventLog, plain, wait_until

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EXAMPLE = """\
# Une mission d'essai
titre : GET et POST
consigne : Faites les étapes dans l'ordre voulu.

- Cherchez une ville | methode=GET chemin=/recherche champ=ville
- Provoquez une erreur 404 | statut=404 chemin!=/favicon.ico
- Posez un cookie d'une heure | cookie-pose=couleur champ=cookie_duree=3600
- Quel en-tête donne la langue ? | reponse=Accept-Language ; la langue
"""


def problems_of(text):
    """Les phrases des problèmes de ``text``, sans espaces insécables."""
    with unittest.TestCase().assertRaises(MissionError) as caught:
        parse_mission(text)
    return [plain(message) for message in caught.exception.messages()]


def facts(**changes):
    values = dict(method="GET", path="/", status=200, headers=set(), reply_headers=set(),
                  cookies_sent=set(), cookies_set=set(), fields={}, encrypted=False)
    values.update(changes)
    return ExchangeFacts(**values)


class ParseTest(unittest.TestCase):
    def test_a_mission(self):
        mission = parse_mission(EXAMPLE, "essai.txt")
        self.assertEqual(mission.title, "GET et POST")
        self.assertEqual(plain(mission.intro), "Faites les étapes dans l'ordre voulu.")
        self.assertEqual([step.number for step in mission.steps], [1, 2, 3, 4])
        self.assertEqual([step.line for step in mission.steps], [5, 6, 7, 8])
        first = mission.steps[0]
        self.assertEqual(first.text, "Cherchez une ville")
        self.assertEqual(first.conditions, (Condition("methode", ("GET",), False),
                                            Condition("chemin", ("/recherche",), False),
                                            Condition("champ", ("ville",), False)))
        self.assertEqual(mission.steps[1].conditions[1], Condition("chemin", ("/favicon.ico",),
                                                                   True))
        question = mission.steps[3]
        self.assertEqual(question.conditions, ())
        self.assertEqual(question.answers, ("accept-language", "la langue"))
        self.assertEqual(mission.path, "essai.txt")

    def test_french_typography_and_accents_in_keys(self):
        mission = parse_mission("Titre: Où ?\n- Étape : une | Méthode=get STATUT=4XX\n"
                                "- Q | Réponse=Le Corps")
        self.assertEqual(mission.title, "Où\u202f?")
        self.assertEqual(mission.steps[0].text, "Étape\u00a0: une")
        self.assertEqual(mission.steps[0].conditions, (Condition("methode", ("GET",), False),
                                                       Condition("statut", ("4xx",), False)))
        self.assertEqual(mission.steps[1].answers, ("le corps",))

    def test_several_values(self):
        mission = parse_mission("titre : x\n- a | chemin=/,/ressource.html statut=200,304")
        self.assertEqual(mission.steps[0].conditions[0].values, ("/", "/ressource.html"))
        self.assertEqual(mission.steps[0].conditions[1].values, ("200", "304"))

    def test_normalize_answer(self):
        self.assertEqual(normalize_answer("  Accept-Language : "), "accept-language")
        self.assertEqual(normalize_answer("« Le  CORPS »."), "le corps")
        self.assertEqual(normalize_answer("Réseau"), "reseau")
        self.assertEqual(normalize_answer("http://"), "http://")


class ValidationTest(unittest.TestCase):
    """Chaque problème nomme sa ligne, en français."""

    def test_unknown_condition_names_its_line(self):
        found = problems_of("titre : x\n\n# commentaire\n- Étape | metode=GET\n")
        self.assertEqual(len(found), 1)
        self.assertTrue(found[0].startswith("ligne 4 : condition « metode » inconnue"), found)
        self.assertIn("methode", found[0])

    def test_each_problem_with_its_line(self):
        cases = {
            "titre : x\nauteur : moi\n- a | statut=404": "ligne 2 : « auteur » inconnu",
            "titre : x\nBonjour\n- a | statut=404": "ligne 2 : « Bonjour » inconnu",
            "titre : x\ntitre : y\n- a | statut=404": "ligne 2 : « titre » deux fois (déjà ligne 1)",
            "titre :\n- a | statut=404": "ligne 1 : « titre » sans rien",
            "titre : x\n- Envoyez le formulaire": "ligne 2 : il manque « | »",
            "titre : x\n- | statut=404": "ligne 2 : l'étape n'a pas de texte",
            "titre : x\n- a |": "ligne 2 : aucune condition après « | »",
            "titre : x\n- a | GET": "ligne 2 : « GET » n'est pas une condition",
            "titre : x\n- a | statut=": "ligne 2 : « statut= » sans valeur",
            "titre : x\n- a | methode=G-T": "ligne 2 : « G-T » n'est pas une méthode HTTP",
            "titre : x\n- a | chemin=recherche": "ligne 2 : le chemin « recherche » doit commencer par /",
            "titre : x\n- a | statut=40": "ligne 2 : « 40 » n'est pas un code de statut",
            "titre : x\n- a | statut=600": "ligne 2 : « 600 » n'est pas un code de statut",
            "titre : x\n- a | chiffre=peut-etre": "ligne 2 : « chiffre=peut-etre » : écrivez chiffre=oui",
            "titre : x\n- a | chiffre!=oui": "ligne 2 : « chiffre!= » n'existe pas",
            "titre : x\n- a | statut=404 reponse=oui": "ligne 2 : « reponse= » est seule",
            "titre : x\n- a | reponse= ; ": "ligne 2 : « reponse= » sans valeur",
            "titre : x\n- a | x" + "y" * 2000: "ligne 2 : plus de 1 000 caractères",
            "- a | statut=404": "pas de titre : ajoutez une ligne « titre : … »",
            "titre : x\n# rien": "aucune étape",
            "  \n\n": "le fichier est vide",
        }
        for text, expected in cases.items():
            with self.subTest(text=text[:40]):
                found = problems_of(text)
                self.assertTrue(found[0].startswith(expected), found)

    def test_all_problems_are_told_at_once(self):
        found = problems_of("titre : x\n- a | metode=GET\n- b | statut=99\n- c")
        self.assertEqual([line.split(" :")[0] for line in found],
                         ["ligne 2", "ligne 3", "ligne 4"])

    def test_bounds(self):
        steps = "".join("- étape %d | statut=200\n" % n for n in range(MAX_STEPS + 1))
        found = problems_of("titre : x\n" + steps)
        self.assertEqual(found, ["ligne %d : plus de 20 étapes ; une mission en a 20 au plus."
                                 % (MAX_STEPS + 2)])
        self.assertEqual(len(problems_of("titre : x\n" + "- a | b\n" * 500)), 10)

    def test_files(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)

        def write(name, data):
            path = os.path.join(folder, name)
            with open(path, "wb") as handle:
                handle.write(data)
            return path

        bom = write("bom.txt", "\ufefftitre : Été\r\n- a | statut=404\r\n".encode("utf-8"))
        self.assertEqual(load_mission(bom).title, "Été")
        cases = {write("latin.txt", "titre : x\n- été | statut=404\n".encode("latin-1")):
                 "ligne 2 : ce texte n'est pas en UTF-8",
                 write("gros.txt", b"#" * (MAX_FILE + 1)): "le fichier fait 65 537 octets",
                 os.path.join(folder, "absent.txt"): "impossible de lire « absent.txt » "
                                                    "(fichier introuvable)"}
        for path, expected in cases.items():
            with self.subTest(path=os.path.basename(path)):
                with self.assertRaises(MissionError) as caught:
                    load_mission(path)
                self.assertTrue(plain(caught.exception.messages()[0]).startswith(expected),
                                caught.exception.messages())


class HoldsTest(unittest.TestCase):
    def condition(self, text):
        return parse_mission("titre : x\n- a | " + text).steps[0].conditions[0]

    def test_each_condition(self):
        cases = [
            ("methode=POST", facts(method="POST"), facts(method="GET")),
            ("chemin=/recherche", facts(path="/recherche"), facts(path="/rechercher")),
            ("chemin=/*.css", facts(path="/site/style.css"), facts(path="/style.js")),
            ("chemin!=/favicon.ico", facts(path="/x"), facts(path="/favicon.ico")),
            ("statut=4xx", facts(status=403), facts(status=304)),
            ("statut=301,304", facts(status=304), facts(status=200)),
            ("champ=nom", facts(fields={"nom": ["Zoé"]}), facts(fields={"prenom": ["Zoé"]})),
            ("champ=cookie_duree=3600", facts(fields={"cookie_duree": ["3600"]}),
             facts(fields={"cookie_duree": ["session"]})),
            ("en-tete=Accept-Language", facts(headers={"accept-language"}), facts()),
            ("en-tete-reponse=Set-Cookie", facts(reply_headers={"set-cookie"}), facts()),
            ("cookie-pose=couleur", facts(cookies_set={"couleur"}), facts(cookies_set={"visites"})),
            ("cookie-renvoye=couleur", facts(cookies_sent={"couleur"}), facts()),
            ("chiffre=oui", facts(encrypted=True), facts(encrypted=False)),
            ("chiffre=non", facts(encrypted=False), facts(encrypted=True)),
        ]
        for text, true, false in cases:
            with self.subTest(condition=text):
                condition = self.condition(text)
                self.assertTrue(holds(condition, true))
                self.assertFalse(holds(condition, false))

    def test_stars_in_a_path_match_like_fnmatch_without_backtracking(self):
        # Sous Python 3.8, fnmatch essaie toutes les façons de placer chaque « * » :
        # « /*/*/*/*.css » contre 2000 « / » envoyés par un élève ne finissait pas.
        paths = ["/", "/a.css", "/site/style.css", "/a/b/c/d.css", "/x.css.js", "/css",
                 "/" * 2000 + "x", "/a*b.css"]
        for pattern in ("/*", "/*.css", "/*/*.css", "/*/*/*/*.css", "/a*b*.css", "*", "/*x*",
                        "/a?.css", "/[ab].css", "/**"):
            condition = self.condition("chemin=" + pattern)
            for path in paths:
                with self.subTest(pattern=pattern, path=path[:20]):
                    self.assertEqual(holds(condition, facts(path=path)),
                                     fnmatchcase(path, pattern) if len(path) < 100 else
                                     pattern in ("/*", "*", "/*x*", "/**"))


# -- les missions livrées, faites par de vraies requêtes ---------------------------------
# Pour chaque étape de chaque mission livrée : ce que fait un élève (requêtes ou réponse).
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
STEPS_DONE = {
    "1-get-et-post.txt": [
        [("GET", "/", None, {})],
        [("GET", "/recherche?ville=Besan%C3%A7on&departement=Doubs", None, {})],
        [("POST", "/", "nom=Zo%C3%A9&mot_de_passe=&classe=premiere", FORM)],
        [("GET", "/?prenom=Zo%C3%A9", None, {})],
        [("POST", "/mission", "reponse=Dans+le+corps", FORM)],
        [("POST", "/mission", "reponse=accept-language", FORM)],
    ],
    "2-codes-de-statut.txt": [
        [("GET", "/", None, {})],
        [("GET", "/nimportequoi.html", None, {})],
        [("GET", "/exemples", None, {})],
        [("GET", "/", None, {"If-Modified-Since": "LAST"})],
        [("GET", "/a%00b", None, {})],
        [("POST", "/mission", "reponse=4XX", FORM)],
    ],
    "3-cookies.txt": [
        [("GET", "/", None, {})],
        [("GET", "/", None, {"Cookie": "visites=1"})],
        [("POST", "/cookie", "cookie_nom=couleur&cookie_valeur=bleu&cookie_duree=session", FORM)],
        [("GET", "/", None, {"Cookie": "couleur=bleu; visites=2"})],
        [("POST", "/cookie", "cookie_nom=theme&cookie_valeur=sombre&cookie_duree=3600"
                             "&cookie_httponly=oui", FORM)],
        [("POST", "/mission", "reponse=+cookie+", FORM)],
    ],
    "4-en-clair.txt": [
        [("POST", "/", "nom=Zo%C3%A9&mot_de_passe=invente", FORM)],
        [("POST", "/mission", "reponse=Non", FORM)],
        [("GET", "/?nom=Zo%C3%A9&mot_de_passe=secret", None, {})],
        [("POST", "/mission", "reponse=HTTP", FORM)],
        [("HTTPS", "/", "nom=Zo%C3%A9&mot_de_passe=invente", FORM)],
        [("POST", "/mission", "reponse=Le+serveur", FORM)],
    ],
}


class ShippedMissionsTest(unittest.TestCase):
    """Les quatre missions livrées se lisent, et chaque étape se fait vraiment : de vraies
    requêtes vers un vrai serveur (dossier du panneau, port 0), depuis plusieurs postes
    (127.0.0.2, 127.0.0.3…), leurs événements donnés à ``MissionProgress``."""

    def setUp(self):
        self.log = EventLog()
        self.controller = Controller(self.log)
        self.controller.start("get-post", 0, ROOT)
        self.addCleanup(self.controller.stop)
        self.secure = Controller(self.log)   # le même serveur, en HTTPS
        self.secure.start("get-post", 0, ROOT, https=True)
        self.addCleanup(self.secure.stop)

    def send(self, client, method, path, body, headers):
        if method == "HTTPS":
            context = ssl.create_default_context(cafile=secure.CERTIFICATE)
            connection = http.client.HTTPSConnection("127.0.0.1", self.secure.port, timeout=WAIT,
                                                     context=context,
                                                     source_address=(client, 0))
            method = "POST"
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.controller.port,
                                                    timeout=WAIT, source_address=(client, 0))
        if headers.get("If-Modified-Since") == "LAST":
            connection.request("HEAD", path)
            response = connection.getresponse()
            response.read()
            headers = dict(headers, **{"If-Modified-Since": response.getheader("Last-Modified")})
        # Connection: close : sous Python 3.8, la redirection 301 de http.server n'a pas de
        # Content-Length, et le corps ne finit qu'à la fermeture de la connexion.
        headers = dict(headers, Connection="close")
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def exchanges(self):
        return len(self.log.of_kind(EXCHANGE))

    def test_the_four_missions_are_shipped(self):
        names = [os.path.basename(path) for path in shipped_paths()]
        self.assertEqual(names, sorted(STEPS_DONE))
        titles = [load_mission(path).title for path in shipped_paths()]
        self.assertEqual(titles, ["GET et POST", "Codes de statut", "Cookies", "En clair"])
        for path in shipped_paths():
            with open(path, encoding="utf-8") as handle:
                self.assertTrue(3 <= len(load_mission(path).steps) <= 6, path)
                self.assertIn("README", handle.read())   # où le format est décrit

    def test_each_step_is_reachable(self):
        for path in shipped_paths():
            mission = load_mission(path)
            with self.subTest(mission=mission.title):
                self.assertEqual(len(mission.steps), len(STEPS_DONE[os.path.basename(path)]))
                self.play(mission, STEPS_DONE[os.path.basename(path)])

    def play(self, mission, steps):
        progress = MissionProgress()
        progress.choose(mission)
        clients = ["127.0.0.%d" % n for n in range(2, 2 + len(steps))]
        seen = len(self.log.events)
        for index, requests in enumerate(steps):
            # Le poste n°index fait les étapes 1 à index + 1 ; le suivant une de plus.
            for client in clients[index:]:
                before = self.exchanges()
                for method, path, body, headers in requests:
                    self.send(client, method, path, body, headers)
                self.assertTrue(wait_until(lambda: self.exchanges() >= before + len(requests)))
        for event in self.log.events[seen:]:
            progress.note(event)
        for index, client in enumerate(clients):
            done = sorted(progress.done_by(client))
            self.assertEqual(done, list(range(1, index + 2)),
                             "%s, %s : étapes %s" % (mission.title, client, done))


if __name__ == "__main__":
    unittest.main()
