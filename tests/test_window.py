"""Tests de fenetre/window.py : la vraie fenêtre, de Démarrer à la fermeture,
pilotée dans le processus (voir tests/gui.py)."""

import http.client
import os
import shutil
import socket
import tempfile
import threading
import unittest
import urllib.error
import urllib.parse
import urllib.request
from unittest import mock

import panneau
from fenetre import controls as controls_module
from fenetre import intake, journal, settings, window
from serveur import DEFAULT_FOLDER
from fenetre.tab import Tab
from fenetre.widgets import INK, PAPER
from serveur.formatter import stop_summary
from serveur.events import EXCHANGE, NOTICE, REQUEST, Event
from serveur.process import ProcessController
from serveur.student_templates import write_template

from .gui import PanneauTestCase
from .student_support import student_folder, write_student_file
from .support import WAIT, add_throwaway_mode, plain, port_is_free, raw_exchange, take_a_port


class WindowTest(PanneauTestCase):
    def test_built_and_stopped_at_first(self):
        controls = self.panel.controls
        self.assertEqual(self.window.title(), "Panneau serveur")
        self.assertEqual(controls.mode.get(), "get-post")
        self.assertEqual(controls.port.get(), "8081")
        self.assertIn("disabled", controls.stop_button.state())
        self.assertNotIn("disabled", controls.start_button.state())

    def test_start_post_and_stop(self):
        port = self.start_on_free_port()
        controls, status = self.panel.controls, self.panel.status
        self.assertIn("disabled", controls.start_button.state())
        self.assertNotIn("disabled", controls.stop_button.state())
        self.assertEqual(status.link.cget("text"), "http://127.0.0.1:%d/" % port)

        data = urllib.parse.urlencode({"nom": "Frodon Sacquet, élève de 1re",
                                       "classe": "premiere"}).encode("ascii")
        with urllib.request.urlopen("http://127.0.0.1:%d/" % port, data=data, timeout=WAIT) as answer:
            page = answer.read().decode("utf-8")
        self.assertIn("Frodon Sacquet, élève de 1re", page)
        self.assertTrue(self.pump_until(lambda: "« premiere »" in plain(self.panel.log.content())))
        content = plain(self.panel.log.content())
        self.assertIn("[POST] j'ai reçu une requête de type POST", content)
        self.assertIn("nom = « Frodon Sacquet, élève de 1re »", content)
        self.assertIn("je réponds 200 OK", content)
        self.assertIn("Requêtes reçues : 1", plain(status.counter.cget("text")))
        self.assertTrue(self.panel.log.text.tag_ranges("post"))   # les lignes du POST ont leur couleur

        controls.stop_button.invoke()
        self.assertEqual(self.panel.state, panneau.STOPPED_STATE)
        self.assertTrue(port_is_free(port))
        self.assertNotIn("disabled", controls.start_button.state())
        self.assertTrue(self.pump_until(lambda: "je m'arrête" in plain(self.panel.log.content())))

    def test_the_status_line_says_what_the_narrator_says_at_stop(self):
        port = self.start_on_free_port()
        keep_alive = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        self.addCleanup(keep_alive.close)
        self.assertTrue(self.pump_until(lambda: self.panel.controller.connection_count() == 1))
        self.panel.controls.stop_button.invoke()
        self.assertEqual(self.panel.status.message.cget("text"), stop_summary(1))
        self.assertIn("1 connexion encore ouverte", stop_summary(1))
        self.assertTrue(self.pump_until(
            lambda: "1 connexion encore ouverte coupée" in plain(self.panel.log.content())))

    def test_double_click_on_start_starts_one_server(self):
        port = self.start_on_free_port()
        self.panel.start()   # un second clic, pendant que le serveur tourne
        self.assertEqual(self.panel.controller.port, port)
        self.panel.stop()
        self.panel.stop()    # Arrêter deux fois : sans effet
        self.assertTrue(port_is_free(port))

    def test_port_taken_is_explained_and_a_free_port_offered(self):
        taken = take_a_port(self)
        self.panel.controls.port.set(str(taken))
        self.panel.controls.start_button.invoke()
        self.assertEqual(self.panel.state, panneau.STOPPED_STATE)
        message = self.panel.status.message.cget("text")
        self.assertIn("déjà utilisé", message)
        self.assertTrue(self.pump_until(lambda: "déjà utilisé" in plain(self.panel.log.content())))
        # Le bouton « Utiliser le port N » démarre sur le port proposé.
        button = self.panel.status.port_button
        self.assertTrue(button.winfo_ismapped() or self.pump_until(button.winfo_ismapped))
        button.invoke()
        self.assertEqual(self.panel.state, panneau.RUNNING_STATE)
        self.assertNotEqual(self.panel.controller.port, taken)

    def test_bad_port_and_missing_folder_are_explained(self):
        self.panel.controls.port.set("99999")
        self.panel.controls.start_button.invoke()
        self.assertIn("n'existe pas", self.panel.status.message.cget("text"))
        self.panel.controls.port.set("0")
        self.panel.controls.folder.set("/dossier/introuvable")
        self.panel.controls.start_button.invoke()
        self.assertEqual(self.panel.state, panneau.STOPPED_STATE)
        self.assertIn("n'existe pas", self.panel.status.message.cget("text"))

    def test_empty_or_wrong_port_text(self):
        for text, expected in (("", "Indiquez un numéro de port"), ("70000", "n'existe pas")):
            with self.subTest(text=text):
                self.panel.controls.port.set(text)
                self.panel.controls.start_button.invoke()
                self.assertEqual(self.panel.state, panneau.STOPPED_STATE)
                self.assertIn(expected, self.panel.status.message.cget("text"))

    def test_get_mode_serves_the_folder(self):
        self.panel.controls.mode_buttons[0].invoke()
        port = self.start_on_free_port()
        with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=WAIT) as answer:
            self.assertIn("Contenu du dossier", answer.read().decode("utf-8"))
        self.assertTrue(self.pump_until(lambda: "[GET]" in plain(self.panel.log.content())))

    def test_second_window_on_the_same_port_is_refused(self):
        port = self.start_on_free_port()
        other = self.new_panel()
        other.controls.port.set(str(port))
        other.controls.start_button.invoke()
        self.assertEqual(other.state, panneau.STOPPED_STATE)
        self.assertFalse(other.controller.running)
        self.assertIn("déjà utilisé", other.status.message.cget("text"))
        self.assertNotIn("disabled", other.controls.start_button.state())

    def test_what_a_client_sends_is_shown_escaped_in_the_pane(self):
        port = self.start_on_free_port()
        body = b"nom=%1B%5B31m"
        raw_exchange(port, b"POST /\x1b[2Jcoucou HTTP/1.1\r\nHost: x\r\nX-Piege: \x1b]0;titre\x07\r\n"
                           b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
        self.assertTrue(self.pump_until(lambda: "je réponds 200" in plain(self.panel.log.content())))
        content = plain(self.panel.log.content())
        self.assertIn("/\\x1b[2Jcoucou", content)
        self.assertIn("nom = « \\x1b[31m »", content)
        self.assertNotRegex(content, "[\x00-\x08\x0b-\x1f\x7f]")

    def test_closing_the_window_while_running_stops_the_server(self):
        port = self.start_on_free_port()
        keep_alive = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
        self.addCleanup(keep_alive.close)
        close = self.window.protocol("WM_DELETE_WINDOW")
        self.window.tk.call(close)   # comme un clic sur la croix de la fenêtre
        self.assertFalse(self.window.winfo_exists())
        self.assertFalse(self.panel.controller.running)
        self.assertTrue(port_is_free(port))

    def test_explanations_can_be_switched_off(self):
        port = self.start_on_free_port()
        self.get_page(port, "/favicon.ico")
        self.assertTrue(self.pump_until(lambda: "À savoir" in plain(self.panel.log.content())))
        self.panel.log.explanations.set(False)
        self.panel.log.clear()
        self.get_page(port, "/favicon.ico")
        self.assertTrue(self.pump_until(lambda: "favicon.ico → 404" in "".join(
            row[2] for row in self.panel.timeline.rows()) and "[GET]" in plain(self.panel.log.content())))
        self.assertTrue(self.pump_until(lambda: "je réponds 404" in plain(self.panel.log.content())))
        self.assertNotIn("À savoir", plain(self.panel.log.content()))

    def test_a_strange_referer_never_stops_the_journal(self):
        self.panel.events.put(Event(REQUEST, client="10.0.0.1", method="GET", path="/a.css",
                                    version="HTTP/1.1", headers=(("Referer", "http://["),
                                                                 ("Sec-Fetch-Dest", "style"))))
        self.panel.events.put(Event(REQUEST, client="10.0.0.1", method="GET", path="/suite",
                                    version="HTTP/1.1"))
        self.assertTrue(self.pump_until(lambda: "/suite" in plain(self.panel.log.content())))

    def test_an_event_that_cannot_be_shown_is_one_line_and_the_rest_goes_on(self):
        real = intake.format_lines
        calls = []

        def failing_once(event, label=None):
            if not calls:
                calls.append(event)
                raise ValueError("essai")
            return real(event, label)

        with mock.patch.object(intake, "format_lines", failing_once):
            for number in range(2):
                self.panel.events.put(Event(REQUEST, client="10.0.0.1", method="GET",
                                            path="/p%d" % number, version="HTTP/1.1"))
            self.assertTrue(self.pump_until(lambda: "/p1" in plain(self.panel.log.content())))
        self.assertIn("impossible d'afficher un événement", plain(self.panel.log.content()))

    def test_tk_dialogs_speak_french(self):
        self.assertEqual(self.root.tk.eval('namespace eval ::tk { ::msgcat::mc "&Yes" }'), "&Oui")
        self.assertEqual(self.root.tk.eval('namespace eval ::tk { ::msgcat::mc "Cancel" }'),
                         "Annuler")

    def test_french_typography_in_every_label(self):
        texts, pending = [], [self.panel]
        while pending:
            widget = pending.pop()
            pending.extend(widget.winfo_children())
            if widget.winfo_class() in ("TLabel", "TButton", "TCheckbutton", "TRadiobutton"):
                texts.append(str(widget.cget("text")))
        texts += [self.panel.side.tab(tab, "text") for tab in self.panel.tabs]
        self.assertIn("Mode\u00a0:", texts)
        self.assertIn("Qui est connecté\u202f?", texts)
        for text in texts:
            with self.subTest(text=text):
                self.assertNotRegex(text, " [:;!?]|« | »")   # jamais une espace ordinaire là

    def test_every_light_paper_has_its_own_ink(self):
        # En mode sombre (macOS), un fond clair sans couleur d'encre donnerait du blanc sur blanc.
        pending, papers = [self.panel], 0
        while pending:
            widget = pending.pop()
            pending.extend(widget.winfo_children())
            if widget.winfo_class() in ("Text", "Canvas") and \
                    str(widget.cget("background")).lower() == PAPER:
                papers += 1
                if widget.winfo_class() == "Text":
                    self.assertEqual(str(widget.cget("foreground")).lower(), INK)
                else:
                    for item in widget.find_all():
                        if widget.type(item) == "text":
                            self.assertNotEqual(widget.itemcget(item, "fill"), "")
        self.assertGreaterEqual(papers, 4)   # journal, requête, réponse, chronologie


class ThrowawayTab(Tab):
    """Un onglet d'essai : il note ce que la fenêtre lui dit, par le protocole des onglets."""

    tab_title = "Essai"

    def __init__(self, master, context):
        super().__init__(master, context)
        self.kinds, self.refreshed, self.cleared = [], 0, 0

    def add(self, event):
        self.kinds.append(event.kind)

    def refresh(self):
        self.refreshed += 1

    def clear(self):
        self.cleared += 1


class HouseDoorsTest(PanneauTestCase):
    """Un onglet, un mode : chacun entre par sa porte, sans toucher au reste."""

    def test_a_new_tab_is_one_class_and_one_line(self):
        with mock.patch.object(window, "TABS", window.TABS + (ThrowawayTab,)):
            panel = self.new_panel()
        tab = panel.tab_of(ThrowawayTab)
        self.assertEqual(panel.side.tab(tab, "text"), "Essai")
        panel.controls.port.set("0")
        panel.start()
        self.get_page(panel.controller.port, "/")
        self.assertTrue(self.pump_until(lambda: EXCHANGE in tab.kinds))
        self.assertGreater(tab.refreshed, 0)
        panel.log.clear_button.invoke()
        self.assertEqual(tab.cleared, 1)

    def test_a_new_mode_has_its_button(self):
        add_throwaway_mode(self)
        panel = self.new_panel()
        labels = [button.cget("text") for button in panel.controls.mode_buttons]
        self.assertEqual(labels[-1], "Essai — un mode jetable")
        panel.controls.mode_buttons[-1].invoke()
        self.assertEqual(panel.controls.port.get(), "8099")
        panel.controls.port.set("0")
        panel.start()
        self.assertEqual(panel.state, window.RUNNING_STATE)
        self.assertTrue(self.pump_until(lambda: "en mode ESSAI" in plain(panel.log.content())))


class LocalNetworkTest(PanneauTestCase):
    def test_local_network_checkbox(self):
        controls = self.panel.controls
        self.assertFalse(controls.lan.get())            # éteint par défaut
        self.assertFalse(controls.lan_warning.winfo_ismapped())
        controls.lan_button.invoke()
        self.root.update()
        self.assertTrue(controls.lan.get())
        self.assertIn("pare-feu", controls.lan_warning.cget("text"))
        with mock.patch.object(controls_module.network, "lan_addresses", return_value=["192.168.1.23"]):
            port = self.start_on_free_port()
            self.assertTrue(self.pump_until(
                lambda: "192.168.1.23" in self.panel.status.lan_urls.cget("text")))
        self.assertEqual(self.panel.controller._server.server_address[0], "0.0.0.0")
        shown = self.panel.status.lan_urls.cget("text")
        self.assertIn("http://192.168.1.23:%d/" % port, shown)
        self.assertNotIn("0.0.0.0", shown + self.panel.status.link.cget("text"))

    def test_local_network_without_any_address(self):
        self.panel.controls.lan.set(True)
        with mock.patch.object(controls_module.network, "lan_addresses", return_value=[]):
            self.start_on_free_port()
            self.assertTrue(self.pump_until(
                lambda: "Aucune adresse" in self.panel.status.lan_urls.cget("text")))

    def test_only_this_computer_by_default(self):
        self.start_on_free_port()
        self.assertEqual(self.panel.controller._server.server_address[0], "127.0.0.1")


class SaveTest(PanneauTestCase):
    def test_save_the_whole_log(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        with mock.patch.object(journal, "MAX_PANE_LINES", 20):
            for number in range(60):
                self.panel.events.put(Event(NOTICE, message="ligne n°%d élève" % number))
            self.assertTrue(self.pump_until(self.panel.events.empty))
        self.assertNotIn("ligne n°0 ", plain(self.panel.log.content()))   # quittée de l'affichage
        path = os.path.join(folder, "journal.txt")
        self.assertTrue(self.panel.save_log(path))
        with open(path, encoding="utf-8") as handle:
            saved = handle.read()
        self.assertIn("ligne n°0 élève", saved)
        self.assertIn("ligne n°59 élève", saved)
        self.assertTrue(self.pump_until(lambda: "journal enregistré" in plain(self.panel.log.content())))

    def test_save_into_a_missing_folder_is_explained(self):
        self.assertFalse(self.panel.save_log("/dossier/introuvable/journal.txt"))
        self.assertTrue(self.pump_until(lambda: "Impossible d'enregistrer" in plain(self.panel.log.content())))


class PrivateJournalTest(PanneauTestCase):
    def test_the_session_journal_is_never_served_even_inside_the_served_folder(self):
        # Le professeur sert tout son dossier personnel ; le journal de la séance (ce que
        # tapent les élèves) est dans son dossier de données, dedans (macOS, Windows).
        home = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, home, True)
        panel = self.new_panel(journal_folder=os.path.join(home, "Donnees", "Panneau serveur"))
        panel.controls.folder.set(home)
        panel.controls.port.set("0")
        panel.controls.start_button.invoke()
        self.assertEqual(panel.state, panneau.RUNNING_STATE)
        port = panel.controller.port
        data = urllib.parse.urlencode({"nom": "Zoé", "mot_de_passe": "secret42"}).encode("ascii")
        with urllib.request.urlopen("http://127.0.0.1:%d/" % port, data=data, timeout=WAIT):
            pass
        self.assertTrue(self.pump_until(lambda: "secret42" in panel.session.text()))
        for name in os.listdir(panel.session.folder):
            url = "http://127.0.0.1:%d/Donnees/Panneau%%20serveur/%s" % (port, name)
            with self.assertRaises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(url, timeout=WAIT)
            self.assertEqual(caught.exception.code, 403)
            self.assertNotIn(b"secret42", caught.exception.read())
        with urllib.request.urlopen("http://127.0.0.1:%d/Donnees/" % port, timeout=WAIT) as page:
            self.assertNotIn(b"Panneau serveur", page.read())


class ClearTest(PanneauTestCase):
    def test_a_new_session_starts_from_request_one(self):
        port = self.start_on_free_port()
        for _ in range(2):
            self.get_page(port, "/")
        self.assertTrue(self.pump_until(lambda: "(requête n°2)" in self.panel.log.content()))
        self.panel.log.clear_button.invoke()   # « Oui » (self.answer)
        self.assertIn("Requêtes reçues : 0", plain(self.panel.status.counter.cget("text")))
        self.get_page(port, "/")
        self.assertTrue(self.pump_until(lambda: "(requête n°1)" in self.panel.log.content()))
        content = plain(self.panel.log.content())
        self.assertIn("journal effacé : la séance repart de zéro", content)
        self.assertIn("le serveur continue sur http://127.0.0.1:%d/" % port, content)
        self.assertNotIn("requête n°3", content)


class SettingsTest(PanneauTestCase):
    """Les réglages retenus d'une séance à l'autre, dans un dossier temporaire."""

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.path = os.path.join(self.folder, "reglages.json")
        super().setUp()

    def build(self):
        return self.new_panel(settings_path=self.path)

    def test_settings_are_remembered(self):
        first = self.build()
        first.controls.mode_buttons[0].invoke()
        first.controls.port.set("9123")
        first.controls.folder.set(self.folder)
        first.controls.lan.set(True)
        first.table.show_names.set(True)
        first.fonts.zoom(3)
        first.log.filter.set("erreurs")
        first.close()
        second = self.build()
        self.assertEqual(second.controls.mode.get(), "get")
        self.assertEqual(second.controls.port.get(), "9123")
        self.assertEqual(second.controls.folder.get(), self.folder)
        self.assertTrue(second.controls.lan.get())
        self.assertTrue(second.table.show_names.get())
        self.assertEqual(second.fonts.size, settings.DEFAULTS["font_size"] + 3)
        self.assertEqual(second.log.filter.get(), "erreurs")

    def test_the_student_file_is_remembered(self):
        path = write_template("get", os.path.join(self.folder, "mon_serveur.py"))
        first = self.build()
        first.controls.mode_buttons[2].invoke()   # Mon serveur
        first.controls.student_file.set(path)
        first.close()
        second = self.build()
        self.assertEqual(second.controls.mode.get(), "mon-serveur")
        self.assertEqual(second.controls.chosen_file(), path)
        os.remove(path)   # déplacé entre deux séances : gardé dans le champ, et dit
        third = self.build()
        self.assertEqual(third.controls.chosen_file(), path)
        self.assertTrue(self.pump_until(lambda: "n'existe plus" in plain(third.log.content())))

    def test_corrupt_settings_give_defaults_and_one_line(self):
        with open(self.path, "w", encoding="utf-8") as handle:
            handle.write("{ ceci n'est pas du JSON")
        panel = self.build()
        self.assertEqual(panel.controls.port.get(), "8081")
        self.assertTrue(self.pump_until(lambda: "Réglages illisibles" in plain(panel.log.content())))

    def test_missing_folder_falls_back_to_the_default(self):
        with open(self.path, "w", encoding="utf-8") as handle:
            handle.write('{"folder": "/dossier/disparu", "port": "8090"}')
        panel = self.build()
        self.assertEqual(panel.controls.folder.get(), DEFAULT_FOLDER)
        self.assertEqual(panel.controls.port.get(), "8090")


if __name__ == "__main__":
    unittest.main()


class SeparateProcessTest(PanneauTestCase):
    """Le panneau tel que le lance panneau.py : le serveur dans son propre processus."""

    def test_the_whole_lesson_with_the_server_in_its_own_process(self):
        panel = self.new_panel(controller_factory=ProcessController)
        panel.controls.port.set("0")
        panel.controls.start_button.invoke()
        self.assertEqual(panel.state, panneau.RUNNING_STATE)
        port = panel.controller.port
        self.assertIsInstance(panel.controller, ProcessController)
        page = self.post_form(port, nom="Zoé", message="Bonjour")
        self.assertIn("Zoé", page.decode("utf-8"))
        self.assertTrue(self.pump_until(lambda: "Zoé" in panel.log.text.get("1.0", "end")))
        self.assertEqual(panel.request_count, 1)
        panel.controls.stop_button.invoke()
        self.assertTrue(self.pump_until(lambda: not panel.controller.running))
        self.assertTrue(port_is_free(port))
        process = panel.controller._process
        panel.close()
        self.assertFalse(process.is_alive())   # fermer la fenêtre arrête le processus


class StudentServerTest(PanneauTestCase):
    """Le mode « Mon serveur » dans la fenêtre : le fichier de l'élève servi, ou son
    erreur expliquée."""

    def start_student(self, path, panel=None):
        panel = panel or self.panel
        panel.controls.mode_buttons[2].invoke()   # Mon serveur
        panel.controls.student_file.set(path)
        panel.controls.port.set("0")
        panel.controls.start_button.invoke()
        return panel

    def test_the_student_file_serves_and_the_journal_tells(self):
        folder = student_folder(self)
        path = write_template("get", os.path.join(folder, "mon_serveur.py"))
        self.start_student(path)
        self.assertEqual(self.panel.state, panneau.RUNNING_STATE)
        page = self.get_page(self.panel.controller.port, "/")
        self.assertIn("Cette page a été écrite par mon serveur Python", page.decode("utf-8"))
        self.assertTrue(self.pump_until(lambda: "je réponds 200" in plain(self.panel.log.content())))
        content = plain(self.panel.log.content())
        self.assertIn("en mode MON SERVEUR", content)
        self.assertIn("votre fichier : %s (classe MonServeur)" % path, content)
        self.assertIn("- dossier servi : %s" % folder, content)
        self.assertIn("[GET] j'ai reçu une requête de type GET", content)
        self.assertEqual(self.panel.request_count, 1)
        self.panel.controls.stop_button.invoke()
        self.assertEqual(self.panel.state, panneau.STOPPED_STATE)

    def test_a_syntax_error_is_shown_with_its_line_and_a_caret(self):
        folder = student_folder(self)
        path = write_student_file(folder, """
            class MonServeur(BaseHTTPRequestHandler):
                def do_GET(self)
                    self.send_response(200)
        """)
        # Comme panneau.py : le code de l'élève dans son propre processus.
        panel = self.start_student(path, self.new_panel(controller_factory=ProcessController))
        self.assertEqual(panel.state, panneau.STOPPED_STATE)
        message = plain(panel.status.message.cget("text"))
        self.assertIn("Erreur de syntaxe dans mon_serveur.py, ligne 3", message)
        self.assertIn("Le serveur n'est pas démarré.", message)
        self.assertEqual(str(panel.status.message.cget("foreground")), "#c01c28")
        self.assertTrue(self.pump_until(lambda: "^" in panel.log.content()))
        lines = plain(panel.log.content()).splitlines()
        error = [number for number, line in enumerate(lines) if "[ERREUR]" in line]
        self.assertEqual(len(error), 1)
        self.assertIn("Erreur de syntaxe dans mon_serveur.py, ligne 3", lines[error[0]])
        self.assertIn("mon_serveur.py, ligne 3 :", lines[error[0] + 1])
        self.assertEqual(lines[error[0] + 2].strip(), "def do_GET(self)")
        self.assertEqual(lines[error[0] + 3].strip(), "^")
        # Le chevron est sous la fin de la ligne, là où manque « : ».
        self.assertEqual(lines[error[0] + 3].index("^"),
                         lines[error[0] + 2].index("def do_GET(self)") + len("def do_GET(self)"))

    def test_a_stuck_student_server_stops_without_freezing_the_window(self):
        folder = student_folder(self)
        path = write_student_file(folder, """
            class MonServeur(BaseHTTPRequestHandler):
                def do_GET(self):
                    while True:
                        pass
        """)
        panel = self.start_student(path, self.new_panel(controller_factory=ProcessController))
        port = panel.controller.port
        def never_answered():   # la connexion sera coupée à l'arrêt, sans réponse
            try:
                self.get_page(port, "/")
            except (OSError, http.client.HTTPException):
                pass

        stuck = threading.Thread(target=never_answered, daemon=True)
        stuck.start()
        self.assertTrue(self.pump_until(lambda: "[GET]" in panel.log.content()))
        ticks = []

        def tick():   # la boucle de Tk tourne-t-elle pendant l'arrêt ?
            if panel.state == panneau.STOPPING_STATE:
                ticks.append(1)
                panel.after(10, tick)

        panel.controls.stop_button.invoke()
        self.assertEqual(panel.state, panneau.STOPPING_STATE)
        self.assertEqual(plain(panel.status.message.cget("text")), "Arrêt en cours…")
        self.assertTrue(panel.controls.start_button.instate(["disabled"]))
        tick()
        self.assertTrue(self.pump_until(lambda: panel.state == panneau.STOPPED_STATE))
        self.assertGreater(len(ticks), 1)   # la fenêtre a vécu pendant l'arrêt
        self.assertIn("Serveur arrêté", plain(panel.status.message.cget("text")))
        self.assertTrue(self.pump_until(
            lambda: "ne s'est pas arrêté de lui-même" in plain(panel.log.content())))
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()

    def test_without_a_file_the_panel_says_what_to_do(self):
        self.start_student("")
        self.assertEqual(self.panel.state, panneau.STOPPED_STATE)
        self.assertIn("Choisissez le fichier Python", plain(self.panel.status.message.cget("text")))
        self.assertTrue(self.pump_until(
            lambda: "Choisissez le fichier Python" in plain(self.panel.log.content())))
        self.assertNotIn("student-", self.panel.log.content())


class CountTest(PanneauTestCase):
    def test_the_count_stays_right_when_events_were_dropped(self):
        self.feed(Event(REQUEST, client="127.0.0.1", method="GET", path="/", exchange=1),
                  Event(REQUEST, client="127.0.0.1", method="GET", path="/", exchange=7))
        self.assertEqual(self.panel.request_count, 7)   # les requêtes 2 à 6 n'ont pas été montrées
        self.feed(Event(REQUEST, client="127.0.0.1", method="GET", path="/", exchange=5))
        self.assertEqual(self.panel.request_count, 7)   # racontée après la 7 : déjà comptée
        self.feed(Event(REQUEST, client="127.0.0.1", method="GET", path="/"))   # sans numéro
        self.assertEqual(self.panel.request_count, 8)

    def test_a_request_whose_events_were_all_dropped_is_still_counted(self):
        # Le processus du serveur a jeté les événements des requêtes 9 à 12 (le panneau ne
        # suivait pas) : sa lacune dit le plus grand numéro parmi eux.
        self.feed(Event(REQUEST, client="127.0.0.1", method="GET", path="/", exchange=8),
                  Event(NOTICE, fact="events-dropped",
                        values=(("count", 9), ("reader", "panneau"), ("last", 12))))
        self.assertEqual(self.panel.request_count, 12)
        # La boîte aux lettres de la fenêtre elle-même, pleine : pareil.
        self.panel.events.capacity = 0
        self.panel.events.put(Event(REQUEST, client="127.0.0.1", method="GET", path="/",
                                    exchange=13))
        self.panel.events.capacity = 50000
        self.assertTrue(self.pump_until(lambda: self.panel.request_count == 13))
        self.assertIn("1 événement n'a pas été affiché", plain(self.panel.log.content()))
