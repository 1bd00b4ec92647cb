"""Tests du panneau : la vraie fenêtre Tk, pilotée dans le processus
(voir tests/gui.py pour la racine Tk et le panneau construits à chaque test)."""

import os
import shutil
import socket
import tempfile
import tkinter as tk
import unittest
import urllib.error
import urllib.parse
import urllib.request
from unittest import mock

import panneau
from fenetre import journal, settings, window
from serveur import DEFAULT_FOLDER
from serveur.events import NOTICE, Event

from .gui import PanneauTestCase
from .support import WAIT, port_is_free, raw_exchange, take_a_port


class PanneauTest(PanneauTestCase):
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
        self.assertTrue(self.pump_until(lambda: "« premiere »" in self.panel.log.content()))
        content = self.panel.log.content()
        self.assertIn("[POST] j'ai reçu une requête de type POST", content)
        self.assertIn("nom = « Frodon Sacquet, élève de 1re »", content)
        self.assertIn("je réponds 200 OK", content)
        self.assertIn("Requêtes reçues : 1", status.counter.cget("text"))
        self.assertTrue(self.panel.log.text.tag_ranges("post"))   # les lignes du POST ont leur couleur

        controls.stop_button.invoke()
        self.assertEqual(self.panel.state, panneau.STOPPED_STATE)
        self.assertTrue(port_is_free(port))
        self.assertNotIn("disabled", controls.start_button.state())
        self.assertTrue(self.pump_until(lambda: "je m'arrête" in self.panel.log.content()))

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
        self.assertTrue(self.pump_until(lambda: "déjà utilisé" in self.panel.log.content()))
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

    def test_port_field_takes_digits_only(self):
        entry = self.panel.controls.port_entry
        entry.delete(0, "end")
        entry.insert(0, "80a8")
        self.assertEqual(entry.get(), "")
        entry.insert(0, "8082")
        self.assertEqual(entry.get(), "8082")

    def test_port_follows_the_mode_unless_typed(self):
        controls = self.panel.controls
        controls.mode_buttons[0].invoke()   # GET
        self.assertEqual(controls.port.get(), "8080")
        controls.mode_buttons[1].invoke()   # GET/POST
        self.assertEqual(controls.port.get(), "8081")
        controls.port.set("9000")
        controls.mode_buttons[0].invoke()
        self.assertEqual(controls.port.get(), "9000")

    def test_get_mode_serves_the_folder(self):
        self.panel.controls.mode_buttons[0].invoke()
        port = self.start_on_free_port()
        with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=WAIT) as answer:
            self.assertIn("Contenu du dossier", answer.read().decode("utf-8"))
        self.assertTrue(self.pump_until(lambda: "[GET]" in self.panel.log.content()))

    def test_second_window_on_the_same_port_is_refused(self):
        port = self.start_on_free_port()
        other_window = tk.Toplevel(self.root)
        other = panneau.Panneau(other_window)
        self.addCleanup(other.close)
        other.controls.port.set(str(port))
        other.controls.start_button.invoke()
        self.assertEqual(other.state, panneau.STOPPED_STATE)
        self.assertFalse(other.controller.running)
        self.assertIn("déjà utilisé", other.status.message.cget("text"))
        self.assertNotIn("disabled", other.controls.start_button.state())

    def test_empty_or_wrong_port_text(self):
        for text, expected in (("", "Indiquez un numéro de port"), ("70000", "n'existe pas")):
            with self.subTest(text=text):
                self.panel.controls.port.set(text)
                self.panel.controls.start_button.invoke()
                self.assertEqual(self.panel.state, panneau.STOPPED_STATE)
                self.assertIn(expected, self.panel.status.message.cget("text"))

    def test_what_a_client_sends_is_shown_escaped_in_the_pane(self):
        port = self.start_on_free_port()
        body = b"nom=%1B%5B31m"
        raw_exchange(port, b"POST /\x1b[2Jcoucou HTTP/1.1\r\nHost: x\r\nX-Piege: \x1b]0;titre\x07\r\n"
                           b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
        self.assertTrue(self.pump_until(lambda: "je réponds 200" in self.panel.log.content()))
        content = self.panel.log.content()
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


class LogPaneTest(PanneauTestCase):
    def feed(self, count):
        for number in range(count):
            self.panel.events.put(Event(NOTICE, message="ligne %d" % number))
        self.assertTrue(self.pump_until(self.panel.events.empty))
        self.root.update()

    def test_pane_keeps_a_bounded_number_of_lines_and_says_so(self):
        with mock.patch.object(journal, "MAX_PANE_LINES", 50):
            self.feed(200)
        lines = int(self.panel.log.text.index("end-1c").split(".")[0])
        self.assertLessEqual(lines, 51)
        self.assertIn("ligne 199", self.panel.log.content())
        self.assertNotIn("ligne 0\n", self.panel.log.content())
        self.assertIn("retirées de l'affichage", self.panel.log.trim_label.cget("text"))
        # Le journal complet de la séance est conservé.
        self.assertEqual(len(self.panel.log.history), 200)

    def test_full_history_is_announced(self):
        with mock.patch.object(journal, "MAX_HISTORY_LINES", 30):
            self.feed(100)
        self.assertTrue(self.panel.log.history_full)
        self.assertIn("journal complet plein", self.panel.log.content())
        self.assertEqual(len(self.panel.log.history), 31)   # 30 lignes et l'annonce

    def test_no_auto_scroll_when_the_user_reads_above(self):
        self.window.geometry("700x400")
        self.feed(300)
        text = self.panel.log.text
        self.assertGreater(text.yview()[0], 0.0)   # défilé jusqu'en bas
        text.yview_moveto(0.0)                       # l'utilisateur remonte lire
        self.feed(50)
        self.assertEqual(text.yview()[0], 0.0)

    def test_clear_button(self):
        self.feed(5)
        self.panel.log.clear_button.invoke()
        self.assertEqual(self.panel.log.content(), "")
        self.assertEqual(self.panel.log.history, [])

    def test_pane_is_read_only(self):
        self.feed(1)
        self.assertEqual(str(self.panel.log.text.cget("state")), "disabled")


if __name__ == "__main__":
    unittest.main()


class ClassroomTest(PanneauTestCase):
    """Les outils de la classe : réseau local, postes, projection, journal, réglages."""

    def post(self, port, **fields):
        data = urllib.parse.urlencode(fields).encode("ascii")
        with urllib.request.urlopen("http://127.0.0.1:%d/" % port, data=data, timeout=WAIT) as answer:
            return answer.read()

    def test_local_network_checkbox(self):
        controls = self.panel.controls
        self.assertFalse(controls.lan.get())            # éteint par défaut
        self.assertFalse(controls.lan_warning.winfo_ismapped())
        controls.lan_button.invoke()
        self.root.update()
        self.assertTrue(controls.lan.get())
        self.assertIn("pare-feu", controls.lan_warning.cget("text"))
        with mock.patch.object(window.network, "lan_addresses", return_value=["192.168.1.23"]):
            port = self.start_on_free_port()
            self.assertTrue(self.pump_until(
                lambda: "192.168.1.23" in self.panel.status.lan_urls.cget("text")))
        self.assertEqual(self.panel.controller._server.server_address[0], "0.0.0.0")
        shown = self.panel.status.lan_urls.cget("text")
        self.assertIn("http://192.168.1.23:%d/" % port, shown)
        self.assertNotIn("0.0.0.0", shown + self.panel.status.link.cget("text"))

    def test_local_network_without_any_address(self):
        self.panel.controls.lan.set(True)
        with mock.patch.object(window.network, "lan_addresses", return_value=[]):
            self.start_on_free_port()
            self.assertTrue(self.pump_until(
                lambda: "Aucune adresse" in self.panel.status.lan_urls.cget("text")))

    def test_only_this_computer_by_default(self):
        self.start_on_free_port()
        self.assertEqual(self.panel.controller._server.server_address[0], "127.0.0.1")

    def test_who_is_connected(self):
        port = self.start_on_free_port()
        self.post(port, nom="Zoé")
        tree = self.panel.table.tree
        self.assertTrue(self.pump_until(lambda: tree.exists("127.0.0.1")
                                        and tree.set("127.0.0.1", "post") != ""))
        self.assertEqual(tree.item("127.0.0.1", "text"), "Poste 1")
        self.assertEqual(tree.set("127.0.0.1", "requests"), "1")
        self.assertEqual(tree.set("127.0.0.1", "last"), "POST /")
        # Effacer le journal vide aussi le tableau.
        self.panel.log.clear_button.invoke()
        self.root.update()
        self.assertEqual(tree.get_children(), ())

    def test_short_names_in_the_pane(self):
        self.panel.table.show_names.set(True)
        port = self.start_on_free_port()
        self.post(port, nom="Zoé")
        self.assertTrue(self.pump_until(lambda: "« Zoé »" in self.panel.log.content()))
        content = self.panel.log.content()
        self.assertIn("de la part du client Poste 1", content)
        self.assertNotIn("client 127.0.0.1", content)

    def test_text_size_for_projection(self):
        fonts = self.panel.fonts
        start = fonts.size
        self.window.event_generate("<Control-plus>")
        self.window.event_generate("<Control-plus>")
        self.assertEqual(fonts.size, start + 2)
        self.assertEqual(fonts.log.cget("size"), start + 2)
        self.assertEqual(fonts.table.cget("size"), start + 2)
        self.assertGreater(fonts.url.cget("size"), fonts.log.cget("size"))
        self.window.event_generate("<Control-minus>")
        self.assertEqual(fonts.size, start + 1)
        self.window.event_generate("<Control-0>")
        self.assertEqual(fonts.size, settings.DEFAULTS["font_size"])
        for _ in range(100):
            fonts.zoom(1)
        self.assertEqual(fonts.size, settings.MAX_FONT_SIZE)

    def test_filter_and_search(self):
        port = self.start_on_free_port()
        with urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=WAIT) as answer:
            answer.read()
        self.post(port, nom="Frodon")
        self.assertTrue(self.pump_until(lambda: "« Frodon »" in self.panel.log.content()))
        log = self.panel.log
        log.filter.set("post")
        log.apply_filter()
        self.assertEqual(str(log.text.tag_cget("cat-get", "elide")), "1")
        self.assertEqual(str(log.text.tag_cget("cat-post", "elide")), "0")
        self.assertEqual(str(log.text.tag_cget("cat-serveur", "elide")), "0")
        log.filter.set("tout")
        log.apply_filter()
        self.assertEqual(str(log.text.tag_cget("cat-get", "elide")), "0")
        log.search_text.set("frodon")
        self.assertEqual(log.search(), 2)   # corps brut et champ décodé, sans tenir compte de la casse
        self.assertTrue(log.text.tag_ranges("found"))

    def test_save_the_whole_log(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        with mock.patch.object(journal, "MAX_PANE_LINES", 20):
            for number in range(60):
                self.panel.events.put(Event(NOTICE, message="ligne n°%d élève" % number))
            self.assertTrue(self.pump_until(self.panel.events.empty))
        self.assertNotIn("ligne n°0 ", self.panel.log.content())   # quittée de l'affichage
        path = os.path.join(folder, "journal.txt")
        self.assertTrue(self.panel.save_log(path))
        with open(path, encoding="utf-8") as handle:
            saved = handle.read()
        self.assertIn("ligne n°0 élève", saved)
        self.assertIn("ligne n°59 élève", saved)
        self.assertTrue(self.pump_until(lambda: "journal enregistré" in self.panel.log.content()))

    def test_save_into_a_missing_folder_is_explained(self):
        self.assertFalse(self.panel.save_log("/dossier/introuvable/journal.txt"))
        self.assertTrue(self.pump_until(lambda: "Impossible d'enregistrer" in self.panel.log.content()))


class SettingsTest(PanneauTestCase):
    """Les réglages retenus d'une séance à l'autre, dans un dossier temporaire."""

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.path = os.path.join(self.folder, "reglages.json")
        super().setUp()

    def build(self):
        window = tk.Toplevel(self.root)
        panel = panneau.Panneau(window, settings_path=self.path)
        self.addCleanup(lambda: window.winfo_exists() and panel.close())
        return panel

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

    def test_corrupt_settings_give_defaults_and_one_line(self):
        with open(self.path, "w", encoding="utf-8") as handle:
            handle.write("{ ceci n'est pas du JSON")
        panel = self.build()
        self.assertEqual(panel.controls.port.get(), "8081")
        self.assertTrue(self.pump_until(lambda: "Réglages illisibles" in panel.log.content()))

    def test_missing_folder_falls_back_to_the_default(self):
        with open(self.path, "w", encoding="utf-8") as handle:
            handle.write('{"folder": "/dossier/disparu", "port": "8090"}')
        panel = self.build()
        self.assertEqual(panel.controls.folder.get(), DEFAULT_FOLDER)
        self.assertEqual(panel.controls.port.get(), "8090")


class TeachingTest(PanneauTestCase):
    """Échange brut, chronologie et explications, dans la vraie fenêtre."""

    def get(self, port, path, **headers):
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as answer:
                return answer.read()
        except urllib.error.HTTPError as error:
            return error.read()

    def test_click_in_the_pane_shows_the_raw_exchange(self):
        port = self.start_on_free_port()
        self.get(port, "/recherche?ville=Besan%C3%A7on")
        view = self.panel.exchange_view
        self.assertTrue(self.pump_until(lambda: view.exchanges))
        text = self.panel.log.text
        self.window.geometry("1200x800")
        self.root.update()
        index = text.search("ligne de requête", "1.0")
        text.see(index)
        self.root.update()
        x, y, _, _ = text.bbox(index)
        text.event_generate("<ButtonRelease-1>", x=x + 2, y=y + 2)
        self.root.update()
        self.assertEqual(self.panel.side.select(), str(view))
        chosen = view.selected()
        self.assertIsNotNone(chosen)
        self.assertEqual(chosen.path, "/recherche?ville=Besan%C3%A7on")
        detail = view.detail_text()
        self.assertIn("GET /recherche", view.request_text.get("1.0", "end"))
        self.assertIn("HTTP/1.1 200 OK", view.reply_text.get("1.0", "end"))
        for label in ("ligne de requête", "en-têtes", "ligne vide", "corps", "ligne de statut",
                      "début du corps"):
            self.assertIn("── %s" % label, detail)
        self.assertIn("GET /recherche?ville=Besan%C3%A7on HTTP/1.1", detail)
        self.assertIn("HTTP/1.1 200 OK", detail)

    def test_timeline_of_a_page_load(self):
        port = self.start_on_free_port()
        page = "http://127.0.0.1:%d/" % port
        self.get(port, "/", **{"Sec-Fetch-Dest": "document"})
        self.get(port, "/favicon.ico", Referer=page, **{"Sec-Fetch-Dest": "image"})
        timeline = self.panel.timeline
        self.panel.side.select(timeline)   # l'onglet « Chronologie », comme un clic dessus
        self.assertTrue(self.pump_until(lambda: len(timeline.rows()) == 2))
        rows = timeline.rows()
        self.assertIn("GET / → 200", rows[0][2])
        self.assertIn("GET /favicon.ico → 404", rows[1][2])
        self.assertLessEqual(rows[0][0], rows[1][0])          # dans l'ordre d'arrivée
        self.assertIn("2 requêtes", timeline.title.cget("text"))
        # Une nouvelle page ouvre un nouveau chargement.
        self.get(port, "/", **{"Sec-Fetch-Dest": "document"})
        self.assertTrue(self.pump_until(lambda: len(timeline.rows()) == 1))

    def test_explanations_can_be_switched_off(self):
        port = self.start_on_free_port()
        self.get(port, "/favicon.ico")
        self.assertTrue(self.pump_until(lambda: "À savoir" in self.panel.log.content()))
        self.panel.log.explanations.set(False)
        self.panel.log.clear()
        self.get(port, "/favicon.ico")
        self.assertTrue(self.pump_until(lambda: "favicon.ico → 404" in "".join(
            row[2] for row in self.panel.timeline.rows()) and "[GET]" in self.panel.log.content()))
        self.assertTrue(self.pump_until(lambda: "→ réponse 404" in self.panel.log.content()))
        self.assertNotIn("À savoir", self.panel.log.content())
