"""Tests de serveur/ranges.py : un morceau d'un fichier (Range, 206, 416, If-Range)."""

import unittest

from serveur.ranges import UNSATISFIABLE, requested_range

from .support import ServerTestCase

DATA = bytes(range(256)) * 4   # 1 024 octets, chacun reconnaissable


class RequestedRangeTest(unittest.TestCase):
    def test_the_forms_of_a_single_range(self):
        self.assertEqual(requested_range("bytes=0-99", 1024), (0, 99))
        self.assertEqual(requested_range("bytes=1000-", 1024), (1000, 1023))
        self.assertEqual(requested_range("bytes=-24", 1024), (1000, 1023))
        self.assertEqual(requested_range("bytes=1000-5000", 1024), (1000, 1023))

    def test_outside_or_unusable(self):
        self.assertEqual(requested_range("bytes=1024-", 1024), UNSATISFIABLE)
        self.assertEqual(requested_range("bytes=50-10", 1024), UNSATISFIABLE)
        self.assertEqual(requested_range("bytes=-0", 1024), UNSATISFIABLE)
        for header in ("bytes=0-1,5-9", "octets=0-9", "bytes=-", "n'importe quoi"):
            with self.subTest(header=header):
                self.assertIsNone(requested_range(header, 1024))   # tout le fichier


class RangeOverHttpTest(ServerTestCase):
    mode = "get"
    files = {"video.bin": DATA}

    def test_a_piece_of_the_file(self):
        response, body = self.request("GET", "/video.bin", headers={"Range": "bytes=100-199"})
        self.assertEqual(response.status, 206)
        self.assertEqual(body, DATA[100:200])
        self.assertEqual(response.getheader("Content-Range"), "bytes 100-199/1024")
        self.assertEqual(response.getheader("Content-Length"), "100")

    def test_the_whole_file_says_pieces_can_be_asked(self):
        response, body = self.request("GET", "/video.bin")
        self.assertEqual(response.status, 200)
        self.assertEqual(body, DATA)
        self.assertEqual(response.getheader("Accept-Ranges"), "bytes")

    def test_outside_the_file_is_416(self):
        response, body = self.request("GET", "/video.bin", headers={"Range": "bytes=5000-"})
        self.assertEqual(response.status, 416)
        self.assertEqual(response.getheader("Content-Range"), "bytes */1024")
        self.assertEqual(body, b"")
        self.assert_still_serving()

    def test_if_range_gives_everything_when_the_file_changed(self):
        whole, _ = self.request("GET", "/video.bin")
        stamp = whole.getheader("Last-Modified")
        same, body = self.request("GET", "/video.bin",
                                  headers={"Range": "bytes=0-9", "If-Range": stamp})
        self.assertEqual((same.status, body), (206, DATA[:10]))
        old, body = self.request("GET", "/video.bin", headers={
            "Range": "bytes=0-9", "If-Range": "Wed, 21 Oct 2015 07:28:00 GMT"})
        self.assertEqual((old.status, body), (200, DATA))


if __name__ == "__main__":
    unittest.main()
