"""Tests de fenetre/tab_wire.py : l'onglet « Sur le fil », dans la vraie fenêtre."""

import re
import socket
import ssl
import unittest

from fenetre.tab_wire import WireTab
from serveur import hexdump
from serveur.events import DATA, EXCHANGE, Event, Field
from serveur.header_notes import note

from .gui import PanneauTestCase
from .support import WAIT, plain


class WireTabTest(PanneauTestCase):
    def setUp(self):
        super().setUp()
        self.wire = self.panel.tab_of(WireTab)

    def test_the_bytes_of_the_exchange_clicked_in_the_journal(self):
        port = self.start_on_free_port()   # le mode GET/POST : le formulaire
        self.post_form(port, nom="Frédéric")
        self.get_page(port, "/?ville=Besan%C3%A7on")
        self.panel.side.select(self.wire)
        self.assertTrue(self.pump_until(lambda: "ville=Besan" in self.dumped()[0]))
        # Le plus récent est montré tant que rien n'est choisi ; un clic dans le journal
        # sur la requête du formulaire la montre, sans quitter l'onglet.
        self.assertTrue(self.pump_until(lambda: self.panel.exchange_view.exchanges))
        number = min(self.panel.exchange_view.exchanges)
        self.panel.log.clicked_exchange = number
        self.panel.log.event_generate("<<ExchangeClicked>>")
        self.root.update()
        text, hexadecimal = self.dumped()
        self.assertIn("REQUÊTE n°%d" % number, self.wire.shown_text())
        self.assertIn("POST / HTTP/1.1", text)
        self.assertIn("nom=Fr%C3%A9d%C3%A9ric", text)    # le texte, à droite
        self.assertIn("25 43 33 25 41 39", hexadecimal)   # « %C3%A9 » en hexadécimal
        self.assertIn("0d 0a 0d 0a", hexadecimal)         # la ligne vide
        self.assertIn("HTTP/1.1 200 OK", text)            # la réponse, telle que partie
        self.assertNotIn("Besan", text)
        self.assertEqual(self.panel.side.select(), str(self.wire))
        # Chaque partie a sa couleur.
        tags = set(self.wire.text.tag_names())
        self.assertTrue({"start", "headers", "blank", "body", "eol"} <= tags)
        self.assertTrue(self.wire.text.tag_ranges("blank"))

    def test_https_typed_in_front_of_the_http_server(self):
        # Un vrai client TLS (le module ssl) ouvre une connexion chiffrée vers le serveur
        # HTTP du panneau : son ClientHello arrive en clair, le nom « localhost » dedans.
        port = self.start_on_free_port()
        context = ssl.create_default_context()
        context.set_alpn_protocols(["http/1.1"])
        with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
            with self.assertRaises((ssl.SSLError, OSError)):
                context.wrap_socket(sock, server_hostname="localhost")
        log = self.panel.log
        self.assertTrue(self.pump_until(lambda: "connexion chiffrée" in log.content()))
        self.window.geometry("1200x800")
        self.root.update()
        # Un clic sur la ligne du journal : « Sur le fil » passe devant et la montre.
        index = log.text.search("connexion chiffrée", "1.0")
        log.text.see(index)
        self.root.update()
        x, y, _, _ = log.text.bbox(index)
        log.text.event_generate("<ButtonRelease-1>", x=x + 2, y=y + 2)
        self.root.update()
        self.assertEqual(self.panel.side.select(), str(self.wire))
        self.assertTrue(self.pump_until(lambda: "ESPION" in self.wire.shown_text()))
        shown = plain(self.wire.shown_text())
        self.assertIn("https:// tapé devant ce serveur HTTP", plain(self.wire.title.cget("text")))
        self.assertIn("enregistrement 1 (16 03 01", shown)
        self.assertIn(": poignée de main (type 22)", shown)
        self.assertIn("le nom du site demandé, « localhost »", shown)
        self.assertIn("« http/1.1 »", shown)
        self.assertIn("tapez l'adresse avec http:// et non https://", shown)
        self.assertIn("cochez « Chiffrer (HTTPS) »", shown)
        text, hexadecimal = self.dumped()
        self.assertTrue(hexadecimal.startswith("16 03 01"))
        self.assertIn("localhost", text)
        # Le nom est surligné, en hexadécimal et en texte (peut-être sur deux lignes).
        marked = self.wire.text.tag_ranges(hexdump.NAME)
        marked = "".join(self.wire.text.get(start, end) for start, end
                         in zip(marked[::2], marked[1::2]))
        self.assertEqual(sorted(marked.replace(" ", "")), sorted(b"localhost".hex() + "localhost"))
        # Aucune requête n'est née de cette tentative : « Échange brut » n'a rien choisi.
        self.assertIsNone(self.panel.exchange_view.selected())
        # Puis une vraie requête, choisie dans le journal : la vue redevient un échange.
        self.get_page(port, "/")
        self.assertTrue(self.pump_until(lambda: self.panel.exchange_view.exchanges))
        self.panel.log.clicked_exchange = min(self.panel.exchange_view.exchanges)
        self.panel.log.event_generate("<<ExchangeClicked>>")
        self.root.update()
        self.assertIn("REQUÊTE n°", self.wire.shown_text())
        self.assertNotIn("ESPION", self.wire.shown_text())

    def test_each_header_explained_over_its_bytes(self):
        self.window.geometry("1200x800")
        self.panel.side.select(self.wire)
        self.feed(exchange_event(6, b"abc"))
        self.assertTrue(self.pump_until(lambda: "REQUÊTE n°6" in self.wire.shown_text()))
        text, tips = self.wire.text, self.wire.tips
        # Survoler « Host » en hexadécimal (48 6f 73 74) : la bulle, et toute la ligne
        # « Host: h\r\n » surlignée, en hexadécimal comme en texte.
        x, y = self.point_of("48 6f 73 74")
        text.event_generate("<Motion>", x=x, y=y)
        self.assertTrue(self.pump_until(lambda: tips.tip_text()))
        self.assertEqual(plain(tips.tip_text()), plain("Host : " + note("Host")))
        marked = text.tag_ranges("hovered")
        marked = [text.get(start, end) for start, end in zip(marked[::2], marked[1::2])]
        # Deux morceaux par ligne du vidage (seize ou huit octets selon la largeur).
        self.assertEqual(bytes.fromhex("".join(marked[::2]).replace(" ", "")), b"Host: h\r\n")
        self.assertEqual("".join(marked[1::2]), "Host: h..")
        # Sur la ligne de requête : ni bulle ni surlignage.
        x, y = self.point_of("50 4f 53 54")   # « POST »
        text.event_generate("<Motion>", x=x, y=y)
        self.root.update()
        self.assertEqual((tips.tip_text(), text.tag_ranges("hovered")), ("", ()))
        # Un clic sur « Content-Length » dans la colonne du texte : la ligne sous la vue.
        x, y = self.point_of("Conten")
        text.event_generate("<Button-1>", x=x, y=y)
        text.event_generate("<ButtonRelease-1>", x=x, y=y)
        self.root.update()
        self.assertEqual(plain(self.wire.header_line.cget("text")),
                         plain("Content-Length : " + note("Content-Length")))
        text.event_generate("<Leave>")
        self.root.update()
        self.assertEqual((tips.tip_text(), text.tag_ranges("hovered")), ("", ()))

    def point_of(self, words):
        index = self.wire.text.search(words, "1.0")
        self.assertTrue(index, words)
        self.wire.text.see(index)
        self.root.update()
        x, y, _, height = self.wire.text.bbox(index)
        return x + 2, y + height // 2

    def dumped(self):
        """Ce que montrent les lignes du vidage : (la colonne du texte, les octets en
        hexadécimal), chacune d'un seul tenant, pour y chercher ce qui passe d'une ligne à
        l'autre."""
        width = self.wire.width
        text_at = hexdump.line_chars(width) - width
        rows = [line for line in self.wire.shown_text().splitlines()
                if re.match("[0-9a-f]{4}  ", line)]
        return ("".join(line[text_at:text_at + width] for line in rows),
                " ".join(" ".join(line[6:text_at].split()) for line in rows))

    def test_passwords_hidden_when_the_screen_hides_them(self):
        self.panel.log.mask_passwords.set(True)
        self.feed(Event(DATA, exchange=3, client="10.0.0.2", method="POST", path="/",
                        fields=(Field("mot_de_passe", "anneau"),), secrets=("mot_de_passe",)),
                  exchange_event(3, b"mot_de_passe=anneau"))
        self.panel.side.select(self.wire)
        self.root.update()
        self.assertIn("mot_de_passe=", self.wire.shown_text())
        self.assertNotIn("anneau", self.wire.shown_text())

    def test_what_a_spy_sees_is_shown_first(self):
        self.panel.side.select(self.wire)
        self.feed(exchange_event(4, b"", values=(("tls_bytes", b"\x17\x03\x03\x00\x20" * 4),)))
        # Le plus récent est redessiné au plus toutes les DRAW_EVERY secondes : on attend.
        self.assertTrue(self.pump_until(lambda: "ESPION" in self.wire.shown_text()))
        shown = plain(self.wire.shown_text())
        self.assertLess(shown.index("CE QUE VOIT UN ESPION"), shown.index("REQUÊTE n°4"))
        self.assertIn("17 03 03 00 20", shown)

    def test_a_long_body_is_bounded(self):
        self.panel.side.select(self.wire)
        event = exchange_event(5, b"x" * 8000)
        self.feed(event)
        self.assertTrue(self.pump_until(lambda: "montrée ici" in plain(self.wire.shown_text())))
        # La requête : son en-tête, puis le début du corps, jusqu'à SHOWN octets en tout.
        self.assertEqual(self.dumped()[0].count("x"), hexdump.SHOWN - len(event.request_head))


def exchange_event(number, body, **fields):
    head = b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: %d\r\n\r\n" % len(body)
    return Event(EXCHANGE, exchange=number, client="10.0.0.2", method="POST", path="/",
                 version="HTTP/1.1", status=200, reason="OK", request_head=head, body=body,
                 reply_head=b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", reply_body=b"ok",
                 reply_headers=(("Content-Length", "2"),), **fields)


if __name__ == "__main__":
    unittest.main()
