"""Tests de serveur/printable.py : un échange sur papier, une page HTML qui tient dans un fichier."""

import base64
import html.parser
import os
import re
import shutil
import tempfile
import unittest

from serveur import printable
from serveur.events import EXCHANGE, ClippedBytes, Event, Field
from serveur.paper_wording import BLANK_CODES
from serveur.printable import Item, Options
from serveur.sections import exchange_sections

from .support import ServerTestCase

SECRET = "Zoé anneau"   # une espace et un accent : codé « Zo%C3%A9+anneau » dans le corps


def post(number=1, body=None, path="/", headers=()):
    body = ("nom=Fr%C3%A9d%C3%A9ric&mot_de_passe=Zo%C3%A9+anneau&classe=premiere"
            .encode("ascii") if body is None else body)
    return Event(EXCHANGE, exchange=number, client="127.0.0.2", method="POST", path=path,
                 version="HTTP/1.1", body=body, status=200, reason="OK", duration=0.0004,
                 headers=(("Host", "127.0.0.1:8081"),
                          ("Content-Type", "application/x-www-form-urlencoded"),
                          ("Content-Length", str(len(body))), ("Referer", "http://127.0.0.1:8081/"))
                 + tuple(headers),
                 reply_headers=(("Server", "PanneauServeur"), ("Content-Type", "text/html"),
                                ("Set-Cookie", "visites=3")),
                 reply_body=b"<!DOCTYPE html><p>Merci</p>")


FIELDS = (Field("nom", "Frédéric", raw="nom=Fr%C3%A9d%C3%A9ric"),
          Field("mot_de_passe", SECRET, raw="mot_de_passe=Zo%C3%A9+anneau"),
          Field("classe", "premiere", raw="classe=premiere"))


def blanks_of(page):
    return re.findall(r'<span class="trou[^"]*"[^>]*><span class="n">(\d+)</span>', page)


def key_of(page):
    return re.findall(r'<li value="(\d+)">(.*?)</li>', page, re.S)


class Tags(html.parser.HTMLParser):
    """Les balises et attributs d'une page."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def tags_of(page):
    parser = Tags()
    parser.feed(page)
    return parser


class SelfContainedTest(unittest.TestCase):
    def test_one_file_no_script_no_link_no_outside_resource(self):
        page = printable.page([Item(post(), FIELDS, ("mot_de_passe",))],
                              Options(blanks=frozenset(BLANK_CODES)))
        parsed = tags_of(page)
        self.assertNotIn("script", parsed.tags)
        self.assertNotIn("link", parsed.tags)
        self.assertNotIn("img", parsed.tags)
        names = {name for name, _ in parsed.attributes}
        self.assertFalse(names & {"src", "href", "action", "srcset"}, names)
        self.assertNotRegex(page, r"url\(|@import")
        self.assertTrue(page.startswith("<!DOCTYPE html>"))
        self.assertIn('<html lang="fr">', page)
        self.assertIn('<meta charset="utf-8">', page)
        self.assertIn("@media print", page)

    def test_every_part_is_labelled_like_the_raw_exchange_view(self):
        event = post()
        page = printable.page([Item(event, FIELDS)])
        for label, text in exchange_sections(event):
            self.assertIn(printable.html.escape(label or text), page)
        self.assertIn("champs décodés (3)", page)
        self.assertIn("POST / HTTP/1.1", page)
        self.assertIn("HTTP/1.1 200 OK", page)
        self.assertIn("Referer: http://127.0.0.1:8081/", page)

    def test_one_exchange_per_page_and_the_key_on_the_last(self):
        page = printable.page([Item(post(1)), Item(post(2))], Options(blanks={"method"}))
        self.assertEqual(page.count('<section class="echange">'), 1)
        self.assertEqual(page.count('<section class="echange saut">'), 1)
        self.assertIn('<section class="corrige saut">', page)
        together = printable.page([Item(post(1)), Item(post(2))], Options(page_breaks=False))
        self.assertNotIn("echange saut", together)


class BlanksTest(unittest.TestCase):
    def test_no_blank_unless_asked(self):
        page = printable.page([Item(post(), FIELDS)])
        self.assertEqual(blanks_of(page), [])
        self.assertNotIn("Corrigé", page)
        self.assertNotIn("Nom\u00a0: ....", page)   # pas de ligne « Nom : » sans trous

    def test_the_method_and_the_status_become_numbered_boxes(self):
        page = printable.page([Item(post(), FIELDS)], Options(blanks={"method", "status"}))
        self.assertEqual(blanks_of(page), ["1", "2"])
        self.assertEqual(key_of(page), [("1", "POST"), ("2", "200 OK")])
        self.assertNotIn("POST / HTTP/1.1", page)
        self.assertIn("HTTP/1.1 <span", page)       # la version reste, le statut est un trou
        self.assertIn("Nom\u00a0: ....", page)     # une ligne pour le nom de l'élève
        # La case a la largeur de la réponse (au moins quelques caractères).
        self.assertIn('style="min-width:7ch"', page)

    def test_only_the_chosen_headers(self):
        page = printable.page([Item(post())], Options(blanks={"header-value", "reply-header-value"},
                                                      headers={"Content-Type"}))
        self.assertEqual([answer for _, answer in key_of(page)],
                         ["application/x-www-form-urlencoded", "text/html"])
        self.assertIn("Host: 127.0.0.1:8081", page)
        self.assertIn("Content-Type: <span", page)

    def test_header_names_fields_body_and_reply_body(self):
        page = printable.page([Item(post(), FIELDS)],
                              Options(blanks={"header-name", "fields", "body", "reply-body"},
                                      headers={"host"}, key=True))
        answers = [answer for _, answer in key_of(page)]
        self.assertEqual(answers[0], "Host")
        self.assertIn("Frédéric", answers)
        self.assertIn("nom=Fr%C3%A9d%C3%A9ric&amp;mot_de_passe=Zo%C3%A9+anneau&amp;classe=premiere",
                      answers)
        self.assertIn("&lt;!DOCTYPE html&gt;&lt;p&gt;Merci&lt;/p&gt;", answers)
        self.assertEqual(page.count('class="trou bloc"'), 2)   # corps : une case sur des lignes
        self.assertIn(": 127.0.0.1:8081", page)                 # la valeur de Host reste

    def test_the_key_can_be_left_out(self):
        page = printable.page([Item(post())], Options(blanks={"method"}, key=False))
        self.assertEqual(blanks_of(page), ["1"])
        self.assertEqual(key_of(page), [])

    def test_numbers_run_across_exchanges(self):
        page = printable.page([Item(post(1)), Item(post(2))], Options(blanks={"method"}))
        self.assertEqual(blanks_of(page), ["1", "2"])


class HostileInputTest(unittest.TestCase):
    def test_a_script_anywhere_stays_text(self):
        attack = "<script>alert('x')</script>"
        event = post(path="/?q=" + attack, body=attack.encode("utf-8"),
                     headers=(("X-" + attack, attack),))
        event.reply_body = attack.encode("utf-8")
        fields = (Field(attack, attack),)
        for options in (Options(), Options(blanks=frozenset(BLANK_CODES))):
            page = printable.page([Item(event, fields)], options)
            self.assertNotIn("<script", page)
            self.assertNotIn("script", tags_of(page).tags)
            self.assertIn("&lt;script&gt;", page)

    def test_control_characters_are_shown_escaped(self):
        event = post(path="/a\x1b[31mb", body=b"x=\r\n\x00")
        page = printable.page([Item(event)])
        self.assertIn("/a\\x1b[31mb", page)
        self.assertNotIn("\x1b", page)
        self.assertNotIn("\x00", page)

    def test_a_long_body_keeps_the_page_short(self):
        event = post()
        event.reply_body = "".join("ligne %d\n" % n for n in range(30)).encode("ascii")
        page = printable.page([Item(event)], Options(blanks={"reply-body"}))
        self.assertIn("ligne 7", page)
        self.assertNotIn("ligne 8", page)
        self.assertIn("(22 lignes de plus, dans «\u00a0Échange brut\u00a0»)", page)

    def test_what_the_event_did_not_keep_is_said(self):
        body = ClippedBytes(b"a" * 100)
        body.missing = 5000
        page = printable.page([Item(post(body=body))])
        self.assertIn("corps (5\u202f100 octets)", page)
        self.assertIn("(5\u202f000 octets de plus)", page)


class PasswordTest(unittest.TestCase):
    def test_masked_everywhere_in_every_form_when_asked(self):
        get = Event(EXCHANGE, exchange=2, method="GET", version="HTTP/1.1", status=200,
                    reason="OK", path="/recherche?mot_de_passe=Zo%C3%A9+anneau&ville=Lyon")
        for item in (Item(post(), FIELDS, ("mot_de_passe",)), Item(get, (), ("mot_de_passe",))):
            page = printable.page([item], Options(mask=True, blanks={"fields"}))
            for form in (SECRET, "Zo%C3%A9+anneau", "Zo%C3%A9%20anneau"):
                self.assertNotIn(form, page)
            self.assertIn("••••", page)
            self.assertIn("masqués", page)

    def test_in_clear_the_page_says_so(self):
        page = printable.page([Item(post(), FIELDS, ("mot_de_passe",))])
        self.assertIn(SECRET, page)
        self.assertIn("en clair", page)

    def test_a_hide_function_masks_what_the_screen_masks(self):
        page = printable.page([Item(post())], hide=lambda text: text.replace("premiere", "••••"))
        self.assertNotIn("premiere", page)
        self.assertIn("masqués", page)


class FrenchTest(unittest.TestCase):
    def test_french_typography_of_our_sentences(self):
        page = printable.page([Item(post(), FIELDS)], Options(blanks={"method"}),
                              client_label=lambda address: "Poste 2")
        self.assertIn("Nom\u00a0: ", page)
        self.assertIn("Pour imprimer\u00a0: Ctrl+P", page)
        self.assertIn("«\u00a0Échange brut\u00a0»", page)
        self.assertIn("nom = «\u00a0Frédéric\u00a0»", page)
        self.assertIn("envoyée par le client Poste 2", page)
        self.assertIn("préparée en 0,4 ms", page)   # comme « Échange brut »
        self.assertIn("(1 case)", page)
        self.assertIn("1 échange.", page)
        self.assertNotRegex(page, r"\w :")   # jamais une espace ordinaire avant « : »

    def test_titles(self):
        self.assertIn("<h1>Échange n°7</h1>", printable.page([Item(post(7))]))
        self.assertIn("<h1>Aucun échange à imprimer.</h1>", printable.page([]))
        self.assertEqual(printable.many_title(3), "3 échanges")
        self.assertIn("<h1>Ma séance</h1>", printable.page([], title="Ma séance"))


class StreamTest(unittest.TestCase):
    def test_items_from_an_iterator_are_written_one_by_one(self):
        written = []

        class Out:
            def write(self, text):
                written.append(text)

        count = printable.write_page(Out(), (Item(post(n)) for n in range(1, 4)),
                                     notes=printable.archive_notes(3, 12, 2))
        self.assertEqual(count, 3)
        page = "".join(written)
        self.assertIn("3 échanges.", page)
        self.assertIn("après le n°3", page)
        self.assertIn("12 échanges de plus", page)
        self.assertIn("2 échanges sont arrivés trop vite", page)


class RealExchangeTest(ServerTestCase):
    """Un vrai échange, reçu par le vrai serveur : le formulaire en GET, décodé depuis l'adresse."""

    def test_a_real_get_form_with_its_decoded_parameters(self):
        self.request("GET", "/recherche?ville=Besan%C3%A7on&departement=%3Cb%3E")
        event = self.wait_kind(EXCHANGE)
        page = printable.page([Item(event)], Options(blanks={"path", "fields"}))
        self.assertIn("paramètres de l'adresse, décodés (2)".replace("'", "&#x27;"), page)
        answers = [answer for _, answer in key_of(page)]
        self.assertEqual(answers, ["/recherche?ville=Besan%C3%A7on&amp;departement=%3Cb%3E",
                                   "Besançon", "&lt;b&gt;"])
        self.assertIn("HTTP/1.1 200 OK", page)


class BrowserTest(ServerTestCase):
    """La page ouverte dans un vrai navigateur (Chromium sans écran), comme le professeur."""

    def setUp(self):
        from .test_navigateur import CHROMEDRIVER, CHROMIUM, CHROMIUM_FLAGS, check_browser
        check_browser()
        super().setUp()
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        self.folder_out = tempfile.mkdtemp(prefix="panneau-page-")
        self.addCleanup(shutil.rmtree, self.folder_out, True)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument("--user-data-dir=" + os.path.join(self.folder_out, "profil"))
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.addCleanup(self.driver.quit)

    def test_the_page_opens_alone_and_prints_one_exchange_per_page(self):
        from selenium.webdriver.common.by import By
        body = "nom=Zo%C3%A9&mot_de_passe=licorne42&classe=premiere"
        self.request("POST", "/", body=body.encode("ascii"),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        event = self.wait_kind(EXCHANGE)
        fields = (Field("nom", "Zoé"), Field("mot_de_passe", "licorne42"),
                  Field("classe", "premiere"))
        path = os.path.join(self.folder_out, "échange.html")
        with open(path, "w", encoding="utf-8") as out:
            printable.write_page(out, [Item(event, fields, ("mot_de_passe",))],
                                 Options(blanks={"method", "status", "fields"}, mask=True))
        self.driver.get("file://" + path)
        self.assertEqual(self.driver.title, "Échange n°%d" % event.exchange)
        # Rien d'autre n'est demandé : ni feuille de style, ni image, ni script.
        self.assertEqual(self.driver.execute_script(
            "return performance.getEntriesByType('resource').length"), 0)
        boxes = self.driver.find_elements(By.CSS_SELECTOR, ".trou")
        self.assertEqual(len(boxes), 4)   # méthode, nom, classe, statut (le mot de passe : ••••)
        self.assertTrue(all(box.size["width"] >= 30 for box in boxes))
        text = self.driver.find_element(By.TAG_NAME, "body").text
        self.assertIn("Corrigé", text)
        self.assertNotIn("licorne42", text)
        self.assertTrue(self.driver.save_screenshot(os.path.join(self.folder_out, "page.png")))
        from selenium.webdriver.common.print_page_options import PrintOptions
        a4 = PrintOptions()
        a4.page_width, a4.page_height = 21.0, 29.7
        pdf = base64.b64decode(self.driver.print_page(a4))
        self.assertEqual(len(re.findall(rb"/Type\s*/Page[^s]", pdf)), 2)   # l'échange, le corrigé


if __name__ == "__main__":
    unittest.main()
