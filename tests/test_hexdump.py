"""Tests de serveur/hexdump.py : les octets d'un échange en hexadécimal et en texte, partie par partie."""

import unittest

from serveur import hexdump
from serveur.events import ERROR, EXCHANGE, ClippedBytes, Event
from serveur.hexdump import BLANK, BODY, HEADERS, NAME, SECRET, START

from .support import plain
from .test_tls import client_hello_bytes

HEAD = b"POST /caf%C3%A9 HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n"
BODY_BYTES = "nom=Zoé".encode("utf-8") + b"!"


class SegmentsTest(unittest.TestCase):
    def test_request_line_headers_blank_line_and_body(self):
        self.assertEqual(hexdump.segments(HEAD, BODY_BYTES), [
            (START, b"POST /caf%C3%A9 HTTP/1.1\r\n"),
            (HEADERS, b"Host: x\r\nContent-Length: 9"),
            (BLANK, b"\r\n\r\n"), (BODY, BODY_BYTES)])

    def test_the_blank_line_of_odd_clients(self):
        # Des \n seuls, ou mêlés à des \r\n : la marque est la fin de la dernière ligne
        # et la ligne vide, telles qu'elles ont voyagé.
        self.assertEqual(hexdump.segments(b"GET / HTTP/1.1\nHost: x\n\n")[1:],
                         [(HEADERS, b"Host: x"), (BLANK, b"\n\n")])
        self.assertEqual(hexdump.segments(b"GET / HTTP/1.1\r\nHost: x\n\r\n")[2],
                         (BLANK, b"\n\r\n"))

    def test_no_headers_and_unfinished_heads(self):
        self.assertEqual(hexdump.segments(b"GET / HTTP/1.0\r\n\r\n"),
                         [(START, b"GET / HTTP/1.0"), (BLANK, b"\r\n\r\n")])
        self.assertEqual(hexdump.segments(b"HTTP/1.1 200 OK\r\nA: b"),
                         [(START, b"HTTP/1.1 200 OK\r\n"), (HEADERS, b"A: b")])
        self.assertEqual(hexdump.segments(b""), [])

    def test_each_byte_knows_its_part(self):
        parts = hexdump.segments(HEAD, BODY_BYTES)
        self.assertEqual(hexdump.part_of(parts, 0), START)
        self.assertEqual(hexdump.part_of(parts, len(HEAD) - 1), BLANK)
        self.assertEqual(hexdump.part_of(parts, len(HEAD)), BODY)
        self.assertIsNone(hexdump.part_of(parts, len(HEAD) + len(BODY_BYTES)))

    def test_head_length(self):
        self.assertEqual(hexdump.head_length(HEAD + BODY_BYTES), len(HEAD))
        self.assertEqual(hexdump.head_length(b"HTTP/1.1 200 OK\r\nA: b\r\n"), -1)


class RowsTest(unittest.TestCase):
    def test_hex_and_text_side_by_side(self):
        lines, left = hexdump.rows(hexdump.segments(HEAD, BODY_BYTES))
        self.assertEqual(left, 0)
        texts = [hexdump.row_text(row) for row in lines]
        self.assertEqual(texts[0], "0000  50 4f 53 54 20 2f 63 61  66 25 43 33 25 41 39 20  "
                                   "POST /caf%C3%A9 ")
        # 0d 0a 0d 0a, la ligne vide ; é en UTF-8 : deux octets, deux points.
        whole = " ".join(texts)
        self.assertIn("0d 0a 0d 0a", whole)
        self.assertIn("c3 a9", whole)
        column = hexdump.line_chars() - 16   # la colonne du texte
        self.assertIn("Length: 9....nom=Zo..!", "".join(text[column:] for text in texts))
        self.assertEqual(len(texts[1]), hexdump.line_chars())

    def test_eight_bytes_a_line_for_narrow_screens(self):
        lines, _ = hexdump.rows([(BODY, b"GET / HTTP/1.1\r\n")], width=8)
        self.assertEqual([hexdump.row_text(row, 8) for row in lines],
                         ["0000  47 45 54 20 2f 20 48 54  GET / HT",
                          "0008  54 50 2f 31 2e 31 0d 0a  TP/1.1.."])

    def test_pieces_carry_parts_and_line_ends(self):
        lines, _ = hexdump.rows(hexdump.segments(b"GET / HTTP/1.0\r\n\r\n"))
        tagged = [(text, tags) for text, tags in hexdump.pieces(lines[0]) if tags]
        self.assertIn(("47", (START,)), tagged)
        self.assertIn(("0d", (BLANK, "eol")), tagged)
        self.assertIn((".", (BLANK, "eol")), tagged)

    def test_encrypted_bytes_have_no_line_ends(self):
        # Dans des octets chiffrés, 0a n'est pas une fin de ligne : rien n'y est marqué.
        lines, _ = hexdump.rows([(SECRET, b"\x17\x03\x03\x0d\x0a"), (NAME, b"a\nb")])
        tags = [tags for text, tags in hexdump.pieces(lines[0]) if tags]
        self.assertTrue(tags)
        self.assertFalse(any("eol" in tag for tag in tags))

    def test_bounded(self):
        lines, left = hexdump.rows([(BODY, b"x" * 5000)], limit=64)
        self.assertEqual((len(lines), left), (4, 5000 - 64))


# Une tête de requête comme curl l'envoie, plus un en-tête aux espaces bizarres et une
# ligne repliée (une espace au début : la suite de l'en-tête d'avant).
CURL_HEAD = (b"POST / HTTP/1.1\r\nHost: localhost:8081\r\nUser-Agent: curl/8.5.0\r\n"
             b"Accept: */*\r\nContent-Length: 29\r\n"
             b"Content-Type :   application/x-www-form-urlencoded  \r\n"
             b"X-Plie: debut\r\n\tsuite\r\nsans deux-points\r\n\r\n")


class HeaderLinesTest(unittest.TestCase):
    def test_each_header_line_its_bytes_and_its_name(self):
        found = hexdump.header_lines(CURL_HEAD)
        self.assertEqual([header.name for header in found],
                         ["Host", "User-Agent", "Accept", "Content-Length", "Content-Type",
                          "X-Plie"])
        self.assertEqual([CURL_HEAD[header.start:header.end] for header in found], [
            b"Host: localhost:8081\r\n", b"User-Agent: curl/8.5.0\r\n", b"Accept: */*\r\n",
            b"Content-Length: 29\r\n",
            b"Content-Type :   application/x-www-form-urlencoded  \r\n",
            b"X-Plie: debut\r\n\tsuite\r\n"])
        self.assertEqual(found[0].start, len(b"POST / HTTP/1.1\r\n"))
        self.assertEqual(hexdump.header_at(found, found[4].start + 13).name, "Content-Type")
        self.assertIsNone(hexdump.header_at(found, 0))   # la ligne de requête
        self.assertIsNone(hexdump.header_at(found, CURL_HEAD.index(b"sans deux-points")))
        # Des \n seuls, une tête coupée, pas d'en-tête du tout.
        self.assertEqual(hexdump.header_lines(b"GET / HTTP/1.1\nHost: x\n\n"),
                         [hexdump.Header(15, 23, "Host")])
        self.assertEqual(hexdump.header_lines(b"HTTP/1.1 200 OK\r\nServer: a"),
                         [hexdump.Header(17, 26, "Server")])
        self.assertEqual(hexdump.header_lines(b"GET / HTTP/1.0\r\n\r\n"), [])

    def test_columns_of_the_dump_map_back_to_bytes(self):
        for width in (16, 8):
            row = hexdump.rows([(HEADERS, bytes(range(65, 65 + width)))], width)[0][0]
            line = hexdump.row_text(row, width)
            for index in range(width):
                column = hexdump.hex_column(index, width)
                self.assertEqual(line[column:column + 2], "%02x" % (65 + index))
                self.assertEqual(hexdump.byte_at(column + 1, width), index)
                self.assertEqual(line[hexdump.text_column(index, width)], chr(65 + index))
                self.assertEqual(hexdump.byte_at(hexdump.text_column(index, width), width),
                                 index)
            self.assertIsNone(hexdump.byte_at(2, width))   # la position
            self.assertIsNone(hexdump.byte_at(hexdump.text_column(0, width) - 1, width))
            self.assertIsNone(hexdump.byte_at(len(line), width))
        # « Host: h\r\n » aux octets 17 à 25 : la deuxième ligne, deux morceaux.
        self.assertEqual(hexdump.spans(17, 26, 16), [(1, 9, 36), (1, 57, 66)])
        self.assertEqual(len(hexdump.spans(14, 18, 16)), 4)   # à cheval sur deux lignes

    def test_the_blocks_carry_their_headers(self):
        event = Event(EXCHANGE, exchange=1, method="POST", path="/", status=200, reason="OK",
                      request_head=CURL_HEAD, reply_head=b"HTTP/1.1 200 OK\r\nServer: p\r\n\r\n")
        request, reply = hexdump.wire_blocks(event)
        self.assertEqual(request.headers, tuple(hexdump.header_lines(CURL_HEAD)))
        self.assertEqual([header.name for header in reply.headers], ["Server"])


class WireBlocksTest(unittest.TestCase):
    def exchange(self, **fields):
        values = dict(exchange=7, method="POST", path="/", status=200, reason="OK",
                      request_head=HEAD, body=BODY_BYTES,
                      reply_head=b"HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n",
                      reply_headers=(("Content-Length", "3000"),), reply_body=b"<p>" * 341)
        values.update(fields)
        return Event(EXCHANGE, **values)

    def test_request_then_answer_with_what_is_not_kept(self):
        request, reply = hexdump.wire_blocks(self.exchange())
        self.assertIn("REQUÊTE n°7", request.title)
        self.assertIn("%d octets" % (len(HEAD) + len(BODY_BYTES)), plain(request.title))
        self.assertEqual(request.note, "")
        self.assertIn("3 041 octets", plain(reply.title))
        self.assertIn("la suite du corps (1 977 octets) est partie aussi", plain(reply.note))

    def test_a_head_request_has_no_body(self):
        _, reply = hexdump.wire_blocks(self.exchange(method="HEAD", reply_body=b""))
        self.assertEqual(reply.note, "")

    def test_a_clipped_body_is_counted(self):
        body = ClippedBytes(b"a" * 8192)
        body.missing = 10000
        request, _ = hexdump.wire_blocks(self.exchange(body=body), limit=100)
        self.assertIn("n'est pas montrée", request.note)
        left = format(len(HEAD) + 8192 + 10000 - 100, ",").replace(",", " ")
        self.assertIn("(%s octets)" % left, plain(request.note))

    def test_what_a_spy_sees_comes_first(self):
        blocks = hexdump.wire_blocks(self.exchange(values=(("tls_bytes", b"\x17\x03\x03" * 9),
                                                           ("tls_bytes_total", 5000))))
        self.assertEqual(len(blocks), 3)
        self.assertIn("ESPION SUR LE RÉSEAU — 5 000 octets reçus, chiffrés", plain(blocks[0].title))
        self.assertIn("(4 973 octets)", plain(blocks[0].note))
        self.assertEqual({part for row in blocks[0].rows for _, part in row.cells}, {SECRET})

    def test_passwords_hidden_before_cutting(self):
        request, _ = hexdump.wire_blocks(self.exchange(),
                                         hide=lambda text: text.replace("Zoé", "••••"))
        shown = bytes(byte for row in request.rows for byte, _ in row.cells)
        self.assertIn("nom=••••".encode("utf-8"), shown)
        self.assertNotIn("Zoé".encode("utf-8"), shown)



class AttemptBlocksTest(unittest.TestCase):
    """https:// tapé devant le serveur HTTP : le ClientHello tel qu'un espion le voit."""

    def attempt(self, data):
        return Event(ERROR, client="10.0.0.2", fact="https-attempt",
                     values=(("tls_bytes", data),))

    def test_the_records_named_and_the_server_name_marked(self):
        data = client_hello_bytes("localhost")
        spy, meaning = hexdump.attempt_blocks(self.attempt(data))
        self.assertIn("%d octets reçus par le serveur HTTP" % len(data), plain(spy.title))
        self.assertIn("enregistrement 1 (16 03 01", plain(spy.note))
        self.assertIn(": poignée de main (type 22)", plain(spy.note))
        marked = bytes(byte for row in spy.rows for byte, part in row.cells if part == NAME)
        self.assertEqual(marked, b"localhost")
        self.assertEqual(bytes(byte for row in spy.rows for byte, _ in row.cells), data)
        lesson = plain(meaning.note)
        self.assertIn("le nom du site demandé, « localhost »", lesson)
        self.assertIn("tapez l'adresse avec http:// et non https://", lesson)
        self.assertIn("cochez « Chiffrer (HTTPS) »", lesson)
        self.assertTrue(hexdump.shows(self.attempt(data)))
        self.assertFalse(hexdump.shows(Event(ERROR, fact="client-gone")))

    def test_an_ip_address_sends_no_name(self):
        spy, meaning = hexdump.attempt_blocks(self.attempt(client_hello_bytes("127.0.0.1")))
        self.assertNotIn(NAME, {part for row in spy.rows for _, part in row.cells})
        self.assertIn("aucun nom de site : l'adresse tapée était une adresse IP",
                      plain(meaning.note))

    def test_bytes_that_say_nothing(self):
        for data in (b"", b"\x16\x03\x01\x02\x00\x01", None):
            spy, meaning = hexdump.attempt_blocks(self.attempt(data))
            self.assertIn("n'ont pas pu être lus", plain(meaning.note))
        self.assertIn("coupé", plain(hexdump.attempt_blocks(
            self.attempt(b"\x16\x03\x01\x02\x00\x01"))[0].note))

    def test_the_spy_of_an_encrypted_exchange_sees_the_name_too(self):
        self.assertEqual(hexdump.spied_parts(b"..localhost..", "localhost"),
                         [(SECRET, b".."), (NAME, b"localhost"), (SECRET, b"..")])
        self.assertEqual(hexdump.spied_parts(b"abc", ""), [(SECRET, b"abc")])


if __name__ == "__main__":
    unittest.main()
