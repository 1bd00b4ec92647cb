"""Tests de serveur.student_templates : les modèles de « Nouveau… » se copient sans rien
écraser, se chargent, et répondent correctement, sans aucune erreur relevée par le panneau."""

import json
import os
import unittest
import urllib.parse

from serveur import student_print
from serveur.events import DATA, ERROR
from serveur.student_file import load_handler, read_source, serving_call
from serveur.student_templates import TemplateError, templates, write_template

from .support import plain
from .student_support import StudentServerTestCase, student_folder


class ListAndWriteTest(unittest.TestCase):
    def test_three_templates_in_french(self):
        found = templates()
        self.assertEqual([template.name for template in found], ["get-post", "get", "json"])
        for template in found:
            with self.subTest(template=template.name):
                self.assertTrue(os.path.isfile(template.file))
                self.assertTrue(template.label.strip())
                source = read_source(template.file)
                self.assertIn("À vous :", source)
                self.assertIn('if __name__ == "__main__":', source)
                self.assertIsNone(serving_call(compile(source, template.file, "exec", 1024)))

    def test_write_never_overwrites(self):
        folder = student_folder(self)
        path = os.path.join(folder, "mon_serveur.py")
        self.assertEqual(write_template("get", path), path)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("# mon travail\n")
        with self.assertRaises(TemplateError) as caught:
            write_template("get-post", path)
        self.assertEqual(caught.exception.fact, "template-exists")
        self.assertIn("n'écrase jamais", plain(str(caught.exception)))
        with open(path, encoding="utf-8") as handle:
            self.assertEqual(handle.read(), "# mon travail\n")

    def test_the_copy_names_itself(self):
        # « Pour le lancer seul : python3 get_seul.py » devient le nom choisi par l'élève.
        path = os.path.join(student_folder(self), "mon_serveur.py")
        write_template("get", path)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        self.assertIn("python3 mon_serveur.py", text)
        self.assertNotIn("get_seul.py", text)

    def test_unknown_template(self):
        with self.assertRaises(TemplateError) as caught:
            write_template("php", os.path.join(student_folder(self), "x.py"))
        self.assertIn("« get-post » ou « get » ou « json »", plain(str(caught.exception)))

    def test_each_template_loads(self):
        folder = student_folder(self)
        for template in templates():
            with self.subTest(template=template.name):
                path = write_template(template.name, os.path.join(folder, template.name + ".py"))
                self.assertEqual(load_handler(path)[0].__name__, "MonServeur")


class TemplateServerTestCase(StudentServerTestCase):
    template = "get"

    def setUp(self):
        folder = student_folder(self)
        self.source = read_source(write_template(self.template,
                                                 os.path.join(folder, "copie.py")))
        super().setUp()
        student_print.install(self.log)
        self.addCleanup(student_print.uninstall)

    def assert_no_mistake(self, path):
        number = self.exchange_of(path).exchange
        mistakes = [event.fact for event in self.log.events
                    if event.kind == ERROR and event.exchange == number]
        self.assertEqual(mistakes, [])


class GetTemplateTest(TemplateServerTestCase):
    template = "get"

    def test_get(self):
        response, body = self.request("GET", "/")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
        self.assertIn("Bonjour", body.decode("utf-8"))
        self.assert_no_mistake("/")
        self.assertEqual(self.request("GET", "/ailleurs")[0].status, 404)


class GetPostTemplateTest(TemplateServerTestCase):
    template = "get-post"

    def test_get_then_post(self):
        response, body = self.request("GET", "/")
        self.assertIn('method="post"', body.decode("utf-8"))
        self.assert_no_mistake("/")
        form = urllib.parse.urlencode({"nom": "Frédéric <b>", "ville": "Lyon"})
        response, body = self.request("POST", "/", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(response.status, 200)
        page = body.decode("utf-8")
        self.assertIn("Merci, Frédéric &lt;b&gt; !", page)
        self.assertIn("Ville : Lyon", page)
        data = self.log.wait_for(lambda event: event.kind == DATA)
        self.assertEqual(data.fields[0].value, "Frédéric <b>")
        printed = self.wait_fact("student-print")
        self.assertEqual(dict(printed.values)["text"], "Reçu : Frédéric <b> Lyon")
        number = data.exchange
        self.assertEqual([event.fact for event in self.log.events
                          if event.kind == ERROR and event.exchange == number], [])


class JsonTemplateTest(TemplateServerTestCase):
    template = "json"

    def test_get_and_post(self):
        response, body = self.request("GET", "/api/bonjour?nom=Ada")
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(body), {"message": "Bonjour Ada !", "longueur": 3})
        self.assert_no_mistake("/api/bonjour?nom=Ada")
        response, body = self.request("POST", "/api/somme", body=b'{"nombres": [1, 2, 3]}')
        self.assertEqual(json.loads(body), {"somme": 6})
        self.assert_no_mistake("/api/somme")
        response, body = self.request("POST", "/api/somme", body=b"pas du json")
        self.assertEqual(response.status, 400)


if __name__ == "__main__":
    unittest.main()
