"""Tests de serveur/events.py : un événement reste petit, quoi qu'envoie un client.

``bound`` coupe ce qui vient du client en retenant combien il en manquait ;
``weight`` donne le poids d'un événement, pour borner les files d'attente en octets.
"""

import gc
import tracemalloc
import unittest

from serveur import events
from serveur.events import (ERROR, EXCHANGE, MAX_BODY, MAX_ENTRIES, MAX_ENTRIES_CHARS,
                            MAX_EVENT_WEIGHT, MAX_METHOD, MAX_NAME, MAX_TEXT, MAX_VERSION,
                            REQUEST, Clipped, ClippedBytes, Event, Field, bound, clip, kept,
                            missing, omitted, received, true_length, weight)

BROWSER_HEADERS = (
    ("Host", "127.0.0.1:8081"), ("Connection", "keep-alive"),
    ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                   "Chrome/124.0.0.0 Safari/537.36"),
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("Accept-Encoding", "gzip, deflate, br"), ("Accept-Language", "fr-FR,fr;q=0.9"),
    ("Cookie", "visites=3"))


def browser_request():
    return dict(client="127.0.0.1", exchange=4, method="GET", path="/ressource.html?x=1",
                version="HTTP/1.1", headers=BROWSER_HEADERS,
                fields=(Field("x", "1", raw="x=1"),))


def worst(char, salt=""):
    """Les champs d'un événement au pire : tout au plus long, écrit avec ``char``.
    Les en-têtes, eux, sont latins : http.server les lit en ISO-8859-1."""
    big = char * 60000 + salt
    headers = tuple(("é" * 201 + str(n) + salt, "") for n in range(200))
    return dict(client="127.0.0.1", exchange=1, method=big, path=big, version=big,
                headers=headers, reply_headers=headers, body=b"x" * 2 ** 20,
                reply_body=b"y" * 2 ** 20, detail=big, reason="Not Found",
                request_head=b"h" * 2 ** 20 + salt.encode(), reply_head=b"r" * 2 ** 20,
                fields=tuple(Field(char * 30 + str(n) + salt, char * 30, char * 30, 5, char * 30,
                                   char * 30) for n in range(200)),
                values=tuple((name, big) for name in ("request_line", "quoted", "lengths",
                                                      "text", "error"))
                + (("cause", "bad-version"), ("route", "network")))


class ClipTest(unittest.TestCase):
    def test_short_values_are_returned_unchanged(self):
        text, data = "court", b"court"
        self.assertIs(clip(text, 5), text)
        self.assertIs(clip(data, 10), data)
        self.assertEqual(missing(text), 0)
        self.assertEqual(true_length(data), 5)

    def test_a_long_text_remembers_how_much_was_cut(self):
        value = clip("a" * 60000, 40)
        self.assertIsInstance(value, Clipped)
        self.assertEqual(value, "a" * 40)
        self.assertEqual(value.missing, 59960)
        self.assertEqual(true_length(value), 60000)
        again = clip(value, 10)   # couper encore : le compte reste celui du client
        self.assertEqual((len(again), true_length(again)), (10, 60000))
        self.assertIs(type(value[:5]), str)   # un morceau redevient un texte ordinaire

    def test_bytes_are_cut_between_two_utf8_characters(self):
        data = "é".encode("utf-8") * 10   # 20 octets
        value = clip(data, 7)
        self.assertIsInstance(value, ClippedBytes)
        self.assertEqual(value, "é".encode("utf-8") * 3)
        self.assertEqual(true_length(value), 20)
        emoji = "😀".encode("utf-8") * 3   # 4 octets chacun
        for limit in range(1, 12):
            with self.subTest(limit=limit):
                part = clip(emoji, limit)
                self.assertEqual(len(part) % 4, 0)
                self.assertEqual(true_length(part), 12)
        binary = b"\x80" * 50   # pas de l'UTF-8 : coupé à la borne
        self.assertEqual(len(clip(binary, 20)), 20)

    def test_a_transformed_value_keeps_what_was_missing(self):
        path = clip("/?mdp=secret&x=" + "x" * 5000, 2000)
        hidden = events.same_cut(path, path.replace("secret", "••••"))
        self.assertEqual(true_length(hidden), true_length(path) - 2)
        body = clip(b"mdp=secret" + b"x" * 10000, 100)
        self.assertEqual(missing(events.same_cut(body, body.replace(b"secret", b"*"))),
                         body.missing)
        self.assertIs(events.same_cut("court", "autre"), "autre")


class BoundTest(unittest.TestCase):
    def test_an_ordinary_request_keeps_the_very_same_objects(self):
        fields = browser_request()
        before = dict(fields)
        result = bound(fields)
        self.assertIs(result, fields)
        for name, value in before.items():
            self.assertIs(result[name], value, name)
        self.assertNotIn("clipped", result)
        Event(REQUEST, **result)

    def test_method_path_version_detail_and_body(self):
        fields = bound(dict(method="M" * 60000, path="/" + "p" * 65000, version="V" * 30000,
                            detail="d" * 5000, body=b"b" * 2 ** 20,
                            reply_body=bytearray(b"r" * 20000)))
        for name, limit, sent in (("method", MAX_METHOD, 60000), ("path", MAX_TEXT, 65001),
                                  ("version", MAX_VERSION, 30000), ("detail", MAX_TEXT, 5000),
                                  ("body", MAX_BODY, 2 ** 20), ("reply_body", MAX_BODY, 20000)):
            with self.subTest(name=name):
                self.assertEqual(len(fields[name]), limit)
                self.assertEqual(true_length(fields[name]), sent)
        self.assertEqual(fields["clipped"], 6)
        event = Event(EXCHANGE, **fields)
        self.assertEqual(true_length(event.body), 2 ** 20)

    def test_headers_each_cut_and_all_together_bounded(self):
        headers = tuple(("X-" + "n" * 60000, "v" * 60000) for _ in range(3)) + \
            tuple(("X-%d" % n, "w" * 1500) for n in range(97))
        result = bound({"headers": headers})["headers"]
        self.assertTrue(all(len(name) <= MAX_NAME and len(value) <= MAX_TEXT
                            for name, value in kept(result)))
        self.assertLessEqual(sum(len(name) + len(value) for name, value in result),
                             MAX_ENTRIES_CHARS)
        self.assertEqual(received(result), 100)   # le narrateur sait combien il y en avait
        self.assertGreater(omitted(result), 0)
        name, value = result[0]
        self.assertEqual((true_length(name), true_length(value)), (60002, 60000))

    def test_too_many_entries_become_one_marker(self):
        result = bound({"headers": tuple(("X-%d" % n, "") for n in range(1000)),
                        "fields": tuple(Field("c%d" % n, "") for n in range(5000))})
        for name in ("headers", "fields"):
            with self.subTest(name=name):
                self.assertEqual(len(result[name]), MAX_ENTRIES + 1)
                self.assertEqual(received(result[name]), 1000 if name == "headers" else 5000)
                self.assertEqual(len(kept(result[name])), MAX_ENTRIES)

    def test_a_client_cannot_forge_the_marker(self):
        headers = (("…", ""),)
        self.assertEqual(omitted(headers), 0)
        self.assertEqual(received(headers), 1)

    def test_fields_are_cut_piece_by_piece(self):
        result = bound({"fields": (Field("n" * 300, "v" * 3000, "f" * 300, 12, "t" * 300,
                                         "r" * 3000),
                                   Field("x", "1", raw="x=1"))})["fields"]
        first = result[0]
        self.assertEqual([true_length(piece) for piece in (first.name, first.value, first.filename,
                                                          first.content_type, first.raw)],
                         [300, 3000, 300, 300, 3000])
        self.assertEqual(first.size, 12)
        self.assertEqual(result[1], Field("x", "1", raw="x=1"))

    def test_client_text_in_values(self):
        values = (("request_line", "G" * 65000), ("quoted", "q" * 9000), ("lengths", "1, 2"),
                  ("length", 10 ** 9), ("methods", ("GET", "HEAD")))
        result = dict(bound({"values": values})["values"])
        self.assertEqual(len(result["request_line"]), MAX_TEXT)
        self.assertEqual(true_length(result["request_line"]), 65000)
        self.assertEqual(true_length(result["quoted"]), 9000)
        self.assertEqual(result["lengths"], "1, 2")
        self.assertEqual(result["length"], 10 ** 9)
        self.assertEqual(result["methods"], ("GET", "HEAD"))


class WeightTest(unittest.TestCase):
    def test_an_ordinary_request_weighs_a_few_kilobytes(self):
        self.assertLess(weight(Event(REQUEST, **bound(browser_request()))), 8 * 1024)

    def test_weight_grows_with_what_the_event_carries(self):
        small = weight(Event(REQUEST, path="/"))
        self.assertGreater(weight(Event(REQUEST, path="/" * 1000)), small + 900)
        self.assertGreater(weight(Event(REQUEST, body=b"x" * 5000)), small + 4900)
        self.assertGreater(weight(Event(REQUEST, headers=(("X", "v" * 3000),))), small + 2900)

    def test_a_bounded_event_never_weighs_more_than_the_maximum(self):
        for char in ("é", "😀"):
            with self.subTest(char=char):
                self.assertLessEqual(weight(Event(ERROR, **bound(worst(char)))), MAX_EVENT_WEIGHT)

    def test_the_weight_follows_the_memory_really_used(self):
        """tracemalloc compte la mémoire vraiment prise par des événements au pire."""
        for char in ("é", "😀"):
            with self.subTest(char=char):
                gc.collect()
                tracemalloc.start()
                self.addCleanup(tracemalloc.stop)
                start = tracemalloc.get_traced_memory()[0]
                kept_events = [Event(ERROR, **bound(worst(char, salt=str(n)))) for n in range(5)]
                gc.collect()
                used = (tracemalloc.get_traced_memory()[0] - start) / 5
                tracemalloc.stop()
                self.assertLessEqual(used, weight(kept_events[0]) * 1.1)
                self.assertLessEqual(used, MAX_EVENT_WEIGHT)
                self.assertGreater(used, weight(kept_events[0]) / 2)

    def test_anything_else_weighs_its_size(self):
        self.assertGreater(weight(7), 0)
        self.assertGreater(weight("x" * 1000), 1000)

    def test_limits_are_named(self):
        for name in ("MAX_METHOD", "MAX_VERSION", "MAX_NAME", "MAX_TEXT", "MAX_ENTRIES",
                     "MAX_ENTRIES_CHARS", "MAX_BODY", "MAX_HEAD", "MAX_EVENT_WEIGHT"):
            self.assertIsInstance(getattr(events, name), int)


if __name__ == "__main__":
    unittest.main()
