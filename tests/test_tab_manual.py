"""Tests de fenetre/tab_manual.py : « Requête à la main », dans la vraie fenêtre, vers le vrai serveur."""

import unittest

from fenetre.tab_manual import ManualTab
from serveur import manual
from serveur.events import STARTED, Event

from .gui import PanneauTestCase
from .support import plain


class ManualTabTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.tab = self.panel.tab_of(ManualTab)
        self.panel.side.select(self.tab)
        self.root.update()

    def type_request(self, text):
        self.tab.set_request(text)
        self.root.update()

    def send_and_wait(self):
        self.tab.editor.focus_force()
        self.tab.editor.event_generate("<Control-Return>")
        self.assertTrue(self.pump_until(lambda: not self.tab.sending))
        return plain(self.tab.answer_text())

    def test_a_typed_request_reaches_the_running_server_and_its_raw_answer_is_shown(self):
        port = self.start_on_free_port()
        self.assertTrue(self.pump_until(lambda: self.tab.port.get() == str(port)))
        # La requête de départ suit le serveur démarré : GET /, Host avec son port, ligne vide.
        self.assertEqual(self.tab.editor_text(), manual.prefilled(port))
        self.assertEqual(self.tab.request_bytes(),
                         b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
        answer = self.send_and_wait()
        self.assertIn("HTTP/1.1 200 OK↵", answer)
        self.assertIn("Content-Length:", answer)
        self.assertIn("↵  ← ligne vide : fin des en-têtes", answer)
        self.assertIn("<!DOCTYPE html>", answer)      # le corps, tel qu'il est arrivé
        self.assertIn("le serveur répond 200 OK", answer)
        self.assertEqual(self.tab.last_outcome.end, "length")
        # Le journal raconte le même échange, du côté du serveur.
        self.assertTrue(self.pump_until(
            lambda: "ligne de requête : GET / HTTP/1.1" in plain(self.panel.log.content())))

    def test_a_mistake_is_explained_before_and_after_sending(self):
        port = self.start_on_free_port()
        self.assertTrue(self.pump_until(lambda: self.tab.port.get() == str(port)))
        self.type_request("get / HTTP/1.1\nHost: 127.0.0.1:%d\n\n" % port)
        remarks = plain(self.tab.remarks.get("1.0", "end"))
        self.assertIn("1 remarque", remarks)
        self.assertIn("« get » est en minuscules", remarks)
        answer = self.send_and_wait()
        self.assertIn("HTTP/1.1 501", answer)
        self.assertIn("refusé la requête (501)", answer)
        self.type_request(manual.prefilled(port))
        self.assertIn("rien à redire", plain(self.tab.remarks.get("1.0", "end")))

    def test_line_ends_are_shown_and_the_blank_line_highlighted(self):
        self.type_request("GET / HTTP/1.1\nHost: a\n\n")
        editor = self.tab.editor
        self.assertEqual(editor.get("1.0", "end-1c"), "GET / HTTP/1.1↵\nHost: a↵\n↵\n")
        self.assertEqual(editor.get("3.0", "3.end"), "↵")
        self.assertIn("blank", editor.tag_names("3.0"))
        self.assertNotIn("blank", editor.tag_names("1.0"))
        # Le « \n seul » : autre marque, et la remarque qui va avec.
        self.tab.bare_newlines.set(True)
        self.tab._edited()
        self.assertEqual(editor.get("1.0", "1.end"), "GET / HTTP/1.1␊")
        self.assertEqual(self.tab.request_bytes(), b"GET / HTTP/1.1\nHost: a\n\n")
        self.assertIn("\\n seul", plain(self.tab.remarks.get("1.0", "end")))

    def test_typing_keeps_one_mark_per_line(self):
        self.type_request("GET / HTTP/1.1\nHost: a\n\n")
        editor = self.tab.editor
        editor.focus_force()
        editor.mark_set("insert", "2.end")                  # après la marque de « Host: a↵ »
        self.tab._before_mark()
        self.assertEqual(editor.index("insert"), "2.7")     # le curseur revient devant elle
        editor.insert("insert", "bc")
        editor.event_generate("<<Modified>>")
        self.root.update()
        self.assertEqual(editor.get("2.0", "2.end"), "Host: abc↵")
        editor.insert("insert", "\n")                        # Entrée au bout de la ligne
        self.tab._edited()
        self.assertEqual(self.tab.editor_text(), "GET / HTTP/1.1\nHost: abc\n\n\n")
        self.assertEqual(editor.get("1.0", "end-1c").count("↵"), 4)
        editor.mark_set("insert", "1.14")                    # Suppr devant ↵ : les lignes se joignent
        editor.event_generate("<Delete>")
        self.tab._edited()
        self.assertEqual(self.tab.editor_text(), "GET / HTTP/1.1Host: abc\n\n\n")

    def test_undo_brings_back_the_typed_text_without_marks(self):
        self.type_request("GET / HTTP/1.1\nHost: a\n\n")
        self.type_request("GET / HTTP/1.1\nHost: ab\n\n")
        self.tab.editor.event_generate("<<Undo>>")
        self.root.update()
        self.assertEqual(self.tab.editor_text(), "GET / HTTP/1.1\nHost: a\n\n")
        self.assertEqual(self.tab.editor.get("1.0", "end-1c").count("↵"), 3)

    def test_the_server_port_is_followed_unless_the_request_was_changed(self):
        self.feed(Event(STARTED, port=8123, url="http://127.0.0.1:8123/"))
        self.assertEqual(self.tab.port.get(), "8123")
        self.assertIn("Host: 127.0.0.1:8123", self.tab.editor_text())
        self.type_request("HEAD / HTTP/1.1\nHost: x\n\n")
        self.feed(Event(STARTED, port=8124, url="http://127.0.0.1:8124/"))
        self.assertEqual(self.tab.port.get(), "8124")
        self.assertEqual(self.tab.editor_text(), "HEAD / HTTP/1.1\nHost: x\n\n")

    def test_only_this_computer_unless_the_teacher_allows(self):
        self.tab.host.delete(0, "end")
        self.tab.host.insert(0, "192.0.2.1")
        self.tab.send_button.invoke()
        self.root.update()
        self.assertFalse(self.tab.sending)
        self.assertIn("Autoriser une autre adresse", plain(self.tab.answer_text()))

    def test_nobody_listening_is_said(self):
        port = self.start_on_free_port()
        self.panel.controls.stop_button.invoke()
        self.assertTrue(self.pump_until(lambda: self.panel.state == "stopped"))
        self.tab.port.delete(0, "end")
        self.tab.port.insert(0, str(port))
        answer = self.send_and_wait()
        self.assertIn("aucun serveur n'écoute sur 127.0.0.1:%d" % port, answer)

    def test_examples_fill_the_editor(self):
        self.tab.port.delete(0, "end")
        self.tab.port.insert(0, "8081")
        for index in range(len(manual.EXAMPLES)):
            self.tab.use_example(index)
            self.assertEqual(self.tab.editor_text(), manual.example(index, port=8081))


if __name__ == "__main__":
    unittest.main()
