"""Tests de fenetre/https_option.py : la case « Chiffrer (HTTPS) » dans la vraie fenêtre."""

import http.client
import os
import shutil
import ssl
import tempfile
import unittest
from unittest import mock

import panneau
from fenetre import controls as controls_module
from serveur import secure

from .gui import PanneauTestCase
from .support import WAIT, plain


class HttpsOptionTest(PanneauTestCase):
    def test_off_by_default_and_greyed_while_running(self):
        button = self.panel.controls.https_button
        self.assertEqual(button.cget("text"), "Chiffrer (HTTPS)")
        self.assertFalse(button.get())
        self.start_on_free_port()
        self.assertTrue(self.panel.status.link.cget("text").startswith("http://"))
        self.assertIn("disabled", button.state())
        self.panel.controls.stop_button.invoke()
        self.assertNotIn("disabled", button.state())

    def test_the_checkbox_starts_an_https_server(self):
        button = self.panel.controls.https_button
        button.invoke()   # un clic, comme le professeur
        self.assertTrue(button.get())
        port = self.start_on_free_port()
        self.assertEqual(self.panel.status.link.cget("text"), "https://127.0.0.1:%d/" % port)
        context = ssl.create_default_context(cafile=secure.CERTIFICATE)
        connection = http.client.HTTPSConnection("localhost", port, context=context,
                                                 timeout=WAIT)
        self.addCleanup(connection.close)
        connection.request("POST", "/", "nom=Frodon&mot_de_passe=anneau",
                           {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        self.assertEqual(response.status, 200)
        self.assertIn("Frodon", response.read().decode("utf-8"))
        self.assertTrue(self.pump_until(lambda: "« Frodon »" in plain(self.panel.log.content())))
        content = plain(self.panel.log.content())
        self.assertIn("à l'écoute sur https://127.0.0.1:%d/" % port, content)
        self.assertIn("« Paramètres avancés » puis « Continuer vers le site 127.0.0.1 (dangereux) »",
                      content)
        self.assertIn("À savoir : un certificat est la carte d'identité d'un site", content)
        self.assertIn("reçue chiffrée (TLSv1.", content)
        self.assertIn("seul le nom du site, « localhost », est passé en clair", content)
        self.panel.controls.stop_button.invoke()
        self.assertEqual(self.panel.state, panneau.STOPPED_STATE)

    def test_the_students_addresses_are_https_too(self):
        self.panel.controls.https_button.set(True)
        self.panel.controls.lan.set(True)
        with mock.patch.object(controls_module.network, "lan_addresses",
                               return_value=["192.168.1.23"]):
            port = self.start_on_free_port()
            self.assertTrue(self.pump_until(
                lambda: "192.168.1.23" in self.panel.status.lan_urls.cget("text")))
        self.assertIn("https://192.168.1.23:%d/" % port, self.panel.status.lan_urls.cget("text"))

    def test_remembered_from_one_session_to_the_next(self):
        folder = tempfile.mkdtemp(prefix="panneau-reglages-")
        self.addCleanup(shutil.rmtree, folder, True)
        path = os.path.join(folder, "reglages.json")
        first = self.new_panel(settings_path=path)
        first.controls.https_button.set(True)
        first.close()
        second = self.new_panel(settings_path=path)
        self.assertTrue(second.controls.https_button.get())
        self.assertTrue(second.controls.values()["https"])


if __name__ == "__main__":
    unittest.main()
