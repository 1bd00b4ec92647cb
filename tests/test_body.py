"""Tests de serveur.body.decode_body : chaque forme de corps, et les corps abîmés.

decode_body ne doit jamais lever d'exception : un corps mal formé est décrit
dans ``problem``, des octets invalides deviennent « � », un demi-caractère
(surrogate) aussi. Chaque boucle est bornée (MAX_FIELDS, MAX_PARAMETERS…) ; le
temps de calcul lui-même est vérifié sur un vrai serveur (test_corps_hostiles).
"""

import email.parser
import email.policy
import email.utils
import encodings
import random
import re
import unittest
import urllib.parse
from unittest import mock

from serveur import body as body_module
from serveur.body import (EMPTY, JSON, MAX_BOUNDARY, MAX_FIELDS, MAX_NUMBER, MAX_PARAMETERS,
                          MAX_PART_HEADERS, MULTIPART, OTHER, TEXT, URLENCODED, clean_text,
                          decode_body, field, unquote_plus)
from serveur.events import Field

from .test_corps_hostiles import hostile_bodies

SURROGATE = re.compile("[\ud800-\udfff]")

FORM = "application/x-www-form-urlencoded"
BOUNDARY = "----LimiteDeTest42"
MULTIPART_TYPE = "multipart/form-data; boundary=%s" % BOUNDARY


def multipart(*parts, boundary=BOUNDARY, closed=True):
    """Fabrique à la main un corps multipart/form-data (octets).

    Chaque partie est ``(en-têtes: liste d'octets, contenu: octets)``.
    """
    sep = b"--" + boundary.encode("ascii")
    chunks = []
    for headers, content in parts:
        chunks.append(sep + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n"
                      + content + b"\r\n")
    body = b"".join(chunks)
    if closed:
        body += sep + b"--\r\n"
    return body


def text_part(name, value):
    return ([b'Content-Disposition: form-data; name="' + name + b'"'], value)


def file_part(name, filename, content, content_type=b"text/plain"):
    return ([b'Content-Disposition: form-data; name="' + name + b'"; filename="'
             + filename + b'"',
             b"Content-Type: " + content_type], content)


def sample_multipart():
    """Deux champs texte et un fichier au nom accentué (UTF-8 brut, comme un navigateur)."""
    return multipart(
        text_part(b"nom", "Frédéric".encode("utf-8")),
        text_part(b"message", "Bonjour\r\nà tous".encode("utf-8")),
        file_part(b"piece", "résumé élève.txt".encode("utf-8"), b"0123456789" * 3),
    )


class UrlencodedTest(unittest.TestCase):
    """Formulaire classique : application/x-www-form-urlencoded."""

    def test_accents_and_plus(self):
        decoded = decode_body(b"nom=Fr%C3%A9d%C3%A9ric&msg=bonjour+%C3%A0+tous", FORM)
        self.assertEqual(decoded.format, URLENCODED)
        self.assertIsNone(decoded.problem)
        self.assertEqual([(f.name, f.value) for f in decoded.fields],
                         [("nom", "Frédéric"), ("msg", "bonjour à tous")])

    def test_fields_are_field_tuples(self):
        decoded = decode_body(b"a=1", FORM)
        self.assertIsInstance(decoded.fields, tuple)
        self.assertIsInstance(decoded.fields[0], Field)
        self.assertIsNone(decoded.fields[0].filename)

    def test_blank_values_kept(self):
        decoded = decode_body(b"nom=&age=16&vide=", FORM)
        self.assertEqual([(f.name, f.value) for f in decoded.fields],
                         [("nom", ""), ("age", "16"), ("vide", "")])

    def test_content_type_with_charset(self):
        decoded = decode_body(b"x=%C3%A9", FORM + "; charset=UTF-8")
        self.assertEqual(decoded.format, URLENCODED)
        self.assertEqual(decoded.fields[0].value, "é")

    def test_non_utf8_bytes_replaced(self):
        # octets bruts invalides, puis séquence %XX invalide
        decoded = decode_body(b"nom=\xff\xfeabc&autre=%FF", FORM)
        self.assertEqual(decoded.format, URLENCODED)
        values = dict((f.name, f.value) for f in decoded.fields)
        self.assertIn("\ufffd", values["nom"])
        self.assertTrue(values["nom"].endswith("abc"))
        self.assertEqual(values["autre"], "\ufffd")

    def test_too_many_fields(self):
        body = "&".join("c%d=v" % i for i in range(MAX_FIELDS + 10)).encode("ascii")
        decoded = decode_body(body, FORM)   # ne doit pas lever
        self.assertEqual(decoded.format, URLENCODED)
        self.assertTrue(decoded.problem)
        self.assertEqual(decoded.fields, ())

    def test_exactly_max_fields_accepted(self):
        body = "&".join("c%d=v" % i for i in range(MAX_FIELDS)).encode("ascii")
        decoded = decode_body(body, FORM)
        self.assertIsNone(decoded.problem)
        self.assertEqual(len(decoded.fields), MAX_FIELDS)


class MultipartTest(unittest.TestCase):
    """Formulaire avec enctype="multipart/form-data" (champs texte et fichier)."""

    def test_text_fields_and_file(self):
        decoded = decode_body(sample_multipart(), MULTIPART_TYPE)
        self.assertEqual(decoded.format, MULTIPART)
        self.assertIsNone(decoded.problem)
        self.assertEqual(len(decoded.fields), 3)
        nom, message, piece = decoded.fields
        self.assertEqual((nom.name, nom.value), ("nom", "Frédéric"))
        self.assertIsNone(nom.filename)
        self.assertEqual((message.name, message.value), ("message", "Bonjour\r\nà tous"))

    def test_file_part(self):
        piece = decode_body(sample_multipart(), MULTIPART_TYPE).fields[2]
        self.assertEqual(piece.name, "piece")
        self.assertEqual(piece.filename, "résumé élève.txt")
        self.assertEqual(piece.size, 30)
        self.assertEqual(piece.content_type, "text/plain")
        self.assertEqual(piece.value, "")   # le contenu n'est pas gardé

    def test_binary_file_size(self):
        content = bytes(range(256)) * 4
        body = multipart(file_part(b"img", b"photo.png", content, b"image/png"))
        decoded = decode_body(body, MULTIPART_TYPE)
        self.assertIsNone(decoded.problem)
        (img,) = decoded.fields
        self.assertEqual((img.filename, img.size, img.content_type),
                         ("photo.png", 1024, "image/png"))
        self.assertEqual(img.value, "")

    def test_no_file_chosen(self):
        # navigateur sans fichier choisi : filename="" et contenu vide
        body = multipart(file_part(b"piece", b"", b"", b"application/octet-stream"))
        (piece,) = decode_body(body, MULTIPART_TYPE).fields
        self.assertEqual(piece.filename, "")
        self.assertEqual(piece.size, 0)

    def test_quoted_boundary(self):
        decoded = decode_body(sample_multipart(),
                              'multipart/form-data; boundary="%s"' % BOUNDARY)
        self.assertEqual(len(decoded.fields), 3)

    def test_wrong_boundary(self):
        decoded = decode_body(sample_multipart(), "multipart/form-data; boundary=PasLaBonne")
        self.assertEqual(decoded.format, MULTIPART)
        self.assertTrue(decoded.problem)
        self.assertEqual(decoded.fields, ())

    def test_missing_boundary(self):
        decoded = decode_body(sample_multipart(), "multipart/form-data")
        self.assertEqual(decoded.format, MULTIPART)
        self.assertTrue(decoded.problem)

    def test_truncated_body(self):
        body = sample_multipart()
        for cut in (len(body) - 5, len(body) // 2, 20):
            with self.subTest(cut=cut):
                decoded = decode_body(body[:cut], MULTIPART_TYPE)   # ne doit pas lever
                self.assertEqual(decoded.format, MULTIPART)
                self.assertTrue(decoded.problem)

    def test_missing_final_boundary(self):
        body = multipart(text_part(b"nom", b"Alice"), closed=False)
        decoded = decode_body(body, MULTIPART_TYPE)
        self.assertTrue(decoded.problem)

    def test_garbage_body(self):
        decoded = decode_body(b"\x00\xff rien d'un multipart \r\n\r\n", MULTIPART_TYPE)
        self.assertEqual(decoded.format, MULTIPART)
        self.assertTrue(decoded.problem)

    def test_non_utf8_text_value(self):
        body = multipart(text_part(b"nom", b"Fr\xe9d\xe9ric"))   # Latin-1, pas UTF-8
        (nom,) = decode_body(body, MULTIPART_TYPE).fields
        self.assertEqual(nom.name, "nom")
        self.assertIn("\ufffd", nom.value)
        self.assertTrue(nom.value.startswith("Fr"))


class JsonTest(unittest.TestCase):
    """Corps JSON (fetch ou XMLHttpRequest)."""

    def test_object(self):
        body = '{"nom": "Frédéric", "age": 16, "notes": [12, 15]}'.encode("utf-8")
        decoded = decode_body(body, "application/json")
        self.assertEqual(decoded.format, JSON)
        self.assertIsNone(decoded.problem)
        self.assertEqual([(f.name, f.value) for f in decoded.fields],
                         [("nom", "Frédéric"), ("age", "16"), ("notes", "[12, 15]")])

    def test_array(self):
        decoded = decode_body(b'[1, "\xc3\xa9", null]', "application/json; charset=utf-8")
        self.assertEqual(decoded.format, JSON)
        self.assertIsNone(decoded.problem)
        self.assertEqual(len(decoded.fields), 1)
        self.assertEqual(decoded.fields[0].value, '[1, "é", null]')

    def test_suffix_json(self):
        decoded = decode_body(b'{"a": "b"}', "application/ld+json")
        self.assertEqual(decoded.format, JSON)
        self.assertEqual(decoded.fields[0], Field("a", "b"))

    def test_invalid(self):
        for body in (b"{", b"{'a': 1}", b"nom=Alice", b"\xff\xfe\x00"):
            with self.subTest(body=body):
                decoded = decode_body(body, "application/json")
                self.assertEqual(decoded.format, JSON)
                self.assertTrue(decoded.problem)
                self.assertEqual(decoded.fields, ())

    def test_deeply_nested(self):
        # une imbrication extrême ne doit pas faire planter le décodage
        decoded = decode_body(b"[" * 100000 + b"]" * 100000, "application/json")
        self.assertEqual(decoded.format, JSON)


class OtherFormsTest(unittest.TestCase):
    """text/plain, corps vide, type inconnu."""

    def test_text_plain(self):
        body = "nom=Frédéric\r\nmessage=a=b c\r\n\r\nseul\r\n".encode("utf-8")
        decoded = decode_body(body, "text/plain")
        self.assertEqual(decoded.format, TEXT)
        self.assertIsNone(decoded.problem)
        self.assertEqual([(f.name, f.value) for f in decoded.fields],
                         [("nom", "Frédéric"), ("message", "a=b c"), ("seul", "")])

    def test_text_plain_non_utf8(self):
        decoded = decode_body(b"nom=\xff\xfe", "text/plain")
        self.assertEqual(decoded.fields[0].value, "\ufffd\ufffd")

    def test_empty_body(self):
        for content_type in (FORM, MULTIPART_TYPE, "application/json", "", "text/plain"):
            with self.subTest(content_type=content_type):
                decoded = decode_body(b"", content_type)
                self.assertEqual(decoded.format, EMPTY)
                self.assertEqual(decoded.fields, ())
                self.assertIsNone(decoded.problem)

    def test_unknown_content_type(self):
        decoded = decode_body(b"\x89PNG\r\n\x1a\n", "image/png")
        self.assertEqual(decoded.format, OTHER)
        self.assertEqual(decoded.fields, ())

    def test_none_content_type(self):
        decoded = decode_body(b"a=1&b=2", None)   # pas d'en-tête : ressemble à un formulaire
        self.assertEqual(decoded.format, URLENCODED)
        self.assertEqual(len(decoded.fields), 2)

    def test_media_type_case_insensitive(self):
        decoded = decode_body(b"a=%C3%A9", "Application/X-WWW-Form-Urlencoded")
        self.assertEqual(decoded.format, URLENCODED)
        self.assertEqual(decoded.fields[0].value, "é")



def texts_of(decoded):
    """Tous les textes d'un résultat : ceux de chaque champ, et le problème."""
    texts = [text for item in decoded.fields for text in item if isinstance(text, str)]
    return texts + [decoded.problem or ""]


class CleanTextTest(unittest.TestCase):
    """clean_text et field : plus aucun demi-caractère (surrogate) isolé."""

    def test_lone_halves_become_replacement_characters(self):
        self.assertEqual(clean_text("a\ud800b\udfff"), "a\ufffdb\ufffd")

    def test_two_halves_that_match_make_the_whole_character(self):
        self.assertEqual(clean_text("\ud83d\ude00"), "\U0001f600")

    def test_other_texts_and_values_unchanged(self):
        for value in ("", "Frédéric 😀 \ufffd", None, 12):
            with self.subTest(value=value):
                self.assertIs(clean_text(value), value)

    def test_field_cleans_every_text(self):
        item = field("\ud800", "\udc00", "\ud801.txt", 3, "text/\udfff", "\ud800=")
        self.assertEqual(item, Field("\ufffd", "\ufffd", "\ufffd.txt", 3, "text/\ufffd", "\ufffd="))


class SurrogateBodiesTest(unittest.TestCase):
    """Des corps qui se décodent en demi-caractères : ils deviennent « � »."""

    CASES = (
        ("application/json", b'{"\\ud800": "x"}'),
        ("application/json", b'{"a": ["\\udfff", {"b": "\\ud800"}]}'),
        ("application/json", b'"\\ud800"'),
        (MULTIPART_TYPE, multipart(([b'Content-Disposition: form-data; name="a"',
                                     b"Content-Type: text/plain; charset=utf-7"], b"+2AA-"))),
        (MULTIPART_TYPE, multipart(([b'Content-Disposition: form-data; name="a"',
                                     b"Content-Type: text/plain; charset=UTF7"],
                                    b"a+2D3eAA+2AA-"))),
        (MULTIPART_TYPE, multipart(([b"Content-Disposition: form-data; name*=utf-7''+2AA-"],
                                    b"x"))),
        (MULTIPART_TYPE, multipart(([b"Content-Disposition: form-data; name=f; "
                                     b"filename*=utf-7''%2B2AA-.txt"], b"x"))),
    )

    def test_no_half_character_left(self):
        for content_type, body in self.CASES:
            with self.subTest(body=body):
                decoded = decode_body(body, content_type)
                self.assertTrue(decoded.fields)
                joined = "".join(texts_of(decoded))
                self.assertIn("\ufffd", joined)
                self.assertNotRegex(joined, SURROGATE)
                "".join(joined).encode("utf-8")   # la page de confirmation s'écrira


class MultipartLimitsTest(unittest.TestCase):
    """Multipart lu en un passage : limites comptées avant de découper, boucles bornées."""

    def test_more_than_max_parts(self):
        body = b"--B\r\n\r\n\r\n" * 95000 + b"--B--\r\n"   # 95 000 parties vides
        decoded = decode_body(body, "multipart/form-data; boundary=B")
        self.assertEqual(len(decoded.fields), MAX_FIELDS)
        self.assertIn("plus de %d parties" % MAX_FIELDS, decoded.problem.replace("\u202f", ""))

    def test_exactly_max_parts(self):
        body = multipart(*[text_part(b"c%d" % n, b"v") for n in range(MAX_FIELDS)])
        decoded = decode_body(body, MULTIPART_TYPE)
        self.assertIsNone(decoded.problem)
        self.assertEqual(len(decoded.fields), MAX_FIELDS)
        self.assertEqual(decoded.fields[-1], Field("c%d" % (MAX_FIELDS - 1), "v"))

    def test_boundary_too_long(self):
        boundary = "B" * (MAX_BOUNDARY + 1)
        body = multipart(text_part(b"nom", b"Alice"), boundary=boundary)
        decoded = decode_body(body, "multipart/form-data; boundary=" + boundary)
        self.assertEqual(decoded.fields, ())
        self.assertIn("boundary", decoded.problem)
        self.assertEqual(len(decode_body(multipart(text_part(b"nom", b"Alice"),
                                                   boundary=boundary[:-1]),
                                         "multipart/form-data; boundary=" + boundary[:-1])
                             .fields), 1)

    def test_only_the_first_parameters_are_read(self):
        junk = b"".join(b"; x%d=y" % n for n in range(MAX_PARAMETERS))
        body = multipart(([b"Content-Disposition: form-data" + junk + b'; name="tard"'], b"v"))
        self.assertEqual(decode_body(body, MULTIPART_TYPE).fields[0].name, "")

    def test_only_the_first_header_lines_are_read(self):
        junk = [b"X-Rien: %d" % n for n in range(MAX_PART_HEADERS)]
        body = multipart((junk + [b'Content-Disposition: form-data; name="tard"'], b"v"))
        self.assertEqual(decode_body(body, MULTIPART_TYPE).fields[0].name, "")

    def test_invented_charsets_are_not_remembered(self):
        # Chaque nom de jeu de caractères inconnu demandé à Python resterait en mémoire.
        body = multipart(*[([b'Content-Disposition: form-data; name="a"',
                             b"Content-Type: text/plain; charset=invente-%d" % n], b"caf\xc3\xa9")
                           for n in range(50)])
        before = len(encodings._cache)
        decoded = decode_body(body, MULTIPART_TYPE)
        self.assertEqual(len(encodings._cache), before)
        self.assertEqual({item.value for item in decoded.fields}, {"café"})

    def test_declared_charsets(self):
        for charset, content, value in ((b"iso-8859-1", b"caf\xe9", "café"),
                                        (b'"Windows-1252"', b"\x80", "€"),
                                        (b"UTF-16-LE", "é".encode("utf-16-le"), "é"),
                                        (b"utf 8", b"caf\xc3\xa9", "café"),
                                        (b"punycode", b"-abc", "-abc"),   # lent : ignoré
                                        (b"unicode_escape", b"\\x41", "\\x41"),
                                        (b"base64", b"YQ==", "YQ=="),     # pas un texte
                                        (b"undefined", b"abc", "abc")):
            with self.subTest(charset=charset):
                body = multipart(([b'Content-Disposition: form-data; name="a"',
                                   b"Content-Type: text/plain; charset=" + charset], content))
                self.assertEqual(decode_body(body, MULTIPART_TYPE).fields[0].value, value)

    def test_rfc2231_names(self):
        cases = ((b"name=f; filename*=UTF-8''r%C3%A9sum%C3%A9.txt", "f", "résumé.txt"),
                 (b"name*=iso-8859-1'fr'caf%E9", "café", None),
                 (b"name*0*=utf-8''caf%C3; name*1*=%A9; name*2=\" au lait\"", "café au lait",
                  None),
                 (b'name="a\\"b"; filename="c:\\\\d.txt"', 'a"b', "c:\\d.txt"))
        for disposition, name, filename in cases:
            with self.subTest(disposition=disposition):
                body = multipart(([b"Content-Disposition: form-data; " + disposition], b"x"))
                (item,) = decode_body(body, MULTIPART_TYPE).fields
                self.assertEqual((item.name, item.filename), (name, filename))

    def test_bare_newlines_and_fake_boundaries(self):
        body = (b'preambule\n--B\nContent-Disposition: form-data; name="a"\n\nx\n--Bfaux\ny\n'
                b"--B--\nepilogue")
        decoded = decode_body(body, "multipart/form-data; boundary=B")
        self.assertIsNone(decoded.problem)
        self.assertEqual(decoded.fields, (Field("a", "x\n--Bfaux\ny"),))

    def test_transfer_encodings(self):
        for encoding, content in ((b"base64", b"w6k="), (b"quoted-printable", b"=C3=A9")):
            with self.subTest(encoding=encoding):
                body = multipart(([b'Content-Disposition: form-data; name="a"',
                                   b"Content-Transfer-Encoding: " + encoding], content))
                self.assertEqual(decode_body(body, MULTIPART_TYPE).fields[0].value, "é")

    def test_folded_header_and_part_without_headers(self):
        body = multipart(([b"Content-Disposition: form-data;", b' name="plie"'], b"x"),
                         ([], b"sans en-tete"))
        decoded = decode_body(body, MULTIPART_TYPE)
        self.assertEqual(decoded.fields, (Field("plie", "x"), Field("", "sans en-tete")))


def email_reference(body, content_type):
    """Les champs d'un corps multipart lus par le module ``email`` (la référence)."""
    head = ("Content-Type: %s\r\n\r\n" % content_type).encode("utf-8")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields = []
    for part in message.get_payload():
        name = part.get_param("name", header="content-disposition") or ""
        if isinstance(name, tuple):
            name = email.utils.collapse_rfc2231_value(name)
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            fields.append(Field(name, "", part.get_filename(), len(payload),
                                part.get_content_type()))
        else:
            fields.append(Field(name, payload.decode(part.get_content_charset() or "utf-8",
                                                     "replace")))
    return fields


class MultipartReferenceTest(unittest.TestCase):
    """Les corps qu'envoie un navigateur sont lus comme par le module ``email``."""

    def test_same_fields_as_the_email_module(self):
        rng = random.Random(7)
        alphabet = "abcé ü\"';=%+-_.\r\n\t😀/\\"

        def text(size):
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, size)))

        def quoted(value):   # comme Chrome et Firefox : %22, %0D, %0A
            return (value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
                    .replace("\\", "%5C"))

        for _ in range(300):
            parts = []
            for _ in range(rng.randint(1, 4)):
                disposition = 'Content-Disposition: form-data; name="%s"' % quoted(text(8))
                if rng.random() < 0.4:
                    filename = quoted(text(8)).strip() or "x"
                    headers = [disposition + '; filename="%s"' % filename, "Content-Type: "
                               + rng.choice(("image/png", "text/plain; charset=latin-1", "A/B"))]
                    content = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 30)))
                else:
                    charset = rng.choice(("utf-8", "latin-1", "utf-7", "windows-1252"))
                    headers = [disposition, "Content-Type: text/plain; charset=" + charset]
                    content = text(20).encode(charset, "replace")
                parts.append(([line.encode("utf-8") for line in headers], content))
            boundary = rng.choice(("----WebKitFormBoundary7MA4YWxkTrZu0gW", "XyZ"))
            body = multipart(*parts, boundary=boundary)
            content_type = "multipart/form-data; boundary=" + boundary
            with self.subTest(body=body[:200]):
                decoded = decode_body(body, content_type)
                self.assertIsNone(decoded.problem)
                self.assertEqual(list(decoded.fields), email_reference(body, content_type))


class JsonLimitsTest(unittest.TestCase):
    """Nombres très longs, imbrications profondes, milliers de clés."""

    def test_huge_integer_stays_text(self):
        digits = "1" + "0" * 10 ** 6
        decoded = decode_body(('{"n": %s, "m": 12}' % digits).encode("ascii"), "application/json")
        self.assertIsNone(decoded.problem)
        self.assertEqual(decoded.fields, (Field("n", digits), Field("m", "12")))

    def test_long_numbers_in_a_list(self):
        long = "3." + "1" * MAX_NUMBER
        decoded = decode_body(("[%s, 2.5, %s]" % (long, "7" * 200)).encode("ascii"),
                              "application/json")
        self.assertEqual(decoded.fields[0].value, '["%s", 2.5, "%s"]' % (long, "7" * 200))

    def test_deep_nesting_said_in_french(self):
        for body in (b"[" * 100000 + b"]" * 100000, b'{"a":' * 100000 + b"1" + b"}" * 100000):
            with self.subTest(body=body[:10]):
                decoded = decode_body(body, "application/json")
                self.assertEqual(decoded.fields, ())
                self.assertIn("trop d'imbrications", decoded.problem)

    def test_more_than_max_keys(self):
        body = ("{%s}" % ",".join('"k%d": %d' % (n, n) for n in range(MAX_FIELDS + 5)))
        decoded = decode_body(body.encode("ascii"), "application/json")
        self.assertEqual(len(decoded.fields), MAX_FIELDS)
        self.assertIn("plus de %d clés" % MAX_FIELDS, decoded.problem.replace("\u202f", ""))


class TextLimitsTest(unittest.TestCase):
    """Formulaire classique et text/plain : décodage linéaire, lignes au-delà de la limite."""

    def test_unquote_plus_like_urllib(self):
        rng = random.Random(3)
        pieces = ("%", "%4", "%41", "%zz", "%C3", "%A9", "%C3%A9", "%ED%A0%80", "+", "é", "a",
                  "%F0%9F%98%80", "%e9", "😀", "\x00")
        for _ in range(2000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            self.assertEqual(unquote_plus(text), urllib.parse.unquote_plus(text, errors="replace"),
                             text)

    def test_many_escapes(self):
        decoded = decode_body(b"a=" + b"%" * 300000 + b"%41" * 100000, FORM)
        self.assertEqual(decoded.fields[0].value, "%" * 300000 + "A" * 100000)

    def test_text_plain_more_than_max_lines(self):
        decoded = decode_body(b"a=b\n" * (MAX_FIELDS + 1), "text/plain")
        self.assertEqual(len(decoded.fields), MAX_FIELDS)
        self.assertIn("plus de %d lignes" % MAX_FIELDS, decoded.problem.replace("\u202f", ""))


class HostileBodiesTest(unittest.TestCase):
    """Des milliers de corps tirés au hasard : jamais d'exception, toujours des textes propres."""

    def test_random_bodies(self):
        for body, content_type in hostile_bodies(3000, seed=99):
            decoded = decode_body(body, content_type)
            self.assertIsInstance(decoded.fields, tuple)
            for item in decoded.fields:
                self.assertIsInstance(item, Field)
            for text in texts_of(decoded):
                self.assertNotRegex(text, SURROGATE, (content_type, body[:80]))
            self.assertNotIn("erreur inattendue", decoded.problem or "", (content_type, body[:80]))

    def test_unexpected_error_becomes_a_problem(self):
        with mock.patch.object(body_module, "_decode_json", side_effect=KeyError("x")):
            decoded = decode_body(b"{}", "application/json")
        self.assertEqual(decoded.fields, ())
        self.assertIn("erreur inattendue", decoded.problem)
        self.assertIn("KeyError", decoded.problem)

if __name__ == "__main__":
    unittest.main()
