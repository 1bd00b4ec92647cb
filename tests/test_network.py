"""Tests du réseau local : adresses à donner aux élèves, qui occupe un port.

La découverte des adresses est remplaçable (``lan_addresses(candidates=…)``)
et ``port_owner`` lit un faux ``/proc`` construit dans un dossier temporaire :
les tests ne dépendent pas du réseau de la machine qui les fait tourner.
Un seul test lit le vrai ``/proc`` (Linux seulement).
"""

import os
import shutil
import socket
import sys
import tempfile
import unittest
from unittest import mock

from serveur import network
from serveur.network import (candidate_addresses, lan_addresses, lan_urls, port_owner,
                             usable_lan_addresses)

TCP_HEADER = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
              "   uid  timeout inode\n")


def tcp_line(number, local, remote, state, inode):
    """Une ligne au format de /proc/net/tcp."""
    return ("%4d: %s %s %s 00000000:00000000 00:00000000 00000000  1000        0 %s 1 "
            "0000000000000000 100 0 0 10 0\n" % (number, local, remote, state, inode))


class UsableLanAddressesTest(unittest.TestCase):
    def test_filters_and_orders(self):
        candidates = ["127.0.0.1", "127.0.1.1", "169.254.12.7", "172.17.0.1", "192.168.56.1",
                      "192.168.122.1", "8.8.4.4", "10.0.0.5", "192.168.1.23", "::1",
                      "fe80::1", "2001:db8::5", "pas une adresse", "", "300.1.2.3",
                      "10.0.0.5", " 192.168.1.23 ", "0.0.0.0", "224.0.0.251",
                      "255.255.255.255", None, 42]
        self.assertEqual(usable_lan_addresses(candidates),
                         ["10.0.0.5", "192.168.1.23", "8.8.4.4"])

    def test_private_first_keeps_arrival_order(self):
        candidates = ["100.64.3.4", "192.168.1.23", "203.0.113.9", "172.31.255.1", "10.1.2.3"]
        self.assertEqual(usable_lan_addresses(candidates),
                         ["192.168.1.23", "172.31.255.1", "10.1.2.3", "100.64.3.4",
                          "203.0.113.9"])

    def test_virtual_networks_only_their_default_ranges(self):
        # 172.18.x (autre réseau Docker possible) et 192.168.x.1 (VMware) : gardés
        self.assertEqual(usable_lan_addresses(["172.17.5.5", "172.18.0.1", "192.168.57.1",
                                               "192.168.122.254", "192.168.233.1"]),
                         ["172.18.0.1", "192.168.57.1", "192.168.233.1"])

    def test_accepts_any_iterable_and_empty(self):
        self.assertEqual(usable_lan_addresses(iter(["10.0.0.5"])), ["10.0.0.5"])
        self.assertEqual(usable_lan_addresses([]), [])
        self.assertEqual(usable_lan_addresses(["127.0.0.1", "::1"]), [])


class LanAddressesTest(unittest.TestCase):
    def test_injected_candidates(self):
        def candidates():
            return ["127.0.0.1", "172.17.0.1", "192.168.1.23", "192.168.1.23", "10.0.0.5"]
        self.assertEqual(lan_addresses(candidates), ["192.168.1.23", "10.0.0.5"])
        self.assertEqual(lan_addresses(candidates=lambda: []), [])

    def test_real_machine_gives_a_list_of_strings(self):
        addresses = lan_addresses()
        self.assertIsInstance(addresses, list)
        for address in addresses:
            self.assertIsInstance(address, str)
            self.assertFalse(address.startswith("127."))


class CandidateAddressesTest(unittest.TestCase):
    def assert_list_of_strings(self, found):
        self.assertIsInstance(found, list)
        for address in found:
            self.assertIsInstance(address, str)

    def test_returns_strings(self):
        self.assert_list_of_strings(candidate_addresses())

    def test_no_hostname(self):
        with mock.patch.object(socket, "gethostname", side_effect=OSError("pas de nom")):
            self.assert_list_of_strings(candidate_addresses())

    def test_no_network_at_all(self):
        failing = mock.Mock(side_effect=OSError("réseau inaccessible"))
        with mock.patch.object(socket, "gethostname", failing), \
                mock.patch.object(socket, "socket", failing):
            self.assertEqual(candidate_addresses(), [])

    def test_each_step_fails_alone(self):
        with mock.patch.object(socket, "gethostbyname_ex", side_effect=socket.gaierror("DNS")), \
                mock.patch.object(socket, "getaddrinfo", side_effect=socket.gaierror("DNS")):
            self.assert_list_of_strings(candidate_addresses())
        with mock.patch.object(socket, "gethostname", return_value="x" * 300):
            self.assert_list_of_strings(candidate_addresses())   # nom trop long : UnicodeError

    def test_steps_are_collected(self):
        with mock.patch.object(socket, "gethostname", return_value="machine"), \
                mock.patch.object(socket, "gethostbyname_ex",
                                  return_value=("machine", [], ["127.0.1.1", "192.168.1.23"])), \
                mock.patch.object(socket, "getaddrinfo",
                                  return_value=[(socket.AF_INET, socket.SOCK_STREAM, 6, "",
                                                 ("10.0.0.5", 0))]), \
                mock.patch.object(socket, "socket", side_effect=OSError("pas de route")):
            self.assertEqual(candidate_addresses(), ["127.0.1.1", "192.168.1.23", "10.0.0.5"])


class LanUrlsTest(unittest.TestCase):
    def test_urls(self):
        self.assertEqual(lan_urls(8080, ["192.168.1.23", "10.0.0.5"]),
                         ["http://192.168.1.23:8080/", "http://10.0.0.5:8080/"])
        self.assertEqual(lan_urls(8081, []), [])
        self.assertEqual(lan_urls(80, ["fe80::1"]), ["http://[fe80::1]:80/"])


class FakeProcTest(unittest.TestCase):
    """port_owner sur un faux /proc construit dans un dossier temporaire."""

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="faux-proc-")
        self.addCleanup(shutil.rmtree, self.root, True)
        os.mkdir(os.path.join(self.root, "net"))
        os.mkdir(os.path.join(self.root, "self"))   # pas un PID : ignoré

    def write(self, relative, content, binary=False):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if binary:
            with open(path, "wb") as file:
                file.write(content)
        else:
            with open(path, "w", encoding="utf-8") as file:
                file.write(content)

    def write_tcp(self, *lines, name="tcp"):
        self.write(os.path.join("net", name), TCP_HEADER + "".join(lines))

    def link(self, pid, fd, target):
        folder = os.path.join(self.root, str(pid), "fd")
        os.makedirs(folder, exist_ok=True)
        try:
            os.symlink(target, os.path.join(folder, str(fd)))
        except (OSError, NotImplementedError) as exc:   # Windows sans droits
            self.skipTest("liens symboliques impossibles ici : %s" % exc)

    def add_process(self, pid, comm, cmdline, fds):
        self.write(os.path.join(str(pid), "comm"), comm + "\n")
        self.write(os.path.join(str(pid), "cmdline"), cmdline, binary=True)
        for fd, target in fds.items():
            self.link(pid, fd, target)

    def standard_tcp(self):
        self.write_tcp(
            tcp_line(0, "00000000:1F90", "00000000:0000", "0A", "12345"),     # 8080 LISTEN
            tcp_line(1, "0100007F:1F90", "0100007F:D431", "01", "99999"),     # 8080 établie
            tcp_line(2, "0100007F:1F91", "00000000:0000", "0A", "22222"))     # 8081 LISTEN

    def test_finds_the_program(self):
        self.standard_tcp()
        self.add_process(17, "bash", b"bash\0", {0: "/dev/pts/0"})
        self.add_process(1234, "python3", b"/usr/bin/python3\0-m\0http.server\x008080\0",
                         {0: "/dev/null", 3: "socket:[99999]", 4: "socket:[12345]"})
        self.assertEqual(port_owner(8080, proc_root=self.root),
                         "le programme python3 (PID 1234\u00a0: python3 -m http.server 8080)")

    def test_established_socket_is_not_listening(self):
        self.write_tcp(tcp_line(0, "0100007F:1F90", "0100007F:D431", "01", "99999"))
        self.add_process(1234, "python3", b"python3\0", {3: "socket:[99999]"})
        self.assertIsNone(port_owner(8080, proc_root=self.root))

    def test_other_port_not_found(self):
        self.standard_tcp()
        self.assertIsNone(port_owner(9090, proc_root=self.root))

    def test_tcp6_only(self):
        self.write_tcp()
        self.write_tcp(tcp_line(0, "00000000000000000000000000000000:1F90",
                                "00000000000000000000000000000000:0000", "0A", "777"),
                       name="tcp6")
        self.add_process(4242, "node", b"node\0serveur.js\0", {5: "socket:[777]"})
        self.assertEqual(port_owner(8080, proc_root=self.root),
                         "le programme node (PID 4242\u00a0: node serveur.js)")

    def test_socket_without_readable_owner(self):
        self.standard_tcp()
        self.write(os.path.join("99", "comm"), "secret\n")   # pas de dossier fd lisible
        self.add_process(100, "bash", b"bash\0", {0: "socket:[55555]"})
        self.assertEqual(port_owner(8080, proc_root=self.root),
                         "un autre programme (impossible de savoir lequel\u00a0: droits "
                         "insuffisants)")

    def test_long_command_is_shortened(self):
        self.standard_tcp()
        argv = [b"python3", b"-m", b"http.server"] + [b"argument%d" % n for n in range(20)]
        self.add_process(321, "python3", b"\0".join(argv) + b"\0", {3: "socket:[12345]"})
        text = port_owner(8080, proc_root=self.root)
        command = text.split("\u00a0: ", 1)[1][:-1]
        self.assertEqual(len(command), network.COMMAND_WIDTH)
        self.assertTrue(command.endswith("…"))
        self.assertTrue(text.startswith("le programme python3 (PID 321\u00a0: python3 -m http.server"))

    def test_missing_comm_and_cmdline(self):
        self.standard_tcp()
        self.link(55, 3, "socket:[12345]")
        self.assertEqual(port_owner(8080, proc_root=self.root), "le programme de PID 55")

    def test_missing_comm_uses_the_command(self):
        self.standard_tcp()
        self.link(56, 3, "socket:[12345]")
        self.write(os.path.join("56", "cmdline"), b"ruby\0-run\0", binary=True)
        self.assertEqual(port_owner(8080, proc_root=self.root),
                         "le programme ruby (PID 56\u00a0: ruby -run)")

    def test_strange_bytes_never_raise(self):
        self.standard_tcp()
        self.add_process(77, "pr\x1bog", b"\xff\xfe\0a\nb\0", {3: "socket:[12345]"})
        text = port_owner(8080, proc_root=self.root)
        self.assertTrue(text.startswith("le programme pr og (PID 77\u00a0: "))
        self.assertNotIn("\n", text)
        self.assertNotIn("\x1b", text)

    def test_garbage_tcp_file(self):
        self.write_tcp("n'importe quoi\n", "0: ::zz 0 0A 1 2 3 4 5 6\n",
                       tcp_line(0, "00000000:XYZ", "00000000:0000", "0A", "1"))
        self.assertIsNone(port_owner(8080, proc_root=self.root))

    def test_no_tcp_files(self):
        self.assertIsNone(port_owner(8080, proc_root=self.root))

    def test_proc_root_missing(self):
        self.assertIsNone(port_owner(8080, proc_root=os.path.join(self.root, "absent")))


@unittest.skipUnless(sys.platform.startswith("linux") and os.path.exists("/proc/net/tcp"),
                     "/proc/net/tcp n'existe que sous Linux")
class RealProcTest(unittest.TestCase):
    def test_finds_this_process(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            port = listener.getsockname()[1]
            text = port_owner(port)
        self.assertIsNotNone(text)
        self.assertIn("(PID %d" % os.getpid(), text)

    def test_free_port(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))   # réservé mais pas en écoute
            port = probe.getsockname()[1]
            self.assertIsNone(port_owner(port))


if __name__ == "__main__":
    unittest.main()
