"""Tests de serveur/admission.py : les règles d'entrée, « cet ordinateur », et les mêmes
ordres pour le serveur d'un autre processus (celui du panneau)."""

import unittest

from serveur import admission
from serveur.admission import (LAN_LIMIT, Admission, Rules, command_line_rules, is_lan_host,
                               window_rules)
from serveur.process import ProcessController

from .support import EventLog
from .test_admission_handler import ask, can_bind


class RulesTest(unittest.TestCase):

    def test_lan_hosts(self):
        for host in ("0.0.0.0", "::", "192.168.1.23"):
            self.assertTrue(is_lan_host(host), host)
        for host in ("127.0.0.1", "127.0.0.2", "::1", "localhost", ""):
            self.assertFalse(is_lan_host(host), host)

    def test_the_command_line(self):
        self.assertEqual(command_line_rules("127.0.0.1"), Rules())
        lan = command_line_rules("0.0.0.0")
        self.assertRegex(lan.code, r"^[0-9]{4}$")
        self.assertFalse(lan.code_here)
        self.assertEqual((lan.limit, lan.limit_here), (LAN_LIMIT, False))
        self.assertEqual(command_line_rules("0.0.0.0", no_code=True).code, "")
        chosen = command_line_rules("127.0.0.1", code="4821")
        self.assertEqual((chosen.code, chosen.code_here), ("4821", True))
        limited = command_line_rules("127.0.0.1", limit=50)
        self.assertEqual((limited.limit, limited.limit_here), (50, True))
        self.assertEqual(command_line_rules("0.0.0.0", limit=0).limit, 0)

    def test_the_window(self):
        self.assertEqual(window_rules(False, True, "4821"), Rules())
        self.assertEqual(window_rules(True, True, "4821"), Rules(code="4821", limit=LAN_LIMIT))
        self.assertRegex(window_rules(True, True, "").code, r"^[0-9]{4}$")
        self.assertRegex(window_rules(True, True, "12").code, r"^[0-9]{4}$")
        self.assertEqual(window_rules(True, False, "4821"), Rules(limit=LAN_LIMIT))


class FakeSocket:
    def __init__(self, address):
        self.address = address

    def getsockname(self):
        return (self.address, 8081)


class AdmissionTest(unittest.TestCase):

    def test_nothing_to_ask_is_the_common_path(self):
        self.assertFalse(Admission().active)
        self.assertTrue(Admission(Rules(limit=5)).active)

    def test_this_computer_is_its_loopback_and_the_server_address(self):
        door = Admission(Rules(code="4821", limit=50))
        self.assertEqual(door.screen("127.0.0.1", FakeSocket("127.0.0.1")), (False, False))
        self.assertEqual(door.screen("::ffff:127.0.0.1", FakeSocket("::1")), (False, False))
        # le navigateur du professeur, par l'adresse du réseau local de cette machine
        self.assertEqual(door.screen("192.168.1.10", FakeSocket("192.168.1.10")),
                         (False, False))
        self.assertEqual(door.screen("192.168.1.23", FakeSocket("192.168.1.10")), (True, True))
        self.assertTrue(door.is_here("192.168.1.10"))   # retenu

    def test_here_can_be_named_and_can_count(self):
        door = Admission(Rules(code="4821", code_here=True, limit=5, here=("127.0.0.1",)))
        self.assertEqual(door.screen("127.0.0.1", FakeSocket("127.0.0.1")), (True, False))
        self.assertEqual(door.screen("127.0.0.2", FakeSocket("127.0.0.1")), (True, True))
        self.assertFalse(door.is_here("127.0.0.2"))

    def test_known_addresses_are_bounded(self):
        door = Admission(Rules(limit=5))
        for index in range(admission.MAX_KNOWN + 5):
            door.screen("10.%d.%d.1" % divmod(index, 256), FakeSocket("10.0.0.1"))
        self.assertLessEqual(len(door._known), admission.MAX_KNOWN)

    def test_block_and_unblock(self):
        door = Admission(blocked=("10.0.0.7",))
        self.assertFalse(door.block("10.0.0.7"))
        door.refused("10.0.0.7")
        self.assertEqual(door.unblock("10.0.0.7"), 1)
        self.assertIsNone(door.unblock("10.0.0.7"))


@unittest.skipUnless(can_bind("127.0.0.2"), "il faut plusieurs adresses de boucle locale")
class RemoteAdmissionTest(unittest.TestCase):
    """Le panneau fait tourner son serveur dans un autre processus : les règles et les
    blocages y passent par le tuyau des ordres, et survivent à un processus neuf."""

    def test_rules_and_blocks_reach_the_server_process(self):
        log = EventLog()
        controller = ProcessController(log)
        self.addCleanup(controller.close)
        controller.admit(Rules(code="4821", here=("127.0.0.1",)))
        controller.start("get-post", 0, None, "127.0.0.1")
        self.addCleanup(controller.stop)
        self.assertEqual(ask(controller.port)[0], 403)
        self.assertEqual(ask(controller.port, source="127.0.0.1")[0], 200)
        self.assertTrue(controller.block("127.0.0.3"))
        self.assertIn("Ce poste est bloqué", ask(controller.port, source="127.0.0.3")[2])
        self.assertIsNotNone(log.wait_for(lambda e: e.fact == "client-blocked"))
        # Un processus neuf (après un plantage, un serveur d'élève) garde règles et blocages.
        controller.stop()
        controller.close()
        controller = ProcessController(log, **controller.options)
        self.addCleanup(controller.close)
        controller.start("get-post", 0, None, "127.0.0.1")
        self.addCleanup(controller.stop)
        self.assertEqual(ask(controller.port)[0], 403)
        self.assertEqual(ask(controller.port, source="127.0.0.3")[0], 403)
        self.assertTrue(controller.unblock("127.0.0.3"))
        status, _headers, page = ask(controller.port, source="127.0.0.3")
        self.assertEqual(status, 403)
        self.assertIn("Code de la classe", page)   # débloqué : le code, lui, reste demandé


if __name__ == "__main__":
    unittest.main()
