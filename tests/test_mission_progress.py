"""Tests de serveur/mission_progress.py : qui a fait quelle étape, et quand, d'après les
événements du serveur ; les réponses aux questions ; les lignes du journal."""

import unittest

from serveur.body import field
from serveur.events import DATA, EXCHANGE, NOTICE, REQUEST, Event
from serveur.formatter import format_lines
from serveur.mission_progress import (BOARD, MAX_PENDING, MissionProgress, chosen_event,
                                      exchange_facts, journal_events)
from serveur.missions import parse_mission

from .support import plain

MISSION = parse_mission("""\
titre : Essai
- Cherchez une ville | methode=GET chemin=/recherche champ=ville
- Envoyez le formulaire | methode=POST chemin=/ champ=nom
- Provoquez une erreur 404 | statut=404 chemin!=/favicon.ico
- Renvoyez le cookie couleur | cookie-renvoye=couleur
- Quel en-tête donne la langue ? | reponse=Accept-Language
""", "essai.txt")
OTHER = parse_mission("titre : Autre\n- Un 200 | statut=200\n", "autre.txt")


def exchange(client, number, method="GET", path="/", status=200, headers=(), reply_headers=(),
             when=1000.0, values=()):
    return Event(EXCHANGE, time=when, client=client, exchange=number, method=method, path=path,
                 status=status, headers=headers, reply_headers=reply_headers, values=values)


class ProgressTest(unittest.TestCase):
    def setUp(self):
        self.progress = MissionProgress()
        self.progress.choose(MISSION)

    def feed(self, *events):
        done = []
        for event in events:
            done.extend(self.progress.note(event))
        return done

    def test_fields_of_the_address_then_the_exchange(self):
        fields = (field("ville", "Besançon"),)
        self.assertEqual(self.feed(Event(REQUEST, client="127.0.0.2", exchange=3, method="GET",
                                         path="/recherche?ville=Besan%C3%A7on", fields=fields)),
                         [])
        done = self.feed(exchange("127.0.0.2", 3, path="/recherche?ville=Besan%C3%A7on",
                                  when=1234.0))
        self.assertEqual([(d.client, d.step.number, d.time, d.done, d.total) for d in done],
                         [("127.0.0.2", 1, 1234.0, 1, 5)])
        self.assertEqual(self.progress.done_by("127.0.0.2"), {1: 1234.0})
        self.assertEqual(self.progress.summary("127.0.0.2"), "1/5")
        self.assertEqual(self.progress.summary("127.0.0.3"), "0/5")
        # Une étape faite ne se refait pas.
        self.feed(Event(REQUEST, client="127.0.0.2", exchange=4, fields=fields))
        self.assertEqual(self.feed(exchange("127.0.0.2", 4, path="/recherche?ville=x")), [])

    def test_an_empty_field_does_not_count(self):
        self.feed(Event(REQUEST, client="127.0.0.2", exchange=1, fields=(field("ville", ""),)))
        self.assertEqual(self.feed(exchange("127.0.0.2", 1, path="/recherche?ville=")), [])

    def test_fields_of_the_body(self):
        self.feed(Event(REQUEST, client="127.0.0.2", exchange=5, method="POST", path="/"),
                  Event(DATA, client="127.0.0.2", exchange=5, method="POST", path="/",
                        fields=(field("nom", "Zoé"), field("mot_de_passe", "x"))))
        done = self.feed(exchange("127.0.0.2", 5, method="POST"))
        self.assertEqual([d.step.number for d in done], [2])

    def test_per_client(self):
        self.feed(exchange("127.0.0.2", 1, path="/nimporte", status=404, when=10.0),
                  exchange("127.0.0.3", 2, path="/favicon.ico", status=404, when=11.0),
                  exchange("127.0.0.3", 3, path="/page%20absente", status=404, when=12.0),
                  exchange("127.0.0.4", 4, headers=(("Cookie", "visites=2; couleur=bleu"),),
                           when=13.0))
        self.assertEqual(self.progress.who_did(3), [("127.0.0.2", 10.0), ("127.0.0.3", 12.0)])
        self.assertEqual(self.progress.who_did(4), [("127.0.0.4", 13.0)])
        self.assertEqual(self.progress.clients(), ["127.0.0.2", "127.0.0.3", "127.0.0.4"])

    def test_answers_through_the_mission_form(self):
        self.feed(Event(DATA, client="127.0.0.2", exchange=7, method="POST", path="/mission",
                        fields=(field("reponse", "  ACCEPT-language "),)))
        done = self.feed(exchange("127.0.0.2", 7, method="POST", path="/mission", when=50.0))
        self.assertEqual([d.step.number for d in done], [5])
        self.assertEqual(self.progress.last_answer("127.0.0.2").right, True)
        # Une mauvaise réponse est retenue, rien n'est coché.
        self.feed(Event(DATA, client="127.0.0.3", exchange=8, method="POST", path="/mission",
                        fields=(field("reponse", "Host"),)))
        self.assertEqual(self.feed(exchange("127.0.0.3", 8, method="POST", path="/mission")), [])
        answer = self.progress.last_answer("127.0.0.3")
        self.assertEqual((answer.text, answer.right), ("Host", False))
        # Le même champ ailleurs qu'en /mission ne répond à rien.
        self.feed(Event(DATA, client="127.0.0.4", exchange=9, method="POST", path="/",
                        fields=(field("reponse", "Accept-Language"),)))
        self.assertEqual(self.feed(exchange("127.0.0.4", 9, method="POST", path="/")), [])

    def test_answers_typed_by_the_teacher(self):
        self.assertEqual(self.progress.answer(BOARD, "accept language"), [])
        done = self.progress.answer(BOARD, "Accept-Language", when=99.0)
        self.assertEqual([(d.client, d.step.number) for d in done], [(BOARD, 5)])
        done = self.progress.answer("127.0.0.5", "accept-LANGUAGE")
        self.assertEqual([(d.client, d.step.number) for d in done], [("127.0.0.5", 5)])

    def test_each_mission_keeps_its_progress(self):
        self.feed(exchange("127.0.0.2", 1, path="/x", status=404))
        self.progress.choose(OTHER)
        self.assertEqual(self.progress.done_by("127.0.0.2"), {})
        self.assertEqual(self.progress.summary("127.0.0.2"), "0/1")
        self.progress.choose(MISSION)   # la classe y revient : rien n'est perdu
        self.assertEqual(list(self.progress.done_by("127.0.0.2")), [3])
        self.progress.choose(None)
        self.assertEqual((self.progress.summary("127.0.0.2"), self.progress.clients()), ("", []))
        self.assertEqual(self.feed(exchange("127.0.0.2", 2, path="/y", status=404)), [])

    def test_clear(self):
        self.feed(exchange("127.0.0.2", 1, path="/x", status=404))
        version = self.progress.version
        self.progress.clear()
        self.assertNotEqual(self.progress.version, version)
        self.assertIs(self.progress.mission, MISSION)
        self.assertEqual(self.progress.done_by("127.0.0.2"), {})

    def test_pending_fields_are_bounded(self):
        for number in range(MAX_PENDING * 3):   # des requêtes dont l'échange ne vient jamais
            self.feed(Event(REQUEST, client="127.0.0.2", exchange=number,
                            fields=(field("ville", "x"),)))
        self.assertLessEqual(len(self.progress._pending), MAX_PENDING)

    def test_exchange_facts(self):
        event = exchange("127.0.0.2", 1, method="POST", path="/S%C3%A9ance?x=1", status=200,
                         headers=(("Accept-Language", "fr"), ("Cookie", "a=1; Couleur=bleu")),
                         reply_headers=(("Set-Cookie", "visites=3; Path=/"),),
                         values=(("tls_version", "TLSv1.3"),))
        facts = exchange_facts(event, (field("nom", "Zoé"), field("vide", "")))
        self.assertEqual(facts.path, "/Séance")
        self.assertEqual(facts.headers, {"accept-language", "cookie"})
        self.assertEqual(facts.cookies_sent, {"a", "couleur"})
        self.assertEqual(facts.cookies_set, {"visites"})
        self.assertEqual(facts.fields, {"nom": ["Zoé"]})
        self.assertTrue(facts.encrypted)
        self.assertFalse(exchange_facts(exchange("x", 1)).encrypted)


class JournalTest(unittest.TestCase):
    """Les lignes du journal, racontées par le narrateur comme les autres."""

    def test_a_step_then_the_whole_mission(self):
        progress = MissionProgress()
        progress.choose(OTHER)
        done = progress.note(exchange("127.0.0.2", 1, status=200, when=0.0))
        events = journal_events(done, OTHER)
        self.assertEqual([(e.kind, e.fact, e.client) for e in events],
                         [(NOTICE, "mission-step", "127.0.0.2"),
                          (NOTICE, "mission-complete", "127.0.0.2")])
        lines = plain(format_lines(events[0], {"127.0.0.2": "Poste 3"}.get))
        self.assertIn("SERVEUR : client Poste 3 : mission « Autre », étape 1 faite (1 sur 1) : "
                      "Un 200", lines)
        self.assertIn("client Poste 3 : mission « Autre » terminée : toutes ses étapes sont faites (1 sur 1)",
                      plain(format_lines(events[1], {"127.0.0.2": "Poste 3"}.get)))
        self.assertIn("\u00a0: mission", format_lines(events[0]))   # typographie française

    def test_at_the_board(self):
        progress = MissionProgress()
        progress.choose(MISSION)
        events = journal_events(progress.answer(BOARD, "accept-language"), MISSION)
        self.assertEqual([e.client for e in events], [""])
        self.assertIn("mission « Essai », étape 5 faite au tableau (1 sur 5)",
                      plain(format_lines(events[0])))

    def test_chosen(self):
        self.assertIn("mission « Essai » choisie : 5 étapes, qui se cochent toutes seules",
                      plain(format_lines(chosen_event(MISSION))))


if __name__ == "__main__":
    unittest.main()
