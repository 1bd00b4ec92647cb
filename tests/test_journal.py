"""Tests de fenetre/journal.py : le journal borné, son défilement, son filtre, sa recherche."""

import unittest
from unittest import mock

from fenetre import intake, journal, session_log
from serveur.events import NOTICE, Event

from .gui import PanneauTestCase
from .support import plain


class LogPaneTest(PanneauTestCase):
    def feed_lines(self, count):
        self.feed(*[Event(NOTICE, message="ligne %d" % number) for number in range(count)])

    def test_pane_keeps_a_bounded_number_of_lines_and_says_so(self):
        with mock.patch.object(journal, "MAX_PANE_LINES", 50):
            self.feed_lines(200)
        lines = int(self.panel.log.text.index("end-1c").split(".")[0])
        self.assertLessEqual(lines, 51)
        self.assertIn("ligne 199", plain(self.panel.log.content()))
        self.assertNotIn("ligne 0\n", plain(self.panel.log.content()))
        self.assertIn("retirées de l'affichage", self.panel.log.trim_label.cget("text"))
        # Le journal complet de la séance est conservé (sur le disque).
        self.assertEqual(self.panel.session.text().count("ligne "), 200)

    def test_full_history_is_announced(self):
        with mock.patch.object(session_log, "MAX_FILE_BYTES", 30 * 45):
            self.feed_lines(100)
            self.assertTrue(self.pump_until(
                lambda: "journal de la séance plein" in plain(self.panel.log.content())))
        self.assertTrue(self.panel.session.full)
        saved = self.panel.session.text()
        self.assertLess(saved.count("ligne "), 100)
        self.assertIn("journal de la séance plein", saved)   # annoncé là aussi

    def test_a_flood_shows_the_newest_lines_and_keeps_them_all(self):
        with mock.patch.object(journal, "MAX_LINES_PER_BATCH", 50), \
                mock.patch.object(intake, "BATCH_SECONDS", 60):   # tout en un paquet
            for number in range(300):
                self.panel.events.put(Event(NOTICE, message="ligne %d" % number))
            self.panel.pump()   # un seul paquet
        content = plain(self.panel.log.content())
        self.assertIn("ligne 299", content)
        self.assertNotIn("ligne 0\n", content)
        self.assertIn("passées trop vite pour l'écran", content)
        self.assertEqual(self.panel.session.text().count("ligne "), 300)

    def test_no_auto_scroll_when_the_user_reads_above(self):
        self.window.geometry("700x400")
        self.feed_lines(300)
        text = self.panel.log.text
        self.assertGreater(text.yview()[0], 0.0)   # défilé jusqu'en bas
        self.panel.log.user_scroll("moveto", 0.0)     # l'utilisateur remonte lire
        self.feed_lines(50)
        self.assertEqual(text.yview()[0], 0.0)

    def test_clear_button_asks_first(self):
        self.feed_lines(5)
        self.answer = False                      # « Non » : rien ne se perd
        self.panel.log.clear_button.invoke()
        self.assertEqual(len(self.questions), 1)
        self.assertIn("ligne 4", plain(self.panel.log.content()))
        self.assertIn("ligne 4", self.panel.session.text())
        self.answer = True
        self.panel.log.clear_button.invoke()
        self.assertEqual(self.panel.log.content(), "")
        self.assertEqual(self.panel.session.text(), "")   # « Enregistrer… » repart de zéro

    def test_pane_is_read_only(self):
        self.feed_lines(1)
        self.assertEqual(str(self.panel.log.text.cget("state")), "disabled")

    def test_filter_and_search(self):
        port = self.start_on_free_port()
        self.get_page(port, "/")
        self.post_form(port, nom="Frodon")
        self.assertTrue(self.pump_until(lambda: "« Frodon »" in plain(self.panel.log.content())))
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


class FollowingTest(PanneauTestCase):
    """Suivre le direct : un état du journal, que seul l'utilisateur met en pause."""

    def setUp(self):
        super().setUp()
        self.window.geometry("1180x720")
        self.root.update()

    def feed_messages(self, messages):
        self.feed(*[Event(NOTICE, message=message) for message in messages])

    def test_new_requests_stay_in_view_after_stop_and_start(self):
        port = self.start_on_free_port()
        for number in range(6):
            self.get_page(port, "/page-%d" % number)
        self.assertTrue(self.pump_until(lambda: "/page-5" in plain(self.panel.log.content())))
        self.panel.controls.stop_button.invoke()
        port = self.start_on_free_port()     # la ligne d'état change de hauteur
        self.get_page(port, "/apres-redemarrage")
        self.assertTrue(self.pump_until(
            lambda: "/apres-redemarrage" in plain(self.panel.log.content())))
        self.root.update()
        self.assertTrue(self.panel.log.following)
        self.assertTrue(self.panel.log.end_is_visible())

    def test_a_long_wrapped_last_line_does_not_stop_the_direct(self):
        self.feed_messages(["ligne %d" % number for number in range(200)])
        self.feed_messages(["très longue " * 300])
        self.feed_messages(["après la longue ligne"])
        self.assertTrue(self.panel.log.end_is_visible())

    def test_a_bigger_text_keeps_the_direct_in_view(self):
        self.feed_messages(["ligne %d" % number for number in range(200)])
        for _ in range(4):
            self.panel.controls.zoom_buttons[2].invoke()   # A+
        self.root.update()
        self.assertTrue(self.panel.log.following)
        self.assertTrue(self.panel.log.end_is_visible())

    def test_list_lines_continue_further_than_the_next_item(self):
        log = self.panel.log
        header, bullet, head = (log._indent_tag("      User-Agent: Mozilla"),
                                log._indent_tag("   - ligne de requête : GET /"),
                                log._indent_tag("21:36:13  SERVEUR : je démarre"))
        margin = {tag: int(str(log.text.tag_cget(tag, "lmargin2"))) for tag in (header, bullet, head)}
        char = self.panel.fonts.log.measure("0")
        self.assertEqual(margin[bullet], 5 * char)    # sous le texte de la puce
        self.assertEqual(margin[head], 10 * char)     # sous le texte, après l'heure
        self.assertEqual(margin[header], 10 * char)   # plus loin que l'en-tête suivant (6)

    def test_reading_above_pauses_and_the_button_brings_back_the_direct(self):
        log = self.panel.log
        self.feed_messages(["ligne %d" % number for number in range(200)])
        log.user_scroll("moveto", 0.0)
        self.assertFalse(log.following)
        self.feed_messages(["nouvelle A", "nouvelle B"])
        self.assertEqual(log.text.yview()[0], 0.0)
        self.assertTrue(log.live_button.winfo_ismapped())
        self.assertEqual(log.live_button.cget("text"),
                         "↓ 2 nouvelles lignes — revenir au direct")
        log.live_button.invoke()
        self.root.update()
        self.assertTrue(log.following)
        self.assertTrue(log.end_is_visible())
        self.assertFalse(log.live_button.winfo_ismapped())

    def test_scrolling_back_to_the_end_resumes_the_direct(self):
        log = self.panel.log
        self.feed_messages(["ligne %d" % number for number in range(200)])
        log.user_scroll("moveto", 0.0)
        self.assertFalse(log.following)
        log.user_scroll("moveto", 1.0)
        self.assertTrue(log.following)

    def test_searching_an_old_line_pauses_the_direct(self):
        log = self.panel.log
        self.feed_messages(["ligne %d" % number for number in range(200)] + ["cherchez-moi"]
                           + ["ligne %d" % number for number in range(200)])
        log.search_text.set("cherchez-moi")
        self.assertEqual(log.search(), 1)
        self.assertFalse(log.following)
        self.feed_messages(["encore une"])
        self.assertFalse(log.end_is_visible())


if __name__ == "__main__":
    unittest.main()
