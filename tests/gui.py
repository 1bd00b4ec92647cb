"""Outils des tests d'interface : une racine Tk et un panneau réel par test.

Comme les tests d'IDLE : une racine Tk créée une fois (setUpClass), des
widgets réels, ``update()`` pour laisser Tk travailler, et la racine détruite
à la fin. Sans écran, ces tests sont sautés ; en intégration continue
(CI=true), l'absence d'écran est une erreur.
"""

import gc
import os
import time
import tkinter as tk
import unittest
from unittest import mock
import urllib.error
import urllib.parse
import urllib.request

import panneau

from .support import WAIT


def make_root():
    try:
        root = tk.Tk()
    except tk.TclError as exc:
        if os.environ.get("CI") == "true":
            raise   # en CI, un test d'interface ne saute jamais
        raise unittest.SkipTest("pas d'écran pour Tk (%s) : lancez les tests sous xvfb-run" % exc)
    root.withdraw()
    return root


class PanneauTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = make_root()
        cls.callback_errors = []
        # Une exception dans un rappel Tk serait affichée sur stderr : on la retient.
        cls.root.report_callback_exception = lambda *exc: cls.callback_errors.append(exc)

    @classmethod
    def tearDownClass(cls):
        cls.root.update_idletasks()
        gc.collect()   # les variables Tk sont détruites ici, dans le fil principal
        cls.root.destroy()

    def setUp(self):
        # Une boîte de dialogue attendrait un clic pour toujours : chaque test dit
        # d'avance ce que l'utilisateur répond (``self.answer``), et on compte les questions.
        self.answer = True
        self.questions = []
        asker = mock.patch("tkinter.messagebox.askyesno", side_effect=self._answer)
        asker.start()
        self.addCleanup(asker.stop)
        self.window = tk.Toplevel(self.root)
        self.panel = panneau.Panneau(self.window)
        self.addCleanup(self._close)
        self.root.update()

    def _close(self):
        if self.window.winfo_exists():
            self.panel.close()
        self.root.update()
        # Détruire maintenant les objets Tk du panneau, dans le fil principal :
        # sinon le ramasse-miettes pourrait le faire plus tard depuis un fil du serveur.
        del self.panel, self.window
        gc.collect()
        self.assertEqual(self.callback_errors, [])

    def _answer(self, *args, **options):
        self.questions.append(options.get("message", args[1] if len(args) > 1 else ""))
        return self.answer

    def new_panel(self, **options):
        """Un panneau de plus, dans sa propre fenêtre, fermé à la fin du test."""
        window = tk.Toplevel(self.root)
        panel = panneau.Panneau(window, **options)
        self.addCleanup(lambda: window.winfo_exists() and panel.close())
        return panel

    def feed(self, *events):
        """Donne ces événements à la fenêtre, comme le ferait le serveur, et attend
        qu'elle les ait tous montrés."""
        for event in events:
            self.panel.events.put(event)
        self.assertTrue(self.pump_until(self.panel.events.empty))
        self.root.update()

    def pump_until(self, condition):
        """Laisse tourner la boucle d'événements jusqu'à ``condition()`` (borne WAIT)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            self.root.update()
            if condition():
                return True
            time.sleep(0.01)
        return False

    def start_on_free_port(self):
        self.panel.controls.port.set("0")
        self.panel.controls.start_button.invoke()
        self.assertEqual(self.panel.state, panneau.RUNNING_STATE)
        return self.panel.controller.port

    def post_form(self, port, **fields):
        """Envoie un formulaire (POST, urlencoded) au serveur du panneau ; rend la page."""
        data = urllib.parse.urlencode(fields).encode("ascii")
        with urllib.request.urlopen("http://127.0.0.1:%d/" % port, data=data, timeout=WAIT) as answer:
            return answer.read()

    def get_page(self, port, path="/", **headers):
        """Un GET au serveur du panneau ; rend le corps de la réponse, même d'une erreur."""
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as answer:
                return answer.read()
        except urllib.error.HTTPError as error:
            return error.read()
