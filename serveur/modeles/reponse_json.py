"""Un petit serveur qui répond en JSON : ce que font les « API » du web.

Un programme (une page en JavaScript, une application…) ne veut pas une page
HTML à afficher, mais des données faciles à lire : du JSON.

- GET /api/bonjour?nom=Ada  ->  {"message": "Bonjour Ada !", "longueur": 3}
- POST /api/somme avec le corps {"nombres": [1, 2, 3]}  ->  {"somme": 6}

Pour le lancer seul : python3 reponse_json.py, puis ouvrir
http://127.0.0.1:8082/api/bonjour?nom=Ada dans le navigateur.
"""

import json
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

PORT = 8082
TAILLE_MAX = 10000   # octets de corps acceptés, au plus


class MonServeur(BaseHTTPRequestHandler):

    def do_GET(self):
        # urlsplit sépare le chemin (/api/bonjour) des paramètres (nom=Ada).
        adresse = urlsplit(self.path)
        if adresse.path == "/api/bonjour":
            parametres = parse_qs(adresse.query)
            nom = parametres.get("nom", ["inconnu"])[0]
            self.repondre_json(200, {"message": "Bonjour %s !" % nom, "longueur": len(nom)})
        else:
            self.repondre_json(404, {"erreur": "adresse inconnue", "chemin": adresse.path})

    def do_POST(self):
        if urlsplit(self.path).path != "/api/somme":
            self.repondre_json(404, {"erreur": "adresse inconnue"})
            return
        longueur = self.headers.get("Content-Length", "")
        if not longueur.isdigit() or int(longueur) > TAILLE_MAX:
            self.repondre_json(413, {"erreur": "corps absent ou trop gros"})
            return
        corps = self.rfile.read(int(longueur))
        try:
            donnees = json.loads(corps.decode("utf-8"))
            somme = sum(donnees["nombres"])
        except (ValueError, KeyError, TypeError):
            # Du JSON mal écrit, ou pas de liste « nombres » : c'est la faute du
            # client, on le lui dit (400) au lieu de planter (500).
            self.repondre_json(400, {"erreur": "envoyez {\"nombres\": [1, 2, 3]}"})
            return
        self.repondre_json(200, {"somme": somme})

    def repondre_json(self, code, donnees):
        """Envoie ``donnees`` (un dictionnaire Python) en JSON."""
        # ensure_ascii=False garde les accents tels quels ; JSON est toujours en UTF-8.
        corps = json.dumps(donnees, ensure_ascii=False).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        self.wfile.write(corps)


# À vous :
# 1. Ajoutez à la réponse de /api/bonjour la clé « majuscules » : le nom en majuscules.
# 2. Ajoutez une adresse /api/heure qui répond {"heure": "14:05:32"}.
# 3. Dans /api/somme, calculez aussi la moyenne (attention à la liste vide !).
# 4. Retirez le try/except, envoyez un corps qui n'est pas du JSON : que dit le panneau ?

if __name__ == "__main__":
    # Ce bloc ne sert que si l'on lance ce fichier seul (python3 reponse_json.py).
    serveur = HTTPServer(("", PORT), MonServeur)
    print("Serveur démarré : http://127.0.0.1:%d/api/bonjour?nom=Ada" % PORT)
    serveur.serve_forever()
