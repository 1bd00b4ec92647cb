"""Tests de serveur.body.decode_body : chaque forme de corps, et les corps abîmés.

decode_body ne doit jamais lever d'exception : un corps mal formé est décrit
dans ``problem``, des octets invalides deviennent « � ».
"""

import unittest

from serveur.body import (EMPTY, JSON, MAX_FIELDS, MULTIPART, OTHER, TEXT, URLENCODED,
                          decode_body)
from serveur.events import Field

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


if __name__ == "__main__":
    unittest.main()
