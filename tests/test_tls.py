"""Tests de serveur/tls.py : lire un ClientHello comme un espion, sans jamais lever d'erreur.

Les vrais octets viennent du module ``ssl`` lui-même : un client TLS écrit en
mémoire (``ssl.MemoryBIO``) son premier message, que l'on donne au lecteur.
"""

import random
import ssl
import unittest

from serveur import secure, tls


def client_hello_bytes(server_hostname="localhost", protocols=("h2", "http/1.1")):
    """Le ClientHello qu'enverrait un vrai client TLS (celui de Python) pour ce nom."""
    context = ssl.create_default_context(cafile=secure.CERTIFICATE)
    if protocols:
        context.set_alpn_protocols(list(protocols))
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    client = context.wrap_bio(incoming, outgoing, server_hostname=server_hostname)
    try:
        client.do_handshake()
    except ssl.SSLWantReadError:
        pass   # il attend la réponse du serveur : son premier message est écrit
    return outgoing.read()


class RealClientHelloTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.hello = client_hello_bytes()

    def test_the_server_name_travels_in_clear(self):
        self.assertTrue(tls.looks_like_tls(self.hello))
        self.assertEqual(tls.server_name(self.hello), "localhost")
        self.assertIn(b"localhost", self.hello)   # en toutes lettres, au milieu du hasard

    def test_protocols_and_versions_offered(self):
        hello = tls.client_hello(self.hello)
        self.assertEqual(hello.protocols, ("h2", "http/1.1"))
        self.assertIn("TLS 1.2", hello.versions)
        if ssl.HAS_TLSv1_3:
            self.assertEqual(hello.versions[0], "TLS 1.3")

    def test_one_complete_handshake_record(self):
        records = tls.records(self.hello)
        self.assertEqual(len(records), 1)
        record = records[0]
        self.assertEqual((record.kind, record.start, record.complete), (tls.HANDSHAKE, 0, True))
        self.assertEqual(tls.HEADER + record.length, len(self.hello))
        self.assertEqual(tls.first_record_size(self.hello), len(self.hello))

    def test_no_name_for_an_ip_address(self):
        # Un navigateur (comme Python) n'envoie jamais une adresse IP comme nom de site.
        hello = client_hello_bytes("127.0.0.1", protocols=())
        self.assertEqual(tls.server_name(hello), "")
        self.assertEqual(tls.client_hello(hello).protocols, ())

    def test_every_truncation_is_read_without_error(self):
        for size in range(len(self.hello) + 1):
            part = self.hello[:size]
            hello = tls.client_hello(part)
            self.assertTrue(hello is None or isinstance(hello, tls.ClientHello), size)
            self.assertIsInstance(tls.server_name(part), str)
            self.assertIsInstance(tls.records(part), tuple)
        # Tronqué après le nom, le nom est déjà lisible.
        end = self.hello.index(b"localhost") + len(b"localhost")
        self.assertEqual(tls.server_name(self.hello[:end]), "localhost")

    def test_damaged_hellos_never_raise(self):
        chance = random.Random(14)
        for _ in range(3000):
            damaged = bytearray(self.hello)
            for _ in range(chance.randint(1, 8)):
                damaged[chance.randrange(len(damaged))] = chance.randrange(256)
            self.assertIsInstance(tls.server_name(bytes(damaged)), str)

    def test_the_same_bytes_followed_by_encrypted_records(self):
        # Ce qu'un espion voit d'une connexion : le ClientHello, puis des données chiffrées.
        data = self.hello + bytes((tls.APPLICATION_DATA, 3, 3, 0, 4)) + b"\x8f\x01\xc2\x7e"
        kinds = [record.kind for record in tls.records(data)]
        self.assertEqual(kinds, [tls.HANDSHAKE, tls.APPLICATION_DATA])
        self.assertEqual(tls.server_name(data), "localhost")


class GarbageTest(unittest.TestCase):
    def test_not_tls_at_all(self):
        for data in (b"", b"\x16", b"\x16\x03", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                     b"\x00" * 100, b"\xff" * 5000, None, "texte", 42, bytearray(b"\x16\x03\x01")):
            self.assertEqual(tls.server_name(data), "", repr(data)[:40])
            hello = tls.client_hello(data)
            self.assertTrue(hello is None or hello.server_name == "", repr(data)[:40])
        self.assertFalse(tls.looks_like_tls(b"GET /"))
        self.assertIsNone(tls.first_record_size(b"\x16\x03\x01\x02"))
        self.assertIsNone(tls.first_record_size(b"GET / HTTP/1.1"))

    def test_lying_lengths(self):
        # Un en-tête qui annonce 65 535 octets, un message qui en annonce 16 millions,
        # une extension SNI qui annonce plus qu'elle n'a.
        self.assertEqual(tls.first_record_size(b"\x16\x03\x01\xff\xff"), tls.MAX_HELLO)
        lying = (b"\x16\x03\x01\x00\x30" + b"\x01\xff\xff\xff\x03\x03" + b"\x00" * 32
                 + b"\x00" + b"\x00\x02\x13\x01" + b"\x01\x00" + b"\x00\x10"
                 + b"\x00\x00\x00\x0c\x00\x0a\x00\xff\xfflocal")
        hello = tls.client_hello(lying)
        self.assertIsInstance(hello, tls.ClientHello)
        self.assertIsInstance(hello.server_name, str)

    def test_random_bytes_after_a_handshake_header(self):
        chance = random.Random(2024)
        for _ in range(3000):
            data = b"\x16\x03\x01" + bytes(chance.randrange(256)
                                           for _ in range(chance.randrange(300)))
            tls.client_hello(data)
            tls.records(data)

    def test_loops_are_bounded(self):
        tiny = bytes((tls.APPLICATION_DATA, 3, 3, 0, 0)) * 100000   # 100 000 enregistrements vides
        self.assertEqual(len(tls.records(tiny)), tls.MAX_RECORDS)
        # Des milliers d'extensions vides : on n'en parcourt que MAX_EXTENSIONS.
        extensions = b"\xaa\xaa\x00\x00" * 4000
        body = (b"\x03\x03" + b"\x00" * 32 + b"\x00" + b"\x00\x02\x13\x01" + b"\x01\x00"
                + len(extensions).to_bytes(2, "big") + extensions)
        message = b"\x01" + len(body).to_bytes(3, "big") + body
        data = b"\x16\x03\x01" + len(message).to_bytes(2, "big") + message
        self.assertEqual(tls.client_hello(data).server_name, "")

    def test_a_name_that_is_not_ascii_is_shown_not_raised(self):
        name = "élève".encode("utf-8")
        sni = b"\x00" + len(name).to_bytes(2, "big") + name
        sni = len(sni).to_bytes(2, "big") + sni
        extension = b"\x00\x00" + len(sni).to_bytes(2, "big") + sni
        body = (b"\x03\x03" + b"\x00" * 32 + b"\x00" + b"\x00\x02\x13\x01" + b"\x01\x00"
                + len(extension).to_bytes(2, "big") + extension)
        message = b"\x01" + len(body).to_bytes(3, "big") + body
        data = b"\x16\x03\x01" + len(message).to_bytes(2, "big") + message
        self.assertEqual(tls.server_name(data), "\ufffd\ufffdl\ufffd\ufffdve")


if __name__ == "__main__":
    unittest.main()
