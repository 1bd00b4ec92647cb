"""Tests de fenetre/masking.py : les mots de passe cachés sur l'écran projeté."""

import os
import shutil
import tempfile
import unittest

from fenetre.masking import HIDDEN, Masker
from serveur.events import DATA, EXCHANGE, NOTICE, REQUEST, Event, Field

from .gui import PanneauTestCase
from .support import plain

SECRET = "Anneau unique"


class MaskerTest(unittest.TestCase):
    def setUp(self):
        self.masker = Masker()
        self.body = b"nom=Frodon&mot_de_passe=Anneau+unique"
        self.masker.learn(Event(DATA, exchange=7, secrets=("mot_de_passe",), body=self.body,
                                fields=(Field("nom", "Frodon", raw="nom=Frodon"),
                                        Field("mot_de_passe", SECRET,
                                              raw="mot_de_passe=Anneau+unique"))))

    def test_every_form_of_the_password_is_hidden(self):
        exchange = Event(EXCHANGE, exchange=7, method="POST", path="/", body=self.body,
                         reply_body="<td>Anneau unique</td>".encode("utf-8"),
                         headers=(("Referer", "http://x/recherche?mot_de_passe=Anneau%20unique"),))
        shown = self.masker.mask(exchange)
        self.assertEqual(shown.body, ("nom=Frodon&mot_de_passe=" + HIDDEN).encode("utf-8"))
        self.assertEqual(shown.reply_body.decode("utf-8"), "<td>%s</td>" % HIDDEN)
        self.assertNotIn("Anneau", shown.headers[0][1])
        self.assertEqual(exchange.body, self.body)   # l'original, lui, n'a pas changé

    def test_fields_and_an_url_in_get(self):
        masker = Masker()
        request = Event(REQUEST, exchange=3, method="GET", secrets=("mdp",),
                        path="/recherche?mdp=s%C3%A9same",
                        fields=(Field("mdp", "sésame", raw="mdp=s%C3%A9same"),))
        masker.learn(request)
        shown = masker.mask(request)
        self.assertEqual(shown.path, "/recherche?mdp=" + HIDDEN)
        self.assertEqual(shown.fields[0].value, HIDDEN)
        self.assertEqual(shown.fields[0].raw, "mdp=" + HIDDEN)

    def test_only_the_whole_value_is_hidden(self):
        masker = Masker()
        masker.learn(Event(DATA, exchange=4, secrets=("mdp",),
                           fields=(Field("mdp", "anneau", raw="mdp=anneau"),)))
        self.assertEqual(masker.hide("Server: PanneauServeur ; mdp=anneau&x=1"),
                         "Server: PanneauServeur ; mdp=%s&x=1" % HIDDEN)
        shown = masker.mask(Event(EXCHANGE, exchange=4, body=b"mdp=anneau",
                                  reply_body="<p>Panneau</p><td>anneau</td>".encode("utf-8")))
        self.assertEqual(shown.reply_body.decode("utf-8"), "<p>Panneau</p><td>%s</td>" % HIDDEN)

    def test_nothing_to_hide_gives_the_same_event(self):
        event = Event(EXCHANGE, exchange=8, body=b"nom=Sam")
        self.assertIs(self.masker.mask(event), event)
        self.masker.clear()
        self.assertIs(self.masker.mask(Event(EXCHANGE, exchange=7)).exchange, 7)


class MaskedScreenTest(PanneauTestCase):
    FORM = ('<form method="post"><input name="nom"><input type="password" '
            'name="mot_de_passe"></form>')

    def setUp(self):
        super().setUp()
        self.folder = tempfile.mkdtemp(prefix="panneau-test-")
        self.addCleanup(shutil.rmtree, self.folder, True)

    def serve_a_password_form(self):
        with open(os.path.join(self.folder, "ressource.html"), "w", encoding="utf-8") as handle:
            handle.write(self.FORM)
        self.panel.controls.folder.set(self.folder)

    def test_projected_screen_hides_the_password_and_the_journal_keeps_it(self):
        self.serve_a_password_form()
        self.panel.log.mask_passwords.set(True)
        port = self.start_on_free_port()
        self.post_form(port, nom="Frodon", mot_de_passe=SECRET)
        self.assertTrue(self.pump_until(lambda: "EN CLAIR" in plain(self.panel.log.content())))
        self.assertTrue(self.pump_until(lambda: self.panel.exchange_view.exchanges))
        screen = self.panel.log.content()
        self.assertNotIn("Anneau", screen)
        self.assertIn("mot_de_passe = « %s »" % HIDDEN, plain(screen))
        self.assertIn("mot_de_passe=" + HIDDEN, screen)          # le corps brut aussi
        self.assertIn("Anneau unique", self.panel.session.text())  # le journal complet garde tout
        view = self.panel.exchange_view
        self.panel.side.select(view)
        self.root.update()
        self.assertNotIn("Anneau", view.detail_text())

    def test_ticking_the_box_hides_what_is_already_on_screen(self):
        self.serve_a_password_form()
        port = self.start_on_free_port()
        self.post_form(port, nom="Frodon", mot_de_passe=SECRET)
        self.get_page(port, "/recherche?mot_de_passe=Anneau+unique")
        view = self.panel.exchange_view
        self.panel.side.select(view)
        self.assertTrue(self.pump_until(lambda: len(view.exchanges) == 2))
        self.root.update()
        self.assertIn("Anneau", self.panel.log.content())        # pas encore masqué
        self.panel.log.mask_passwords.set(True)                  # le professeur coche la case
        self.root.update()
        self.assertNotIn("Anneau", self.panel.log.content())
        self.assertIn(HIDDEN, self.panel.log.content())
        self.assertIn("PanneauServeur", view.detail_text())   # « Anneau » dans un mot : gardé
        self.assertNotIn("Anneau", view.detail_text())
        rows = [" ".join(map(str, view.tree.item(item, "values")))
                for item in view.tree.get_children()]
        self.assertNotIn("Anneau", " ".join(rows))
        table = self.panel.table.tree
        self.assertNotIn("Anneau", " ".join(map(str, table.item("127.0.0.1", "values"))))

    def test_ticking_the_box_keeps_words_that_contain_the_password(self):
        self.feed(Event(DATA, exchange=9, client="10.0.0.3", method="POST", secrets=("mdp",),
                        body=b"mdp=anneau", fields=(Field("mdp", "anneau", raw="mdp=anneau"),)),
                  Event(NOTICE, message="anneau au début, puis Panneau serveur, puis anneau"))
        self.panel.log.mask_passwords.set(True)
        self.root.update()
        content = self.panel.log.content()
        self.assertIn("Panneau", content)
        self.assertNotIn("anneau ", content.replace("Panneau", ""))
        self.assertIn("%s au début" % HIDDEN, content)

    def test_the_local_network_turns_masking_on(self):
        self.assertFalse(self.panel.log.mask_passwords.get())
        self.panel.controls.lan_button.invoke()
        self.assertTrue(self.panel.log.mask_passwords.get())


if __name__ == "__main__":
    unittest.main()
