"""Des corps de POST hostiles, sur un vrai serveur (mode « get-post », port 0, sockets bruts).

Trois classes d'attaque, chacune avec son test :

1. ce qu'un corps décode est toujours montré et répondu : un « demi-caractère »
   (``{"\\ud800": "x"}`` en JSON, une partie en UTF-7 « +2AA- »…) devient « � »,
   au lieu d'une page qui ne s'écrit pas en UTF-8 et d'une « erreur interne » ;
2. quelques centaines de corps tirés au hasard (graine fixe : toujours les mêmes)
   reçoivent tous une réponse, sans erreur interne, et le serveur sert encore
   ``GET /ressource.html`` après ;
3. aucune requête sous la limite de 1 Mio ne coûte cher en calcul : pour chacune des
   pires formes connues (``WORST_SHAPES``, reprises par ``bench/corps.py``), le temps
   processeur du processus (serveur et client dans le même processus) pendant la
   requête reste sous ``CPU_BOUND``. L'objectif est 0,2 s ; la borne du test est cinq
   fois plus large, pour ne jamais échouer sur une machine lente.
"""

import json
import random
import time
import unittest

from serveur.events import DATA, ERROR

from .test_hostile import HostileTestCase, status_of

CPU_BOUND = 1.0          # secondes de processeur par requête, au plus (objectif : 0,2)
BODY_LIMIT = 1024 * 1024   # la taille maximale d'un corps accepté par le serveur
SURROGATE = "[\ud800-\udfff]"
FORM_TYPE = "application/x-www-form-urlencoded"


def multipart_type(boundary="B"):
    return "multipart/form-data; boundary=" + boundary


def part(headers, content, boundary=b"B"):
    """Une partie multipart : ``--B``, ses en-têtes (octets), une ligne vide, son contenu."""
    return (b"--" + boundary + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n"
            + content + b"\r\n")


def end(boundary=b"B"):
    return b"--" + boundary + b"--\r\n"


def one_part(header, content=b"x"):
    return part([header], content) + end()


def filling(unit, head=b"", tail=b"", size=BODY_LIMIT):
    """``head + unit * n + tail``, n le plus grand possible sous ``size`` octets."""
    return head + unit * ((size - len(head) - len(tail)) // len(unit)) + tail


# -- les pires formes connues ------------------------------------------------------
def worst_shapes():
    """Les pires corps (et en-têtes) connus, chacun sous la limite de 1 Mio :
    ``(nom, Content-Type, corps, en-têtes en plus)``. Chacune coûtait de 0,3 à 14 s
    de calcul, ou était une erreur, avant les bornes de ``serveur/body.py``."""
    disposition = b'Content-Disposition: form-data; name="a"'
    plain = b'Content-Disposition: form-data; name="a"\r\nContent-Type: text/plain; charset='
    shapes = [
        ("multipart : 95 000 parties vides", multipart_type(), filling(b"--B\r\n\r\n\r\n")),
        ("multipart : 1 000 parties de 1 Ko", multipart_type(),
         part([disposition], b"v" * 900) * 1000 + end()),
        ("multipart : 130 000 paramètres « ; a=b »", multipart_type(),
         one_part(filling(b"; a=b", b"Content-Disposition: form-data", size=BODY_LIMIT - 100))),
        ("multipart : 60 000 suites RFC 2231", multipart_type(),
         one_part(b"Content-Disposition: form-data"
                  + b"".join(b"; name*%d*=%%41" % n for n in range(60000)))),
        ("multipart : guillemets échappés", multipart_type(),
         one_part(filling(b'\\"', disposition[:-1], b'"', size=BODY_LIMIT - 100))),
        ("multipart : multipart/mixed imbriqué", multipart_type(),
         part([disposition, b"Content-Type: multipart/mixed; boundary=Q"],
              filling(b"--Q\r\n\r\n\r\n", size=BODY_LIMIT - 200) + b"--Q--") + end()),
        ("multipart : 100 000 lignes d'en-tête", multipart_type(),
         one_part(filling(b"X-A: b\r\n", disposition + b"\r\n", size=BODY_LIMIT - 100))),
        ("multipart : 1 Mo en punycode", multipart_type(),
         part([plain + b"punycode"], filling(b"a", b"-", size=BODY_LIMIT - 200)) + end()),
        ("multipart : 1 000 jeux de caractères inventés", multipart_type(),
         b"".join(part([plain + b"x-invente-%d" % n], b"v") for n in range(1000)) + end()),
        ("multipart : limite de 20 Ko", multipart_type("B" * 20000),
         filling(b"--" + b"B" * 19999 + b"\r\n", size=BODY_LIMIT - 100)),
        ("multipart : 200 000 « +2AA- » en UTF-7", multipart_type(),
         part([plain + b"utf-7"], b"+2AA-" * 200000) + end()),
        ("JSON : un entier d'un million de chiffres", "application/json",
         filling(b"0", b"1", size=10 ** 6 + 1)),
        ("JSON : 500 000 crochets imbriqués", "application/json",
         b"[" * 500000 + b"]" * 500000),
        ("JSON : 90 000 clés", "application/json",
         b"{" + b",".join(b'"k%d":1' % n for n in range(90000)) + b"}"),
        ("JSON : 130 000 nombres", "application/json",
         b"[" + b"1234567," * 130000 + b"1]"),
        ("JSON : 170 000 « \\ud800 »", "application/json",
         b'{"a": "' + b"\\ud800" * 170000 + b'"}'),
        ("urlencoded : 1 Mo de « % »", FORM_TYPE, filling(b"%", b"a=")),
        ("urlencoded : 260 000 « %41x »", FORM_TYPE, filling(b"%41x", b"a=")),
        ("urlencoded : 1 Mo de « & »", FORM_TYPE, filling(b"&")),
        ("urlencoded : 500 000 champs vides « &= »", FORM_TYPE, filling(b"&=")),
        ("urlencoded : 1 000 champs de 1 Ko en %E9", FORM_TYPE,
         b"&".join(b"a=" + b"%E9" * 340 for _ in range(1000))),
        ("text/plain : 260 000 lignes", "text/plain", filling(b"a=b\n")),
        ("text/plain : 1 Mo de « \\r »", "text/plain", filling(b"\r")),
        # Les en-têtes d'une requête sont bornés (32 Kio) : 60 Ko d'en-tête reçoivent un 431.
        ("Cookie : 60 Ko de « \\a »", FORM_TYPE, b"a=1",
         b"Cookie: " + b"\\a" * 30000 + b"\r\n"),
        ("Cookie : 30 Ko de « \\a »", FORM_TYPE, b"a=1",
         b'Cookie: visites="' + b"\\a" * 15000 + b"\r\n"),
        ("Cookie : 4 000 cookies", FORM_TYPE, b"a=1",
         b"Cookie: " + b"; ".join(b"c%d=v" % n for n in range(4000))[:30000] + b"\r\n"),
    ]
    return [shape if len(shape) == 4 else shape + (b"",) for shape in shapes]


def post_request(body, content_type, extra=b""):
    """Une requête POST complète (octets), fermée après la réponse."""
    if isinstance(content_type, str):
        content_type = content_type.encode("latin-1")
    return (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: " + content_type
            + b"\r\nContent-Length: %d\r\nConnection: close\r\n" % len(body) + extra
            + b"\r\n" + body)


# -- des corps tirés au hasard -------------------------------------------------------
CHARSETS = ("utf-8", "utf-7", "UTF-16", "utf-16-le", "utf-32", "latin-1", "iso-8859-15",
            "unicode_escape", "raw_unicode_escape", "punycode", "idna", "undefined", "rot13",
            "base64", "zlib", "mbcs", "x-inconnu", "", "utf 8", "u.t.f.8", "\u00e9")
ODD_TEXTS = ("+2AA-", "+2D3eAA-", "\\ud800", "\\udfff\\ud800", "%ED%A0%80", "%", "%zz", "%4",
             "%C3", "%C3%A9", "+", "&", "=", "==", "&&", ";", '"', "\\", "\r", "\n", "\r\n",
             "\x00", "\x1b[31m", "\u00e9", "\U0001f600", "\ufeff", "--B", "--B--", "\t")


def random_text(rng, size=12):
    pieces = []
    for _ in range(rng.randint(0, size)):
        if rng.random() < 0.4:
            pieces.append(rng.choice(ODD_TEXTS))
        else:
            pieces.append(chr(rng.choice((rng.randint(32, 126), rng.randint(0, 0x2FF),
                                          rng.randint(0xA0, 0xFFFF)))))
    return "".join(pieces).encode("utf-8", "surrogatepass")


def random_bytes(rng, size=200):
    return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, size)))


def random_multipart(rng):
    """Un corps multipart (limite « B »), valide ou abîmé."""
    parts = []
    for _ in range(rng.randint(0, 4)):
        headers = []
        disposition = b"Content-Disposition: form-data"
        for name in rng.sample((b"name", b"filename", b"name*", b"filename*", b"name*0*",
                                b"name*1", b"x"), rng.randint(0, 3)):
            value = random_text(rng, 6)
            if name.endswith(b"*"):
                value = rng.choice((b"utf-8''", b"utf-7''", b"unicode_escape''", b"''",
                                    b"")) + value
            quoted = rng.random() < 0.6
            disposition += b"; " + name + b"=" + (b'"' + value + b'"' if quoted else value)
        headers.append(disposition)
        if rng.random() < 0.6:
            headers.append(b"Content-Type: " + rng.choice((b"text/plain", b"image/png",
                                                           b"multipart/mixed; boundary=Q",
                                                           b"\xff/\xfe", b"")) + b"; charset="
                           + rng.choice(CHARSETS).encode("utf-8"))
        if rng.random() < 0.2:
            headers.append(b"Content-Transfer-Encoding: "
                           + rng.choice((b"base64", b"quoted-printable", b"8bit")))
        if rng.random() < 0.2:
            headers.append(b" suite pliee")
        content = random_text(rng, 20) if rng.random() < 0.7 else random_bytes(rng, 60)
        parts.append(part(headers, content))
    body = b"".join(parts) + (end() if rng.random() < 0.8 else b"")
    if rng.random() < 0.3:   # coupé n'importe où
        body = body[:rng.randint(0, len(body))]
    if rng.random() < 0.2 and body:   # un octet changé
        spot = rng.randrange(len(body))
        body = body[:spot] + bytes([rng.getrandbits(8)]) + body[spot + 1:]
    return body


def random_json(rng, depth=0):
    """Un texte JSON (octets), valide ou non, avec des échappements étranges."""
    choice = rng.randint(0, 9 if depth < 3 else 5)
    if choice == 0:
        return b'"' + rng.choice((b"\\ud800", b"\\udfff", b"\\ud83d\\ude00", b"\\u0000",
                                  b"\\uZZZZ", b"\\", b"\xff", b"\\n")) * rng.randint(1, 3) + b'"'
    if choice == 1:
        return json.dumps(random_text(rng).decode("utf-8", "surrogatepass")).encode("ascii")
    if choice == 2:
        return rng.choice((b"1" * rng.randint(1, 400), b"-0", b"1e999", b"1.5e-999", b"NaN",
                           b"-Infinity", b"0x10", b"01", b"1." + b"5" * 300))
    if choice == 3:
        return rng.choice((b"true", b"null", b"false", b"tru", b""))
    if choice == 4:
        return b"[" * rng.randint(1, 3000)
    if choice == 5:
        return random_bytes(rng, 20)
    if choice in (6, 7):
        items = (b'"%s": %s' % (random_text(rng, 4).replace(b'"', b"'").replace(b"\\", b"/"),
                                random_json(rng, depth + 1))
                 for _ in range(rng.randint(0, 4)))
        return b"{" + b", ".join(items) + rng.choice((b"}", b"}", b""))
    return b"[" + b", ".join(random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))) + b"]"


def random_pairs(rng):
    pairs = (random_text(rng, 5) + rng.choice((b"=", b"==", b"")) + random_text(rng, 8)
             for _ in range(rng.randint(0, 8)))
    return rng.choice((b"&", b"&&", b";", b"\n", b"\r\n")).join(pairs)


CONTENT_TYPES = (FORM_TYPE, FORM_TYPE + "; charset=utf-16", "application/json",
                 "application/ld+json; charset=utf-7", "text/plain", "text/plain; charset=utf-16",
                 multipart_type(), 'multipart/form-data; boundary="B"',
                 "MULTIPART/FORM-DATA; BOUNDARY=B; charset=utf-7", "multipart/form-data",
                 "multipart/form-data; boundary=", 'multipart/form-data; boundary="',
                 "multipart/form-data; boundary=" + "B" * 71, "multipart/form-data; boundary=A",
                 "multipart/mixed; boundary=B", "", "image/png", ";;;;", "text/plain;;=;=",
                 "application/x-www-form-urlencoded\u00ff", "\u00e9/\u00e8; charset=\u00ff")


def hostile_bodies(count, seed=20240607):
    """``count`` couples ``(corps, Content-Type)`` tirés au hasard, toujours les mêmes."""
    rng = random.Random(seed)
    makers = (random_multipart, random_multipart, random_json, random_pairs, random_bytes,
              lambda rng: random_text(rng, 40))
    bodies = []
    for _ in range(count):
        maker = rng.choice(makers)
        body = maker(rng)
        if maker is random_multipart and rng.random() < 0.7:
            content_type = rng.choice((multipart_type(), 'multipart/form-data; boundary="B"',
                                       "multipart/form-data; boundary=B; charset=utf-7"))
        else:
            content_type = rng.choice(CONTENT_TYPES)
        bodies.append((body, content_type))
    return bodies


# -- les tests -----------------------------------------------------------------------
class BodyTestCase(HostileTestCase):
    """Un POST brut, sa réponse, et les vérifications communes."""

    def post(self, body, content_type, extra=b"", statuses=(200,)):
        """Envoie le POST ; rend la réponse (octets), après avoir vérifié son statut."""
        answer, _ = self.exchange(post_request(body, content_type, extra))
        self.assertIn(status_of(answer), statuses,
                      (content_type[:80], body[:80], answer[:200]))
        return answer

    def assert_no_internal_error(self):
        errors = [event for event in self.log.of_kind(ERROR) if event.fact == "internal-error"]
        self.assertEqual(errors, [], [event.message for event in errors])


class SurrogateTest(BodyTestCase):
    """Un demi-caractère (surrogate) dans ce que décode un corps : montré « � », répondu."""

    CASES = (
        ("JSON : nom", "application/json", b'{"\\ud800": "x"}'),
        ("JSON : valeur", "application/json", b'{"nom": "a\\udfffb"}'),
        ("JSON : tableau", "application/json", b'["\\ud800", 1]'),
        ("multipart : UTF-7", multipart_type(),
         one_part(b'Content-Disposition: form-data; name="a"\r\n'
                  b"Content-Type: text/plain; charset=utf-7", b"+2AA-")),
        ("multipart : paire et moitié en UTF-7", multipart_type(),
         one_part(b'Content-Disposition: form-data; name="a"\r\n'
                  b"Content-Type: text/plain; charset=UTF7", b"a+2D3eAA+2AA-")),
        ("multipart : nom RFC 2231 en UTF-7", multipart_type(),
         one_part(b"Content-Disposition: form-data; name*=utf-7''+2AA-")),
        ("multipart : fichier RFC 2231", multipart_type(),
         one_part(b"Content-Disposition: form-data; name=f; filename*=utf-7''%2B2AA-.txt")),
    )

    def test_every_decoded_text_is_shown_and_answered(self):
        for count, (label, content_type, body) in enumerate(self.CASES, 1):
            with self.subTest(label):
                answer = self.post(body, content_type)
                page = answer.partition(b"\r\n\r\n")[2].decode("utf-8")   # de l'UTF-8 valide
                self.assertIn("\ufffd", page)
                self.assertIsNotNone(self.log.wait_for(
                    lambda e: len(self.log.of_kind(DATA)) >= count))
                event = self.log.of_kind(DATA)[count - 1]
                texts = [text for item in event.fields for text in item if isinstance(text, str)]
                self.assertIn("\ufffd", "".join(texts))
                for text in texts + [event.detail or ""]:
                    self.assertNotRegex(text, SURROGATE)
                self.assert_no_internal_error()
                self.assert_serving()

    def test_surrogate_pair_becomes_the_whole_character(self):
        self.post(one_part(b'Content-Disposition: form-data; name="a"\r\n'
                           b"Content-Type: text/plain; charset=utf-7", b"+2D3eAA-"),
                  multipart_type())
        event = self.log.wait_for(lambda e: e.kind == DATA)
        self.assertEqual(event.fields[0].value, "\U0001f600")


class FuzzTest(BodyTestCase):
    """Quelques centaines de corps au hasard (graine fixe) : toujours une réponse."""

    def test_random_bodies_always_answered(self):
        bodies = hostile_bodies(300)
        for body, content_type in bodies:
            self.post(body, content_type)
        self.assertIsNotNone(self.log.wait_for(
            lambda e: len(self.log.of_kind(DATA)) >= len(bodies)))
        for event in self.log.of_kind(DATA):
            self.assertNotIn("erreur inattendue", event.detail or "")
            for item in event.fields:
                for text in item:
                    if isinstance(text, str):
                        self.assertNotRegex(text, SURROGATE)
        self.assert_no_internal_error()
        self.assert_serving()


class CpuTest(BodyTestCase):
    """Les pires formes connues : chaque requête coûte moins de ``CPU_BOUND`` de calcul."""

    def test_worst_shapes_cost_little_cpu(self):
        for name, content_type, body, extra in worst_shapes():
            with self.subTest(name):
                self.assertLessEqual(len(body), BODY_LIMIT)
                before = time.process_time()
                # Un en-tête trop gros (431) est une réponse aussi : seul le calcul compte.
                self.post(body, content_type, extra, (200, 431) if extra else (200,))
                used = time.process_time() - before
                self.assertLess(used, CPU_BOUND, "%s : %.2f s de calcul" % (name, used))
                self.assert_no_internal_error()
        self.assert_serving()


if __name__ == "__main__":
    unittest.main()
