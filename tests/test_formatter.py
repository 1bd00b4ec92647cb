"""Tests de serveur.formatter : les phrases du narrateur et leur sécurité.

Les événements sont fabriqués à la main (serveur.events) : aucun serveur ne
tourne ici.
"""

import unicodedata
import unittest

from serveur import events
from serveur.events import Event, Field
from serveur.formatter import (MAX_LINE_CHARS, escape, format_event, format_lines, message_of,
                               stop_summary)
from serveur.sections import exchange_sections

from .support import plain

HOSTILE = "\x1b[31mrouge\r\nSERVEUR : fausse ligne\x00\x7f\u202e\u2028"
CLIENT = "127.0.0.1"


def unsafe_chars(text):
    """Les caractères qui ne devraient jamais atteindre l'écran tels quels."""
    return [ch for ch in text
            if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs")]


class EscapeTest(unittest.TestCase):
    """escape() montre les caractères de contrôle au lieu de les interpréter."""

    def test_control_chars_visible(self):
        cases = {
            "a\nb": "a\\nb",
            "a\rb": "a\\rb",
            "a\tb": "a\\tb",
            "\x1b[31m": "\\x1b[31m",
            "nul\x00": "nul\\x00",
            "del\x7f": "del\\x7f",
            "c1\x85": "c1\\x85",
            "abc\u202edef": "abc\\u202edef",
            "ligne\u2028suite": "ligne\\u2028suite",
            "bom\ufeff": "bom\\ufeff",
        }
        for raw, shown in cases.items():
            with self.subTest(raw=raw):
                self.assertEqual(escape(raw), shown)

    def test_escaped_text_has_no_control_char(self):
        every = "".join(chr(i) for i in range(0x20)) + "\x7f\x9f\u200b\u202e\u2028\u2029"
        self.assertEqual(unsafe_chars(escape(every)), [])

    def test_normal_text_untouched(self):
        for text in ("Frédéric", "à l'école, ça va ? Très bien — « merci » !",
                     "Ñandú über Straße", "日本語 😀", "", "nom=Fr%C3%A9d%C3%A9ric&x=1",
                     "12\u202f345"):
            with self.subTest(text=text):
                self.assertEqual(escape(text), text)


class FormatEventTest(unittest.TestCase):
    """Une ou plusieurs lignes lisibles pour chaque sorte d'événement."""

    def assert_clean(self, lines):
        self.assertIsInstance(lines, list)
        self.assertTrue(lines)
        for line in lines:
            self.assertIsInstance(line, str)
            self.assertEqual(unsafe_chars(line), [], "caractère de contrôle dans %r" % line)

    def test_started(self):
        event = Event(events.STARTED, url="http://127.0.0.1:8081/", port=8081,
                      mode="get-post", folder="/home/élève/site")
        lines = format_event(event)
        self.assert_clean(lines)
        text = "\n".join(lines)
        self.assertIn("SERVEUR", lines[0])
        self.assertIn("http://127.0.0.1:8081/", lines[0])
        self.assertIn("GET/POST", lines[0])
        self.assertIn("/home/élève/site", text)

    def test_started_get_mode(self):
        lines = format_event(Event(events.STARTED, url="http://127.0.0.1:8080/", port=8080,
                                   mode="get", folder="/tmp"))
        self.assertIn("mode GET ", lines[0])

    def test_request_with_headers(self):
        event = Event(events.REQUEST, client=CLIENT, method="GET", path="/index.html",
                      version="HTTP/1.1",
                      headers=(("Host", "127.0.0.1:8080"), ("User-Agent", "Firefox")))
        lines = format_event(event)
        self.assert_clean(lines)
        text = "\n".join(lines)
        self.assertIn("[GET]", lines[0])
        self.assertIn(CLIENT, lines[0])
        self.assertIn("GET /index.html HTTP/1.1", text)
        self.assertIn("Host: 127.0.0.1:8080", text)
        self.assertIn("User-Agent: Firefox", text)
        self.assertIn("(2)", text)

    def test_request_without_headers(self):
        lines = format_event(Event(events.REQUEST, client=CLIENT, method="GET", path="/",
                                   version="HTTP/1.0"))
        self.assert_clean(lines)
        self.assertIn("aucun en-tête", "\n".join(lines))

    def test_data_with_fields_and_file(self):
        event = Event(events.DATA, client=CLIENT, method="POST", path="/",
                      headers=(("Content-Type", "multipart/form-data; boundary=X"),),
                      body=b"x" * 1234, body_format="multipart",
                      fields=(Field("nom", "Frédéric"),
                              Field("piece", "", "résumé.pdf", 12345, "application/pdf")))
        lines = format_event(event)
        self.assert_clean(lines)
        text = "\n".join(lines)
        self.assertIn("POST", text)
        self.assertIn("multipart/form-data", text)
        self.assertIn("1\u202f234 octets", text)
        self.assertIn("nom = « Frédéric »", plain(text))
        self.assertIn("résumé.pdf", text)
        self.assertIn("12\u202f345 octets", text)
        self.assertIn("application/pdf", text)

    def test_data_no_file_chosen(self):
        event = Event(events.DATA, method="POST", body=b"--X--",
                      fields=(Field("piece", "", "", 0, "application/octet-stream"),))
        text = "\n".join(format_event(event))
        self.assertIn("aucun fichier choisi", text)

    def test_data_empty_body(self):
        lines = format_event(Event(events.DATA, method="POST", body=b""))
        self.assert_clean(lines)
        self.assertIn("corps vide", "\n".join(lines))

    def test_data_problem_shown(self):
        event = Event(events.DATA, method="POST", body=b"{", body_format="json",
                      headers=(("Content-Type", "application/json"),),
                      detail="JSON invalide (Expecting value)")
        text = "\n".join(format_event(event))
        self.assertIn("attention", text)
        self.assertIn("JSON invalide", text)

    def test_data_other_format(self):
        event = Event(events.DATA, method="POST", body=b"\x89PNG", body_format="other",
                      headers=(("Content-Type", "image/png"),))
        lines = format_event(event)
        self.assert_clean(lines)
        self.assertIn("ne sais pas découper", "\n".join(lines))

    def test_response_200(self):
        event = Event(events.RESPONSE, client=CLIENT, status=200, reason="OK", path="/",
                      headers=(("Content-Type", "text/html; charset=utf-8"),
                               ("Content-Length", "2048")))
        lines = format_event(event)
        self.assert_clean(lines)
        text = "\n".join(lines)
        self.assertIn("200 OK", text)
        self.assertIn("tout s'est bien passé", text)
        self.assertIn("text/html; charset=utf-8", text)
        self.assertIn("2\u202f048 octets", text)

    def test_response_404(self):
        event = Event(events.RESPONSE, client=CLIENT, status=404, reason="Not Found",
                      path="/absent.html")
        lines = format_event(event)
        self.assert_clean(lines)
        text = "\n".join(lines)
        self.assertIn("404 Not Found", text)
        self.assertIn("introuvable", text)
        self.assertIn("/absent.html", text)

    def test_response_unknown_status(self):
        lines = format_event(Event(events.RESPONSE, status=418, reason="I'm a teapot"))
        self.assert_clean(lines)
        self.assertIn("418", lines[0])

    def test_error(self):
        event = Event(events.ERROR, client=CLIENT, message="corps trop gros", status=413)
        lines = format_event(event)
        self.assert_clean(lines)
        self.assertIn("[ERREUR]", lines[0])
        self.assertIn(CLIENT, lines[0])
        self.assertIn("corps trop gros", lines[0])
        self.assertIn("413", lines[0])

    def test_notice(self):
        lines = format_event(Event(events.NOTICE, client=CLIENT, message="connexion fermée"))
        self.assert_clean(lines)
        self.assertIn("connexion fermée", lines[0])
        self.assertIn(CLIENT, lines[0])

    def test_stopped(self):
        lines = format_event(Event(events.STOPPED, port=8081,
                                   message="je m'arrête : le port 8081 est de nouveau libre."))
        self.assert_clean(lines)
        self.assertIn("le port 8081 est de nouveau libre", lines[0])
        self.assertIn("SERVEUR", lines[0])

    def test_stopped_default_message(self):
        self.assertIn("je m'arrête", format_event(Event(events.STOPPED))[0])

    def test_format_lines(self):
        event = Event(events.NOTICE, message="bonjour")
        text = format_lines(event)
        self.assertTrue(text.endswith("\n"))
        self.assertEqual(text, "\n".join(format_event(event)) + "\n")


class StudentExchangeTest(unittest.TestCase):
    def test_a_body_that_never_left_is_not_all_right(self):
        # « Mon serveur » : le statut et les en-têtes partis, puis une exception avant le corps.
        headers = (("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "190"))
        event = Event(events.EXCHANGE, client="127.0.0.1", method="GET", path="/", status=200,
                      reason="OK", reply_headers=headers, values=(("body_sent", 0),))
        line = plain(format_event(event)[0])
        self.assertIn("je réponds 200 OK au client", line)
        self.assertNotIn("tout s'est bien passé", line)
        self.assertIn("corps annoncé : 190 octets, parti : 0 octet", line)
        whole = Event(events.EXCHANGE, client="127.0.0.1", method="GET", path="/", status=200,
                      reason="OK", reply_headers=headers, values=(("body_sent", 190),))
        self.assertIn("(tout s'est bien passé)", plain(format_event(whole)[0]))


class FactTest(unittest.TestCase):
    """Le serveur donne un fait et ses valeurs ; le narrateur en fait la phrase."""

    def test_a_fact_and_its_values(self):
        event = Event(events.ERROR, client=CLIENT, status=503, fact="too-many-connections",
                      values=(("limit", 100),))
        self.assertEqual(message_of(event), "trop de connexions simultanées (100)\u00a0: "
                                            "connexion refusée")
        line = format_event(event)[0]
        self.assertIn("[ERREUR] client 127.0.0.1\u00a0: trop de connexions simultanées (100)", line)
        self.assertIn("→ réponse 503", line)

    def test_an_error_answer_is_told_with_its_page_explanation(self):
        event = Event(events.ERROR, status=404, fact="folder-gone",
                      values=(("folder", "/tmp/parti"), ("cause", "file-not-found"),
                              ("quoted", "")))
        self.assertEqual(message_of(event), "fichier introuvable — le dossier servi "
                                            "«\u00a0/tmp/parti\u00a0» n'existe plus\u00a0: "
                                            "choisissez un autre dossier dans le panneau, ou "
                                            "recréez-le.")
        generic = Event(events.ERROR, status=414)
        self.assertEqual(message_of(generic), "L'adresse demandée (URL) est trop longue.")

    def test_values_from_the_client_are_escaped(self):
        event = Event(events.ERROR, status=400, fact="bad-content-length",
                      values=(("lengths", HOSTILE),))
        for line in format_event(event):
            self.assertEqual(unsafe_chars(line), [])

    def test_free_text_wins_and_an_unknown_fact_keeps_its_name(self):
        self.assertEqual(message_of(Event(events.NOTICE, fact="client-gone", message="autre")),
                         "autre")
        self.assertEqual(message_of(Event(events.NOTICE, fact="fait-inconnu")), "fait-inconnu")
        self.assertEqual(message_of(Event(events.NOTICE)), "")

    def test_stop_in_the_journal_counts_the_connections_cut(self):
        def stopped(cut):
            return message_of(Event(events.STOPPED, port=8081, fact="stopped",
                                    values=(("cut", cut),)))
        self.assertEqual(stopped(0), "je m'arrête\u00a0: le port 8081 est de nouveau libre.")
        self.assertEqual(stopped(1), "je m'arrête\u00a0: 1 connexion encore ouverte coupée, "
                                     "le port 8081 est de nouveau libre.")
        self.assertEqual(stopped(5), "je m'arrête\u00a0: 5 connexions encore ouvertes coupées, "
                                     "le port 8081 est de nouveau libre.")
        self.assertEqual(stopped(1500), "je m'arrête\u00a0: 1\u202f500 connexions encore "
                                        "ouvertes coupées, le port 8081 est de nouveau libre.")

    def test_stop_after_an_error(self):
        event = Event(events.STOPPED, port=8081, fact="stopped-after-error")
        self.assertEqual(message_of(event), "je suis arrêté\u00a0: cliquez sur «\u00a0Démarrer\u00a0» "
                                            "pour repartir.")

    def test_stop_summary_for_the_status_line(self):
        self.assertEqual(stop_summary(0), "Serveur arrêté.")
        self.assertEqual(stop_summary(1), "Serveur arrêté\u00a0: 1 connexion encore ouverte a été "
                                          "coupée.")
        self.assertEqual(stop_summary(3), "Serveur arrêté\u00a0: 3 connexions encore ouvertes ont "
                                          "été coupées.")


class HostileInputTest(unittest.TestCase):
    """Ce qui vient du client ne peut ni fabriquer de fausses lignes ni piloter le terminal."""

    def assert_no_raw_control(self, event):
        for text in (format_lines(event)[:-1],) + tuple(format_event(event)):
            lines = text.split("\n")
            for line in lines:
                self.assertEqual(unsafe_chars(line), [], "caractère de contrôle dans %r" % line)
        # les lignes rendues sont exactement celles de format_event (pas de \n caché)
        self.assertEqual(format_lines(event).count("\n"), len(format_event(event)))

    def test_request(self):
        event = Event(events.REQUEST, client=CLIENT, method="GET" + HOSTILE,
                      path="/" + HOSTILE, version="HTTP/1.1" + HOSTILE,
                      headers=((HOSTILE, HOSTILE), ("X-Test" + HOSTILE, "v" + HOSTILE)))
        self.assert_no_raw_control(event)
        self.assertIn("\\x1b[31m", "\n".join(format_event(event)))

    def test_data(self):
        event = Event(events.DATA, client=CLIENT, method="POST", path="/" + HOSTILE,
                      headers=(("Content-Type", "text/plain" + HOSTILE),),
                      body=HOSTILE.encode("utf-8") * 3, body_format="text",
                      fields=(Field(HOSTILE, HOSTILE),
                              Field("f" + HOSTILE, "", "x" + HOSTILE + ".txt", 3,
                                    "text/plain" + HOSTILE)))
        self.assert_no_raw_control(event)
        text = "\n".join(format_event(event))
        self.assertIn("\\r\\n", text)
        self.assertIn("\\x1b[31m", text)

    def test_data_invalid_utf8_body(self):
        event = Event(events.DATA, method="POST", body=b"\xff\x1b[2J\xc3", body_format="other")
        self.assert_no_raw_control(event)

    def test_response(self):
        event = Event(events.RESPONSE, client=CLIENT, status=404, reason="Not Found" + HOSTILE,
                      path="/" + HOSTILE, headers=(("Content-Type", "text/html" + HOSTILE),))
        self.assert_no_raw_control(event)

    def test_error_and_notice(self):
        for kind in (events.ERROR, events.NOTICE):
            with self.subTest(kind=kind):
                self.assert_no_raw_control(Event(kind, client=CLIENT, message=HOSTILE))


class ShortenTest(unittest.TestCase):
    """Les textes trop longs sont raccourcis, en disant combien il en manque."""

    def test_long_body(self):
        event = Event(events.DATA, method="POST", body=b"a" * 10000, body_format="other",
                      headers=(("Content-Type", "application/octet-stream"),))
        lines = format_event(event)
        text = "\n".join(lines)
        self.assertIn("… (8\u202f100 octets de plus)", text)   # 1 900 octets montrés
        self.assertLess(max(len(line) for line in lines), 3000)
        self.assertIn("10\u202f000 octets", text)

    def test_huge_body(self):
        event = Event(events.DATA, method="POST", body=b"b" * 100000, body_format="other")
        lines = format_event(event)
        text = "\n".join(lines)
        self.assertIn("octets de plus", text)
        self.assertIn("100\u202f000 octets", text)
        self.assertLess(len(text), 5000)

    def test_long_field_value_and_path(self):
        event = Event(events.DATA, method="POST", path="/" + "p" * 5000, body=b"x=1",
                      fields=(Field("x", "v" * 5000),))
        text = "\n".join(format_event(event))
        self.assertIn("caractères de plus", text)
        self.assertNotIn("v" * 1000, text)
        request = Event(events.REQUEST, method="GET", path="/" + "p" * 5000,
                        version="HTTP/1.1", headers=(("X", "h" * 5000),))
        text = "\n".join(format_event(request))
        self.assertIn("caractères de plus", text)
        self.assertNotIn("p" * 1000, text)
        self.assertNotIn("h" * 1000, text)

    def test_short_body_not_shortened(self):
        event = Event(events.DATA, method="POST", body=b"nom=Alice",
                      fields=(Field("nom", "Alice"),))
        self.assertNotIn("caractères de plus", "\n".join(format_event(event)))

    def test_many_headers_and_fields(self):
        request = Event(events.REQUEST, method="GET", path="/", version="HTTP/1.1",
                        headers=tuple(("X-%d" % i, "v") for i in range(200)))
        self.assertIn("autres", format_event(request)[-1])
        data = Event(events.DATA, method="POST", body=b"x",
                     fields=tuple(Field("c%d" % i, "v") for i in range(300)))
        self.assertIn("autres champs", format_event(data)[-1])


NBSP, NNBSP = "\u00a0", "\u202f"


class TypographyTest(unittest.TestCase):
    """Nos morceaux de phrase à la française ; ce qu'a envoyé le client, tel qu'il a voyagé."""

    def test_our_words_have_no_break_spaces(self):
        line = format_event(Event(events.NOTICE, fact="client-gone", client=CLIENT))[0]
        self.assertIn("  SERVEUR" + NBSP + ": client 127.0.0.1" + NBSP + ": le client a fermé", line)
        event = Event(events.DATA, method="POST", body=b"nom=Fr%C3%A9d%C3%A9ric",
                      fields=(Field("nom", "Frédéric", raw="nom=Fr%C3%A9d%C3%A9ric"),))
        lines = format_event(event)
        self.assertIn(INDENT_2 + "nom = «" + NBSP + "Frédéric" + NBSP + "»   ← reçu" + NBSP
                      + ": nom=Fr%C3%A9d%C3%A9ric", lines)
        self.assertIn("   - corps brut, tel qu'il a voyagé" + NBSP + ": nom=Fr%C3%A9d%C3%A9ric", lines)

    def test_what_the_client_sent_is_shown_as_it_travelled(self):
        request = Event(events.REQUEST, client=CLIENT, method="GET", path="/a :b?c=d ; e !",
                        version="HTTP/1.1", headers=(("Content-Type", "text/html; charset=utf-8"),
                                                     ("X-Note", "oui : « non » ?")))
        text = "\n".join(format_event(request))
        self.assertIn("GET /a :b?c=d ; e ! HTTP/1.1", text)
        self.assertIn("Content-Type: text/html; charset=utf-8", text)
        self.assertIn("X-Note: oui : « non » ?", text)
        data = Event(events.DATA, method="POST", body=b"x", fields=(Field("q", "a : b ?"),))
        self.assertIn("q = «" + NBSP + "a : b ?" + NBSP + "»", "\n".join(format_event(data)))

    def test_numbers_in_french(self):
        event = Event(events.EXCHANGE, client=CLIENT, method="GET", path="/", version="HTTP/1.1",
                      status=200, reason="OK", duration=0.00093, exchange=7)
        self.assertIn("préparée en 0,9 ms", exchange_sections(event)[5][1])
        many = Event(events.REQUEST, method="GET", path="/", version="HTTP/1.1",
                     headers=tuple(("X-%d" % i, "v") for i in range(1100)))
        self.assertIn("… et 1" + NNBSP + "040 autres", format_event(many)[-1])


INDENT_2 = "      "


class PathShownDecodedTest(unittest.TestCase):
    """Un chemin est montré décodé, à côté de sa forme brute ; chaque 404 dit lequel."""

    RAW = "/S%C3%A9ance%201.txt"

    def test_every_404_line_names_the_path_decoded_and_raw(self):
        for fact, values in (("", (("cause", "file-not-found"), ("quoted", ""))),
                             ("hidden-file", ()), ("windows-device", ())):
            with self.subTest(fact=fact):
                event = Event(events.ERROR, client=CLIENT, status=404, reason="Not Found",
                              method="GET", path=self.RAW, fact=fact, values=values)
                line = format_event(event)[0]
                self.assertIn("→ réponse 404 (ressource introuvable) pour /Séance 1.txt (reçu"
                              + NBSP + ": " + self.RAW + ")", line)

    def test_request_and_response_lines(self):
        request = Event(events.REQUEST, client=CLIENT, method="GET", path=self.RAW + "?x=%C3%A9",
                        version="HTTP/1.1")
        lines = format_event(request)
        self.assertIn("   - ligne de requête" + NBSP + ": GET " + self.RAW + "?x=%C3%A9 HTTP/1.1",
                      lines)
        self.assertIn("   - chemin demandé, une fois décodé" + NBSP + ": /Séance 1.txt?x=%C3%A9",
                      lines)
        response = Event(events.EXCHANGE, client=CLIENT, status=200, reason="OK", path=self.RAW)
        self.assertIn("pour /Séance 1.txt (reçu" + NBSP + ": " + self.RAW + ")",
                      format_event(response)[0])

    def test_a_plain_path_is_shown_once_and_a_decoded_one_stays_escaped(self):
        plain_request = Event(events.REQUEST, method="GET", path="/page.html", version="HTTP/1.1")
        self.assertNotIn("décodé", "\n".join(format_event(plain_request)))
        hostile = Event(events.ERROR, status=404, path="/a%0Ab%1B[2J", fact="hidden-file")
        line = format_event(hostile)[0]
        self.assertEqual(unsafe_chars(line), [])
        self.assertIn("/a\\nb\\x1b[2J (reçu" + NBSP + ": /a%0Ab%1B[2J)", line)


class PasswordAndCookieTest(unittest.TestCase):
    def test_password_in_a_post_over_the_network(self):
        event = Event(events.DATA, client="192.168.1.30", method="POST", body=b"mdp=x&nom=",
                      fields=(Field("mdp", "x"), Field("nom", "")), secrets=("mdp", "nom"),
                      values=(("route", "network"),))
        warnings = [line for line in format_event(event) if "⚠" in line]
        self.assertEqual(len(warnings), 1)   # « nom » est vide : rien à signaler
        self.assertIn("EN CLAIR sur le réseau", warnings[0])

    def test_password_in_the_address_is_worse(self):
        event = Event(events.REQUEST, client=CLIENT, method="GET", path="/?mdp=x",
                      version="HTTP/1.1", fields=(Field("mdp", "x", raw="mdp=x"),),
                      secrets=("mdp",), values=(("route", "same-computer"),))
        text = "\n".join(format_event(event))
        self.assertIn("c'est pire qu'en POST", text)
        self.assertIn("sans quitter cet ordinateur", text)

    def test_cookie_kept_until_the_browser_closes_for_every_port(self):
        def said(cookie):
            event = Event(events.EXCHANGE, client=CLIENT, status=200, reason="OK",
                          reply_headers=(("Set-Cookie", cookie),))
            return format_event(event)[1]
        session = said("visites=2; Path=/; SameSite=Lax")
        self.assertIn("Set-Cookie: visites=2; Path=/; SameSite=Lax (le navigateur le garde "
                      "jusqu'à sa fermeture", session)
        self.assertIn("vers cet hôte, quel que soit le port", session)
        self.assertIn("jusqu'à la date fixée par Max-Age ou Expires", said("a=1; Max-Age=60"))
        self.assertIn("jusqu'à la date fixée", said("a=1; Path=/; expires=Wed, 21 Oct 2026 07:28:00 GMT"))



class MissingIconTest(unittest.TestCase):
    def test_told_as_a_normal_answer_not_an_error(self):
        icon = Event(events.ERROR, client="10.0.0.2", method="GET", path="/favicon.ico",
                     status=404, reason="Not Found")
        line = plain(format_lines(icon))
        self.assertNotIn("[ERREUR]", line)
        self.assertIn("je réponds 404 Not Found (ressource introuvable) au client 10.0.0.2 pour "
                      "/favicon.ico : ce dossier n'a pas d'icône, c'est normal", line)
        other = Event(events.ERROR, client="10.0.0.2", method="GET", path="/image.png",
                      status=404, reason="Not Found")
        self.assertIn("[ERREUR]", format_lines(other))


BIG = 60000


def hostile_text(char="x"):
    """60 000 caractères, dont des caractères de contrôle (qui s'échappent en 2 à 6)."""
    return (char * 9 + "\x1b\u202e\n") * (BIG // 12)


def everything_long(kind, bounded):
    """Un événement ``kind`` dont chaque texte venu d'un client fait 60 000 caractères."""
    big = hostile_text()
    fields = dict(
        client=CLIENT, exchange=3, method="M" * BIG, path="/" + big, version="H" * BIG,
        headers=((big, big), ("Content-Type", big), ("Cookie", big), ("Set-Cookie", big),
                 ("Content-Length", "9" * BIG)) + tuple(("X-%d" % n, big) for n in range(95)),
        reply_headers=(("Content-Type", big), ("Set-Cookie", big + "; Max-Age=3")),
        body=big.encode("utf-8") * 20, reply_body=big.encode("utf-8"), detail=big,
        reason=big, body_format="other", status=404 if kind == events.ERROR else 200,
        fields=tuple(Field(big, big, None, None, None, big) for _ in range(3))
        + (Field(big, "", big, 10, big, None),),
        secrets=(big,), fact="library-note" if kind == events.NOTICE else "",
        values=tuple((name, big) for name in ("request_line", "quoted", "lengths", "text",
                                               "error")) + (("cause", "library-other"),))
    if bounded:
        fields = events.bound(fields)
    return Event(kind, **fields)


class ClippedValuesShownTest(unittest.TestCase):
    """Un texte coupé par events.bound : le journal dit combien le CLIENT en a envoyé."""

    def test_request_counts_what_the_client_sent(self):
        event = Event(events.REQUEST, **events.bound(dict(
            method="M" * BIG, path="/" + "p" * BIG, version="H" * BIG,
            headers=(("N" * BIG, "v"),) + tuple(("X-%d" % n, "w" * 3000) for n in range(99)))))
        text = plain("\n".join(format_event(event)))
        self.assertIn("M" * 40 + "… (59 960 caractères de plus)", text)
        self.assertIn("/" + "p" * 499 + "… (59 501 caractères de plus)", text)   # 2 000 gardés
        self.assertIn("H" * 40 + "… (59 960 caractères de plus)", text)
        self.assertIn("N" * 100 + "… (59 900 caractères de plus): v", text)
        self.assertIn("w" * 500 + "… (2 500 caractères de plus)", text)
        self.assertIn("en-têtes reçus (100)", text)
        shown = len([line for line in text.split("\n") if line.startswith("      X-")])
        self.assertIn("… et %d autres" % (99 - shown), text)

    def test_data_tells_the_true_size_of_the_body_and_fields(self):
        event = Event(events.DATA, **events.bound(dict(
            method="POST", body=b"b" * 2 ** 20, body_format="urlencoded",
            fields=(Field("v", "v" * 5000, raw="v=" + "v" * 5000),)
            + tuple(Field("c%d" % n, "") for n in range(4999)))))
        text = plain("\n".join(format_event(event)))
        self.assertIn("contient des données : 1 048 576 octets", text)
        self.assertIn("… (1 046 676 octets de plus)", text)   # 1 900 montrés
        self.assertIn("« " + "v" * 500 + "… (4 500 caractères de plus) »", text)
        self.assertIn("reçu : v=" + "v" * 498 + "… (4 502 caractères de plus)", text)
        self.assertIn("… et 4 900 autres champs", text)

    def test_a_quotation_in_an_error(self):
        event = Event(events.ERROR, **events.bound(dict(
            status=400, reason="Bad Request",
            values=(("cause", "bad-syntax"), ("request_line", "G" * BIG)))))
        text = plain(format_lines(event))
        self.assertIn("G" * 500 + "… (59 500 caractères de plus)", text)

    def test_the_exchange_view_tells_true_sizes(self):
        event = Event(events.EXCHANGE, **events.bound(dict(
            exchange=2, method="POST", path="/", version="HTTP/1.1", status=200, reason="OK",
            headers=tuple(("X-%d" % n, "h" * 1990) for n in range(100)),
            body="é".encode("utf-8") * 10000, reply_body=b"<p>ok</p>")))
        sections = dict(exchange_sections(event))
        self.assertIn("corps (20\u202f000 octets)", sections)
        body = sections["corps (20\u202f000 octets)"]
        self.assertTrue(body.endswith("… (11\u202f808 octets de plus)"), body[-60:])
        self.assertNotIn("\ufffd", body)   # aucun caractère coupé en deux
        headers = sections["en-têtes (100)"]
        self.assertIn("autres en-têtes, non gardés", headers)
        self.assertEqual(sections["début du corps"], "<p>ok</p>")


class LineBoundTest(unittest.TestCase):
    """Quoi que contienne un événement, aucune ligne du journal ne dépasse MAX_LINE_CHARS."""

    KINDS = (events.REQUEST, events.DATA, events.RESPONSE, events.EXCHANGE, events.ERROR,
             events.NOTICE, events.STOPPED)

    def test_every_line_of_every_kind_is_bounded(self):
        for bounded in (False, True):
            for kind in self.KINDS:
                with self.subTest(kind=kind, bounded=bounded):
                    lines = format_event(everything_long(kind, bounded))
                    self.assertTrue(lines or kind == events.EXCHANGE)
                    for line in lines:
                        self.assertLessEqual(len(line), MAX_LINE_CHARS)
                        self.assertEqual(unsafe_chars(line), [])

    def test_the_four_classic_attacks(self):
        cases = {
            "méthode": Event(events.REQUEST, method="M" * BIG, path="/", version="HTTP/1.1"),
            "nom d'en-tête": Event(events.REQUEST, method="GET", path="/", version="HTTP/1.1",
                                   headers=(("N" * BIG, "v"),)),
            "chemin": Event(events.ERROR, status=404, reason="Not Found", path="/" + "%41" * BIG,
                            fact="hidden-file"),
            "valeur d'une erreur": Event(events.ERROR, status=400, reason="Bad Request",
                                         values=(("cause", "bad-version"), ("quoted", "q" * BIG))),
        }
        for name, event in cases.items():
            with self.subTest(name):
                lines = format_event(event)
                self.assertLessEqual(max(map(len, lines)), MAX_LINE_CHARS)
                self.assertIn("caractères de plus", "\n".join(lines))

    def test_a_line_cut_by_the_last_resort_says_so(self):
        event = Event(events.NOTICE, message="m" * 5000)
        line = format_event(event)[0]
        self.assertEqual(len(line), MAX_LINE_CHARS)
        self.assertTrue(plain(line).endswith("caractères de plus)"))

    def test_five_hostile_requests_make_a_bounded_journal(self):
        journal = ""
        for number in range(5):
            for kind in (events.REQUEST, events.DATA, events.ERROR, events.EXCHANGE):
                journal += format_lines(everything_long(kind, bounded=True))
        # Chaque requête a envoyé plus de 6 Mo ; le journal en garde quelques dizaines de Ko.
        self.assertLess(len(journal), 5 * 40 * 1024)
        self.assertLessEqual(max(map(len, journal.split("\n"))), MAX_LINE_CHARS)


if __name__ == "__main__":
    unittest.main()
