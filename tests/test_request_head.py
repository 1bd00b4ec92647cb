"""La lecture rapide des en-têtes (serveur/request_head.py) : le même résultat que la bibliothèque
standard, cas ordinaires, cas tordus et octets au hasard ; et le serveur qui s'en sert."""

import http.client
import io
import random
import unittest

from serveur.request_head import MAX_HEADERS, read_headers

ORDINARY = (
    b"Host: 127.0.0.1:8081\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
    b"Accept: text/html,*/*;q=0.8\r\nAccept-Language: fr-FR,fr;q=0.9\r\n"
    b"Cookie: a=b; c=d\r\nConnection: keep-alive\r\n\r\n")

ODD = (
    b"\r\n",                                       # aucun en-tête
    b"",                                           # connexion fermée avant la ligne vide
    b"Host: a\n\n",                                # fins de ligne sans \r
    b"Host: a\r\nX:   \r\n\r\n",                   # valeur vide, espaces seules
    b"X: b \t\r\n\r\n",                            # espaces de fin gardées
    b"X:\tb\r\n\r\n",                              # tabulation après les deux-points
    b"X: caf\xc3\xa9 \x85 \x0c fin\r\n\r\n",       # octets non ASCII, \x85 et \x0c dans la valeur
    b"Ligne sans deux-points\r\nHost: a\r\n\r\n",  # illisible : defects
    b"Host: a\r\nLigne sans deux-points\r\n\r\n",
    b" Host: a\r\n\r\n",                           # première ligne repliée
    b"Host: a\r\n  suite\r\n\r\n",                 # ligne repliée (obs-fold)
    b"Mauvais Nom: a\r\n\r\n",                     # espace dans le nom
    b": vide\r\n\r\n",                             # nom vide
    b"From moi: a\r\n\r\n",                        # « From » de la boîte aux lettres Unix
    b"X: a\rY: b\r\n\r\n",                         # retour chariot isolé
    b"X: a\r\n\n",                                 # fin mélangée
    b"Content-Length: 3\r\nContent-Length: 4\r\n\r\n",
    b"X-\xff: a\r\n\r\n",                          # octet non ASCII dans le nom
)


def both(raw):
    """Le résultat de la bibliothèque standard et le nôtre, comparables."""
    def seen(message):
        return (message.items(), [type(defect) for defect in message.defects],
                message.get_payload())
    return (seen(http.client.parse_headers(io.BytesIO(raw))),
            seen(read_headers(io.BytesIO(raw))))


class ReadHeadersTest(unittest.TestCase):
    def test_an_ordinary_request_reads_as_the_standard_library_reads_it(self):
        standard, ours = both(ORDINARY)
        self.assertEqual(ours, standard)
        message = read_headers(io.BytesIO(ORDINARY))
        self.assertEqual(message.get("accept-language"), "fr-FR,fr;q=0.9")
        self.assertEqual(message.get_all("Cookie"), ["a=b; c=d"])
        self.assertIn("HOST", message)

    def test_odd_heads_read_as_the_standard_library_reads_them(self):
        for raw in ODD:
            with self.subTest(raw=raw):
                standard, ours = both(raw)
                self.assertEqual(ours, standard)

    def test_random_heads_read_as_the_standard_library_reads_them(self):
        pieces = [b"Host", b"X", b": ", b":", b" ", b"\t", b"\r\n", b"\n", b"\r", b"a", b"\xe9",
                  b"From ", b"\x85", b"=", b";"]
        chance = random.Random(12)
        for _ in range(3000):
            raw = b"".join(chance.choice(pieces) for _ in range(chance.randint(0, 12))) + b"\r\n\r\n"
            with self.subTest(raw=raw):
                standard, ours = both(raw)
                self.assertEqual(ours, standard)

    def test_same_limits_and_errors(self):
        too_long = b"X: " + b"a" * 70000 + b"\r\n\r\n"
        with self.assertRaises(http.client.LineTooLong):
            read_headers(io.BytesIO(too_long))
        too_many = b"".join(b"X%d: a\r\n" % number for number in range(MAX_HEADERS + 1)) + b"\r\n"
        with self.assertRaises(http.client.HTTPException):
            read_headers(io.BytesIO(too_many))
        the_most = b"".join(b"X%d: a\r\n" % number for number in range(MAX_HEADERS - 1)) + b"\r\n"
        self.assertEqual(len(read_headers(io.BytesIO(the_most))), MAX_HEADERS - 1)


if __name__ == "__main__":
    unittest.main()
