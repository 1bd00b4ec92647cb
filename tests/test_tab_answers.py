"""Tests de fenetre/tab_answers.py : « Réponses de la classe », plusieurs postes, un vrai serveur."""

import http.client
import socket
import unittest
import urllib.parse

from fenetre.tab_answers import AnswersTab
from fenetre.tab_exchange import ExchangeTab
from serveur.events import DATA, Event, Field

from .gui import PanneauTestCase
from .support import WAIT


def send(port, source, method, path, fields=None):
    """Une vraie requête depuis l'adresse ``source`` (127.0.0.2, 127.0.0.3…) ; rend le statut."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT,
                                            source_address=(source, 0))
    try:
        body = urllib.parse.urlencode(fields).encode("utf-8") if fields is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def loopback_sources():
    """127.0.0.2 et 127.0.0.3 : toute la boucle locale répond sous Linux, pas partout."""
    for source in ("127.0.0.2", "127.0.0.3"):
        with socket.socket() as probe:
            try:
                probe.bind((source, 0))
            except OSError:
                raise unittest.SkipTest("%s n'est pas une adresse de cet ordinateur" % source)


class AnswersTabTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        loopback_sources()
        self.tab = self.panel.tab_of(AnswersTab)
        self.panel.side.select(self.tab)
        self.port = self.start_on_free_port()

    def wait_rows(self, count):
        self.assertTrue(self.pump_until(lambda: len(self.tab.tree.get_children()) == count))

    def row(self, address):
        return dict(zip(["heure"] + self.tab._columns, self.tab.tree.item(address, "values")))

    def post_from(self, source, **fields):
        self.assertEqual(send(self.port, source, "POST", "/", fields), 200)

    def test_one_row_per_poste_with_its_latest_post_and_passwords_masked(self):
        self.post_from("127.0.0.2", nom="Zoé", mot_de_passe="anneau1", classe="premiere")
        self.post_from("127.0.0.3", nom="<b>Lou</b>", mot_de_passe="anneau2", message="a\nb")
        self.post_from("127.0.0.2", nom="Zoé Martin", mot_de_passe="anneau3", classe="terminale")
        self.wait_rows(2)
        self.assertEqual(self.tab._columns, ["nom", "mot_de_passe", "classe", "message"])
        headings = [self.tab.tree.heading("c%d" % index, "text") for index in range(4)]
        self.assertEqual(headings, ["nom", "mot_de_passe", "classe", "message"])
        first = self.row("127.0.0.2")
        self.assertEqual(first["nom"], "Zoé Martin")            # le dernier envoi
        self.assertEqual(first["classe"], "terminale")
        self.assertEqual(first["mot_de_passe"], "••••")          # masqué d'office
        second = self.row("127.0.0.3")
        self.assertEqual(second["nom"], "<b>Lou</b>")            # du texte, pas du HTML
        self.assertEqual(second["message"], "a\\nb")              # une ligne par poste
        self.assertEqual(second["classe"], "")
        self.assertEqual(self.tab.choice.get().replace("\u202f", " ").replace("\u00a0", " "),
                         "POST / — 2 postes")
        self.tab.show_passwords.set(True)
        self.tab.redisplay()
        self.assertEqual(self.row("127.0.0.2")["mot_de_passe"], "anneau3")
        # Le journal masque les mots de passe : ils restent masqués ici aussi.
        self.panel.log.mask_passwords.set(True)
        self.root.update()
        self.assertEqual(self.row("127.0.0.2")["mot_de_passe"], "••••")

    def test_names_of_postes_and_their_order(self):
        self.post_from("127.0.0.3", nom="Lou")
        self.post_from("127.0.0.2", nom="Zoé")
        self.wait_rows(2)
        self.panel.table.show_names.set(True)
        self.tab.redisplay()
        rows = self.tab.tree.get_children()
        self.assertEqual([self.tab.tree.item(row, "text") for row in rows], ["Poste 1", "Poste 2"])
        self.assertEqual(rows, ("127.0.0.3", "127.0.0.2"))   # dans l'ordre des postes

    def test_get_form_is_another_choice(self):
        self.post_from("127.0.0.2", nom="Zoé")
        self.assertEqual(send(self.port, "127.0.0.3", "GET",
                              "/recherche?ville=Besan%C3%A7on&departement=Doubs"), 200)
        self.assertEqual(send(self.port, "127.0.0.3", "GET", "/"), 200)   # sans données : rien
        self.wait_rows(1)
        self.assertTrue(self.pump_until(lambda: len(self.tab.forms) == 2))
        self.assertTrue(self.tab.show_form("GET", "/recherche"))
        self.assertEqual(self.tab.tree.get_children(), ("127.0.0.3",))
        self.assertEqual(self.row("127.0.0.3")["ville"], "Besançon")
        self.assertEqual(self.row("127.0.0.3")["departement"], "Doubs")
        self.assertFalse(self.tab.show_form("GET", "/ailleurs"))

    def test_a_click_on_a_row_shows_its_exchange(self):
        self.post_from("127.0.0.2", nom="Zoé")
        self.post_from("127.0.0.3", nom="Lou")
        self.wait_rows(2)
        view = self.panel.tab_of(ExchangeTab)
        self.assertTrue(self.pump_until(lambda: len(view.exchanges) >= 2))
        self.window.geometry("1200x800")
        self.root.update()
        x, y, _, height = self.tab.tree.bbox("127.0.0.3")
        self.tab.tree.event_generate("<ButtonRelease-1>", x=x + 5, y=y + height // 2)
        self.root.update()
        self.assertEqual(self.panel.side.select(), str(view))
        chosen = view.selected()
        self.assertEqual(chosen.client, "127.0.0.3")
        self.assertEqual(chosen.method, "POST")

    def test_the_class_code_typed_to_get_in_is_not_an_answer(self):
        # La page « Code de la classe » est un formulaire (code_classe=…) : l'entrée du serveur,
        # pas une réponse d'élève. Le vrai formulaire qui suit est montré d'office.
        self.panel.events.put(Event(DATA, client="10.0.0.7", method="POST", path="/ressource.html",
                                    exchange=1, fields=(Field("code_classe", "••••"),)))
        self.post_from("127.0.0.2", nom="Zoé")
        self.wait_rows(1)
        self.assertEqual(self.row("127.0.0.2")["nom"], "Zoé")
        self.assertNotIn("code_classe", self.tab._columns)

    def test_clear_forgets_everything(self):
        self.post_from("127.0.0.2", nom="Zoé")
        self.wait_rows(1)
        self.panel.clear_session()
        self.root.update()
        self.assertEqual(self.tab.tree.get_children(), ())
        self.assertEqual(self.tab.choice.get(), "")


class BoundsTest(PanneauTestCase):
    def test_forms_and_columns_are_bounded(self):
        tab = self.panel.tab_of(AnswersTab)
        self.panel.side.select(tab)
        fields = tuple(Field("champ%d" % n, "v") for n in range(30))
        events = [Event(DATA, client="10.0.0.1", method="POST", path="/f%d" % n, exchange=n + 1,
                        fields=fields) for n in range(25)]
        self.feed(*events)
        tab.draw()
        self.assertEqual(len(tab.forms), 20)
        self.assertEqual(len(tab._columns), 20)
        self.assertIn("10 autres champs", str(tab.help.cget("text")))


if __name__ == "__main__":
    unittest.main()
