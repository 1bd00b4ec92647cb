"""Tests de fenetre/class_code_row.py dans la vraie fenêtre : le code de la classe, réseau
local coché, de la case au navigateur d'un autre poste (127.0.0.2, déclaré autre poste)."""

import http.client
import unittest

from serveur import Controller
from serveur.admission import LAN_LIMIT, Rules

from .gui import PanneauTestCase, panneau
from .support import WAIT, plain
from .test_admission_handler import can_bind

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class HereIsLoopbackOnly(Controller):
    """Le contrôleur du panneau, où « cet ordinateur » est 127.0.0.1 seulement : 127.0.0.2
    joue un poste du réseau local (la règle du panneau, sinon, est inchangée)."""

    def admit(self, rules):
        super().admit(Rules(rules.code, rules.code_here, rules.limit, rules.limit_here,
                            here=("127.0.0.1",)))


def ask(port, method="GET", body=None, headers=None, source="127.0.0.2"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT,
                                            source_address=(source, 0))
    try:
        connection.request(method, "/", body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8")
    finally:
        connection.close()


class ClassCodeRowTest(PanneauTestCase):

    def test_the_row_shows_only_on_the_local_network(self):
        row = self.panel.controls.code_row
        self.panel.controls.lan.set(False)
        self.root.update()
        self.assertFalse(row.winfo_ismapped())
        self.assertEqual(row.rules(), Rules())
        self.panel.controls.lan.set(True)
        self.root.update()
        self.assertTrue(row.winfo_ismapped())
        self.assertTrue(row.asked.get(), "coché d'office")
        self.assertRegex(row.rules().code, r"^[0-9]{4}$")
        self.assertEqual(row.rules().limit, LAN_LIMIT)

    def test_only_digits_and_a_hint_when_too_short(self):
        row = self.panel.controls.code_row
        self.panel.controls.lan.set(True)
        row.entry.insert(0, "48")
        row.entry.insert("end", "a")   # refusé : des chiffres seulement
        self.assertEqual(row.typed.get(), "48")
        self.assertIn("4 à 6 chiffres", row.hint.cget("text"))
        row.entry.insert("end", "21")
        self.assertEqual(row.hint.cget("text"), "")
        self.assertEqual(row.rules().code, "4821")
        row.check.invoke()   # décochée : pas de code, la limite reste
        self.assertEqual(row.rules(), Rules(limit=LAN_LIMIT))

    def test_without_the_local_network_no_code_is_shown(self):
        self.panel.controls.lan.set(False)
        self.start_on_free_port()
        self.assertFalse(self.panel.status.code.winfo_ismapped())


class LanPanelTestCase(PanneauTestCase):
    """Un panneau de plus, réseau local coché, code 4821, démarré sur un port libre."""

    def setUp(self):
        super().setUp()
        self.lan_panel = self.new_panel(controller_factory=HereIsLoopbackOnly)
        self.lan_panel.controls.lan.set(True)
        self.lan_panel.controls.code_row.typed.set("4821")
        self.lan_panel.controls.port.set("0")
        self.lan_panel.controls.start_button.invoke()
        self.assertEqual(self.lan_panel.state, panneau.RUNNING_STATE)
        self.port = self.lan_panel.controller.port

    def journal(self):
        return self.lan_panel.log.text.get("1.0", "end")


@unittest.skipUnless(can_bind("127.0.0.2"), "il faut plusieurs adresses de boucle locale")
class ClassCodeThroughThePanelTest(LanPanelTestCase):

    def test_code_shown_large_asked_of_another_poste_never_told(self):
        badge = self.lan_panel.status.code
        self.root.update()
        self.assertEqual(plain(badge.cget("text")), "Code de la classe : 4821")
        self.assertTrue(badge.winfo_ismapped())
        self.assertGreater(badge.font.actual()["size"], self.lan_panel.fonts.url.actual()["size"])
        status, _headers, page = ask(self.port)
        self.assertEqual(status, 403)
        self.assertIn("Code de la classe", page)
        self.assertEqual(ask(self.port, source="127.0.0.1")[0], 200)   # le professeur
        status, headers, _page = ask(self.port, "POST", "code_classe=4821", FORM)
        self.assertEqual(status, 303)
        cookie = headers["Set-Cookie"].split(";")[0]
        self.assertEqual(ask(self.port, headers={"Cookie": cookie})[0], 200)
        self.assertTrue(self.pump_until(lambda: "a tapé le bon code" in plain(self.journal())))
        self.assertTrue(self.pump_until(lambda: self.lan_panel.request_count >= 4))
        self.lan_panel.session.flush()
        for text in (self.journal(), self.lan_panel.session.text()):
            self.assertNotIn("4821", text)
            self.assertNotIn(cookie.partition("=")[2], text)
            self.assertIn("code_classe=••••", text)
        self.lan_panel.stop()
        self.assertTrue(self.pump_until(lambda: self.lan_panel.state == panneau.STOPPED_STATE))
        self.assertFalse(badge.winfo_ismapped())


if __name__ == "__main__":
    unittest.main()
