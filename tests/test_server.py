"""Tests de serveur/server.py : les options de socket, le client qui raccroche.

(Le serveur lui-même, démarré et arrêté, est essayé par tests/test_controller.py
et tests/test_hostile.py.)"""

import errno
import socket
import unittest

from serveur.server import is_client_gone, reuse_options


class ReuseOptionsTest(unittest.TestCase):
    """Le choix des options de socket, isolé du système qui fait tourner les tests."""

    def test_windows_never_shares_a_port(self):
        self.assertEqual(reuse_options("win32"), ["SO_EXCLUSIVEADDRUSE"])
        self.assertNotIn("SO_REUSEADDR", reuse_options("win32"))

    def test_unix_restarts_at_once(self):
        for platform in ("linux", "darwin"):
            self.assertEqual(reuse_options(platform), ["SO_REUSEADDR"])


class ClientGoneTest(unittest.TestCase):
    def test_a_client_hanging_up_is_not_a_server_error(self):
        for exc in (ConnectionResetError(), BrokenPipeError(), socket.timeout(),
                    OSError(errno.EPIPE, "x"), OSError(errno.ECONNABORTED, "x")):
            with self.subTest(exc=type(exc).__name__):
                self.assertTrue(is_client_gone(exc))
        self.assertFalse(is_client_gone(ValueError("boum")))
        self.assertFalse(is_client_gone(OSError(errno.ENOSPC, "disque plein")))


if __name__ == "__main__":
    unittest.main()
