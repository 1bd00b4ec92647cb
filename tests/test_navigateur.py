"""Tests de bout en bout : un vrai navigateur (Chromium sans écran) face au vrai panneau.

Le panneau est construit dans ce processus, comme dans ``test_panneau`` ; son
serveur est démarré par le bouton « Démarrer ». Chromium, piloté par selenium
et chromedriver, tourne dans son propre processus : il charge les pages,
remplit le formulaire, suit les liens. Le serveur répond depuis ses propres
fils d'exécution ; ses événements attendent dans la file du panneau, que l'on
vide en faisant tourner la boucle Tk (``root.update()``) pendant l'attente.

Ces tests ont besoin de Chromium et de chromedriver (paquets Debian
``chromium`` et ``chromium-driver``), de selenium (``pip install selenium``,
pour les tests seulement) et d'un écran pour Tk (``xvfb-run``). S'il en manque
un, ils sont sautés avec la raison ; avec ``CI=true``, ils échouent.
"""

import os
import re
import shutil
import tempfile
import time
import unittest

from fenetre.tab_sequence import SequenceTab
from fenetre.tab_wire import WireTab

from .gui import PanneauTestCase
from .support import plain, port_is_free

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    webdriver = None

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 20.0   # secondes : une borne pour ne jamais bloquer la suite, pas une mesure

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                  "--window-size=1024,900")

NOM = "Frodon Sacquet, élève de 1re"
LIGNE_1 = "Première ligne"
LIGNE_2 = "Deuxième ligne : ça marche !"
FICHIER = "élève.txt"
FICHIER_URL = "/%C3%A9l%C3%A8ve.txt"
TEXTE = "Noël à l'école : les élèves ont reçu leur diplôme, où qu'ils soient. Ça marche !\n"
VILLE = "Besançon"
DEPARTEMENT = "Doubs"
RECHERCHE_URL = "/recherche?ville=Besan%C3%A7on&departement=Doubs"
MOT_DE_PASSE = "anneau"
COULEUR = "bleu clair"            # une espace : le serveur la code (%20) dans Set-Cookie
COULEUR_CODEE = "bleu%20clair"


def unavailable(reason):
    """Saute le test (avec la raison) ; en intégration continue, échoue au contraire."""
    if os.environ.get("CI") == "true":
        raise RuntimeError(reason + " — CI=true : ce test ne doit pas être sauté")
    raise unittest.SkipTest(reason)


def check_browser():
    if webdriver is None:
        unavailable("selenium n'est pas installé : python3 -m pip install selenium")
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            unavailable("%s introuvable : installez le paquet %s "
                        "(apt-get install chromium chromium-driver)" % (path, package))


class NavigateurTestCase(PanneauTestCase):
    @classmethod
    def setUpClass(cls):
        check_browser()
        super().setUpClass()

    def setUp(self):
        super().setUp()
        self.driver = self.start_browser()   # fermé avant le panneau (ordre inverse)

    accept_insecure_certs = False   # passer l'avertissement du certificat (test HTTPS seulement)

    def start_browser(self):
        profile = tempfile.mkdtemp(prefix="panneau-chromium-")
        self.addCleanup(shutil.rmtree, profile, True)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.accept_insecure_certs = self.accept_insecure_certs
        options.add_argument("--user-data-dir=" + profile)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.addCleanup(driver.quit)   # avant la fermeture du panneau (ordre inverse)
        driver.set_page_load_timeout(WAIT)
        return driver

    # -- outils ----------------------------------------------------------------
    def start_server(self):
        """Port 0 (choisi par le système), clic sur « Démarrer » ; rend le port."""
        self.panel.controls.port.set("0")
        self.panel.controls.start_button.invoke()
        self.root.update()
        port = self.panel.controller.port
        self.assertTrue(port, "le serveur n'a pas démarré :\n" + plain(self.panel.log.content()))
        return port

    def stop_server(self, port):
        """Clic sur « Arrêter » : les boutons changent d'état, le port est libéré."""
        self.panel.controls.stop_button.invoke()
        self.root.update()
        self.assertTrue(self.panel.controls.start_button.instate(["!disabled"]))
        self.assertTrue(self.panel.controls.stop_button.instate(["disabled"]))
        self.assertTrue(port_is_free(port))

    def wait(self):
        return WebDriverWait(self.driver, WAIT, poll_frequency=0.1)

    def page_text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def wait_for_text(self, *texts):
        """Attend que la page affichée contienne chacun des ``texts``."""
        try:
            self.wait().until(lambda driver: all(text in self.page_text() for text in texts))
            return
        except TimeoutException:
            pass
        self.fail("la page %s ne contient pas %r ; elle affiche :\n%s"
                  % (self.driver.current_url, texts, self.page_text()))

    def pump_until_pane_shows(self, *patterns):
        """Fait tourner la boucle Tk jusqu'à ce que le journal contienne chaque motif.

        Un motif est un texte, ou une expression régulière compilée."""
        def found(content):
            return all(pattern.search(content) if isinstance(pattern, re.Pattern)
                       else pattern in content for pattern in patterns)
        deadline = time.monotonic() + WAIT
        while True:
            self.root.update()
            content = plain(self.panel.log.content())
            if found(content):
                return content
            if time.monotonic() >= deadline:
                self.fail("le journal ne montre pas %r ; il contient :\n%s" % (patterns, content))
            time.sleep(0.01)

    def open_form(self, port):
        """Charge le formulaire (« / ») et attend que le champ « nom » soit utilisable."""
        self.driver.get("http://127.0.0.1:%d/" % port)
        return self.wait().until(EC.element_to_be_clickable((By.ID, "nom")))

    def submit(self, form_selector):
        """Clique sur « Envoyer » du formulaire choisi ; attend sa page de réponse
        (« Données reçues » pour un POST, « Recherche reçue » pour le formulaire GET)."""
        driver = self.driver
        title = "Recherche reçue" if "get" in form_selector else "Données reçues"
        driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]").click()
        try:
            self.wait().until(EC.title_is(title))
        except TimeoutException:
            pass
        self.assertEqual(driver.title, title, "pas de page de réponse (adresse "
                         "%s) ; la page affiche :\n%s" % (driver.current_url, self.page_text()))


class NavigateurTest(NavigateurTestCase):
    def test_form_sent_by_the_browser_in_get_post_mode(self):
        self.panel.controls.mode_buttons[1].invoke()   # GET/POST
        port = self.start_server()
        driver = self.driver
        driver.get("http://127.0.0.1:%d/" % port)

        # Chaque champ du formulaire, rempli comme le ferait un élève.
        nom = self.wait().until(EC.element_to_be_clickable((By.ID, "nom")))
        nom.send_keys(NOM)
        message = driver.find_element(By.ID, "message")
        message.send_keys(LIGNE_1 + "\n" + LIGNE_2)
        Select(driver.find_element(By.ID, "classe")).select_by_value("terminale")
        driver.find_element(By.ID, "sql").click()
        driver.find_element(By.ID, "accord").click()
        # Ce que le navigateur va envoyer (la frappe accentuée est arrivée entière).
        self.assertEqual(nom.get_property("value"), NOM)
        self.assertEqual(message.get_property("value"), LIGNE_1 + "\n" + LIGNE_2)
        self.assertTrue(driver.find_element(By.ID, "sql").is_selected())
        self.assertTrue(driver.find_element(By.ID, "accord").is_selected())

        driver.find_element(By.CSS_SELECTOR, "form[method=post] button[type=submit]").click()
        try:
            self.wait().until(EC.title_is("Données reçues"))
        except TimeoutException:
            pass
        self.assertEqual(driver.title, "Données reçues", "pas de page de confirmation (adresse "
                         "%s) ; la page affiche :\n%s" % (driver.current_url, self.page_text()))
        self.wait_for_text(NOM, LIGNE_1, LIGNE_2, "terminale", "SQL", "oui")

        self.pump_until_pane_shows("[POST] j'ai reçu une requête de type POST",
                                   "nom = « %s »" % NOM,
                                   "classe = « terminale »",
                                   "langage = « SQL »",
                                   LIGNE_1, LIGNE_2)
        self.stop_server(port)

    def test_get_form_puts_the_data_in_the_url(self):
        self.panel.controls.mode_buttons[1].invoke()   # GET/POST
        port = self.start_server()
        driver = self.driver
        self.open_form(port)

        # Le second formulaire (method="get") : ville et département.
        ville = driver.find_element(By.ID, "ville")
        ville.send_keys(VILLE)
        departement = driver.find_element(By.ID, "departement")
        departement.send_keys(DEPARTEMENT)
        self.assertEqual(ville.get_property("value"), VILLE)
        self.assertEqual(departement.get_property("value"), DEPARTEMENT)
        self.submit("form[method=get]")

        # Les données sont dans l'adresse, codées (« ç » devient %C3%A7).
        self.assertIn(RECHERCHE_URL, driver.current_url)
        self.wait_for_text(VILLE, DEPARTEMENT, "dans l'adresse")

        self.pump_until_pane_shows(
            "[GET] j'ai reçu une requête de type GET",
            re.compile(r"GET %s HTTP/1\.[01]" % re.escape(RECHERCHE_URL)),
            # La valeur décodée et sa forme brute, sur la même ligne.
            re.compile(r"ville = « %s ».*← reçu : ville=Besan%%C3%%A7on" % VILLE),
            "departement = « %s »" % DEPARTEMENT,
            "ces données ont voyagé dans l'URL")
        self.stop_server(port)

    def test_visit_cookie_kept_and_sent_back_by_the_browser(self):
        self.panel.controls.mode_buttons[1].invoke()   # GET/POST
        port = self.start_server()
        driver = self.driver
        self.open_form(port)
        self.assertIsNotNone(driver.get_cookie("visites"),
                             "le navigateur n'a pas gardé le cookie « visites »")
        # Second chargement : le navigateur renvoie le cookie, le serveur l'incrémente.
        self.open_form(port)
        cookie = driver.get_cookie("visites")
        self.assertIsNotNone(cookie, "le navigateur n'a plus le cookie « visites »")
        after_reload = int(cookie["value"])

        driver.find_element(By.ID, "nom").send_keys(NOM)
        self.submit("form[method=post]")
        self.wait_for_text(NOM, "chargement n°")
        # La page annonce le chargement que le cookie renvoyé (puis mis à jour) compte.
        visit = int(re.search(r"chargement n°(\d+)", self.page_text()).group(1))
        self.assertGreater(visit, after_reload)
        self.assertEqual(driver.get_cookie("visites")["value"], str(visit))

        content = self.pump_until_pane_shows(
            "Set-Cookie: visites=",
            "le navigateur renvoie un cookie reçu plus tôt : visites=",
            "[POST] j'ai reçu une requête de type POST")
        self.stop_server(port)
        # Vérifié en dernier, pour que le reste du test ait tourné : le second
        # chargement de « / » doit avoir compté une visite de plus.
        self.assertGreaterEqual(after_reload, 2, "après deux chargements de « / », le cookie "
                                "vaut encore %r ; réponses du serveur :\n%s" % (
                                    cookie, "\n".join(line for line in content.splitlines()
                                                      if "→ je réponds" in line
                                                      or "Set-Cookie" in line)))

    def test_cookie_form_sets_a_cookie_that_comes_back(self):
        self.panel.controls.mode_buttons[1].invoke()   # GET/POST
        port = self.start_server()
        driver = self.driver
        self.open_form(port)
        # Le formulaire « Cookies » de ressource.html : nom, valeur, une heure, HttpOnly.
        driver.find_element(By.ID, "cookie_nom").send_keys("couleur")
        driver.find_element(By.ID, "cookie_valeur").send_keys(COULEUR)
        Select(driver.find_element(By.ID, "cookie_duree")).select_by_value("3600")
        driver.find_element(By.ID, "cookie_httponly").click()
        self.submit("form[action='/cookie']")
        cookie = driver.get_cookie("couleur")
        self.assertIsNotNone(cookie, "le navigateur n'a pas gardé le cookie « couleur »")
        self.assertEqual(cookie["value"], COULEUR_CODEE)
        self.assertTrue(cookie["httpOnly"])
        # HttpOnly : le JavaScript de la page ne le voit pas (le compteur « visites », si).
        self.assertNotIn("couleur", driver.execute_script("return document.cookie"))

        # Une page de plus : le navigateur renvoie le cookie dans l'en-tête Cookie, et le
        # carnet du panneau (« Qui est connecté ? ») l'a vu partir puis revenir.
        self.open_form(port)
        jar = self.panel.table.cookies.jar

        def seen():
            self.root.update()
            found = [item for item in jar.cookies_of("127.0.0.1") if item.name == "couleur"]
            return found[0] if found and found[0].returned else None

        deadline = time.monotonic() + WAIT
        while seen() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        kept = seen()
        self.assertIsNotNone(kept, "le carnet des cookies n'a pas vu « couleur » revenir : %r"
                             % [(item.name, item.set_count, item.returned)
                                for item in jar.cookies_of("127.0.0.1")])
        self.assertEqual((kept.value, kept.set_count, kept.max_age, kept.path, kept.samesite,
                          kept.httponly), (COULEUR_CODEE, 1, 3600, "/", "Lax", True))
        self.assertEqual(kept.lifetime(), "Max-Age=3600")
        self.assertEqual(kept.rules(), "Path=/ SameSite=Lax HttpOnly")
        self.assertEqual(kept.returned_value, COULEUR_CODEE)
        self.assertFalse(kept.mismatch)
        self.pump_until_pane_shows(
            "Set-Cookie: couleur=%s; Path=/; SameSite=Lax; Max-Age=3600; HttpOnly" % COULEUR_CODEE)
        self.stop_server(port)

    def test_password_field_travels_in_clear(self):
        self.panel.controls.mode_buttons[1].invoke()   # GET/POST
        port = self.start_server()
        driver = self.driver
        self.open_form(port).send_keys(NOM)
        mot_de_passe = driver.find_element(By.ID, "mot_de_passe")
        self.assertEqual(mot_de_passe.get_attribute("type"), "password")
        mot_de_passe.send_keys(MOT_DE_PASSE)
        self.assertEqual(mot_de_passe.get_property("value"), MOT_DE_PASSE)
        self.submit("form[method=post]")
        self.wait_for_text(NOM)

        self.pump_until_pane_shows(
            "[POST] j'ai reçu une requête de type POST",
            "mot_de_passe = « %s »" % MOT_DE_PASSE,
            re.compile(r"« mot_de_passe ».*EN CLAIR.*HTTPS"))
        self.stop_server(port)

    def test_folder_listing_and_accented_file_in_get_mode(self):
        folder = tempfile.mkdtemp(prefix="panneau-navigateur-")
        self.addCleanup(shutil.rmtree, folder, True)
        with open(os.path.join(folder, FICHIER), "w", encoding="utf-8") as handle:
            handle.write(TEXTE)
        os.mkdir(os.path.join(folder, "sous-dossier"))

        controls = self.panel.controls
        controls.folder.set(folder)
        controls.mode_buttons[0].invoke()   # GET (le port suit le mode : on le fixe après)
        port = self.start_server()
        driver = self.driver
        driver.get("http://127.0.0.1:%d/" % port)
        self.wait_for_text("Contenu du dossier", FICHIER, "sous-dossier")

        self.wait().until(EC.element_to_be_clickable((By.LINK_TEXT, FICHIER))).click()
        self.wait().until(EC.url_to_be("http://127.0.0.1:%d%s" % (port, FICHIER_URL)))
        self.wait_for_text(TEXTE.strip())
        # Les accents sont intacts parce que l'encodage est annoncé (charset=utf-8).
        self.assertEqual(driver.execute_script("return document.contentType"), "text/plain")
        self.assertEqual(driver.execute_script("return document.characterSet"), "UTF-8")
        self.assertEqual(self.page_text(), TEXTE.strip())

        self.pump_until_pane_shows("[GET] j'ai reçu une requête de type GET",
                                   re.compile(r"GET / HTTP/1\.[01]"),
                                   re.compile(r"GET %s HTTP/1\.[01]" % re.escape(FICHIER_URL)))
        self.stop_server(port)


SITE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    "exemples", "site")


class DemoSiteTest(NavigateurTestCase):
    """Le site de démonstration ``exemples/site`` : ce qui se passe dans le navigateur, et
    ce qui va jusqu'au serveur."""

    def exchanges(self):
        self.root.update()
        return [event.path for event in self.panel.exchange_view.exchanges.values()]

    def test_javascript_in_the_browser_and_fetch_to_the_server(self):
        controls = self.panel.controls
        controls.folder.set(SITE)
        controls.mode_buttons[0].invoke()   # GET (le port suit le mode : on le fixe après)
        port = self.start_server()
        driver = self.driver
        driver.get("http://127.0.0.1:%d/" % port)
        self.wait_for_text("Qui fait quoi ?")
        # La page, puis ce dont elle a besoin, chacun demandé par le navigateur.
        self.pump_until_pane_shows(re.compile(r"GET / HTTP/1\.1"), "GET /style.css",
                                   "GET /logo.svg", "GET /script.js",
                                   "c'est le navigateur qui l'exécutera")
        self.assertEqual(driver.execute_script(
            "return document.querySelector('img').naturalWidth"), 160)   # l'image est arrivée
        self.wait().until(lambda _driver: "/favicon.ico" in self.exchanges())
        before = self.exchanges()

        # 1. Le bouton JavaScript seul : la page change dans le navigateur.
        driver.find_element(By.ID, "local").click()
        self.wait_for_text("Cliqué 1 fois")
        # 2. Le bouton fetch() : sa requête arrive au serveur, et le journal la montre.
        driver.find_element(By.ID, "distant").click()
        self.wait_for_text("Réponse 200", "Besançon")
        content = self.pump_until_pane_shows("GET /donnees.json?langue=fran%C3%A7ais",
                                             "c'est un script de la page qui l'envoie (fetch)")
        # Entre les deux, une seule requête de plus : celle du fetch(). Le premier clic,
        # fait avant, n'a rien envoyé au serveur.
        self.assertEqual(self.exchanges(), before + ["/donnees.json?langue=fran%C3%A7ais"])
        self.assertNotIn("Cliqué", content)
        # 3. La séquence dessine ce que le navigateur a demandé, dans l'ordre.
        sequence = self.panel.tab_of(SequenceTab)
        self.panel.side.select(sequence)
        self.assertTrue(self.pump_until(lambda: any(
            "donnees.json" in label for label in sequence.arrow_labels())))
        labels = sequence.arrow_labels()
        self.assertLess(labels.index("GET /"), labels.index("GET /style.css"))
        # 4. Sur le fil : les octets de la requête du fetch(), tels que reçus.
        fetched = [event for event in self.panel.exchange_view.exchanges.values()
                   if event.path.startswith("/donnees.json")][0]
        wire = self.panel.tab_of(WireTab)
        self.panel.side.select(wire)
        wire.exchange_chosen(fetched)
        self.root.update()
        self.assertIn("47 45 54 20 2f 64 6f 6e", wire.shown_text())   # « GET /don »
        self.stop_server(port)


class NavigateurHttpsTest(NavigateurTestCase):
    """« Chiffrer (HTTPS) » : le vrai navigateur, l'avertissement du certificat passé (dans ce
    test seulement, comme le fait un élève avec « Continuer vers le site localhost (dangereux) »)."""

    accept_insecure_certs = True

    def test_form_over_https(self):
        self.panel.controls.mode_buttons[1].invoke()   # GET/POST
        self.panel.controls.https_button.invoke()
        port = self.start_server()
        self.assertEqual(self.panel.status.link.cget("text"), "https://127.0.0.1:%d/" % port)
        driver = self.driver
        driver.get("https://localhost:%d/" % port)
        self.wait().until(EC.element_to_be_clickable((By.ID, "nom"))).send_keys(NOM)
        driver.find_element(By.ID, "mot_de_passe").send_keys(MOT_DE_PASSE)
        self.submit("form[method=post]")
        self.wait_for_text(NOM)
        self.assertTrue(driver.current_url.startswith("https://localhost:%d/" % port))

        self.pump_until_pane_shows(
            "à l'écoute sur https://127.0.0.1:%d/" % port,
            "Continuer vers le site 127.0.0.1 (dangereux)",
            "[POST] j'ai reçu une requête de type POST",
            re.compile(r"reçue chiffrée \(TLSv1\.[23]\)"),
            "seul le nom du site, « localhost », est passé en clair",
            "nom = « %s »" % NOM,
            "mot_de_passe = « %s »" % MOT_DE_PASSE,
            "il a voyagé CHIFFRÉ (HTTPS)")
        self.assertNotIn("EN CLAIR", plain(self.panel.log.content()))
        self.stop_server(port)


if __name__ == "__main__":
    unittest.main()
