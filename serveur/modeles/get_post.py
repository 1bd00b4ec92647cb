"""Le serveur GET/POST du tutoriel, corrigé : un formulaire, et ce qu'il reçoit.

- GET /  : le serveur envoie une page avec un formulaire (method="post").
- POST / : le navigateur envoie les champs du formulaire dans le CORPS de la
  requête ; le serveur le lit, le découpe en champs et répond par une page.

Pour le lancer seul : python3 get_post.py, puis http://127.0.0.1:8082/
Dans le Panneau serveur : mode « Mon serveur », choisir ce fichier, Démarrer.
"""

import html
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

PORT = 8082
TAILLE_MAX = 10000   # octets de corps acceptés, au plus : un serveur ne lit jamais sans limite

FORMULAIRE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Inscription</title></head>
<body>
<h1>Inscription</h1>
<form method="post" action="/">
  <p><label>Nom : <input name="nom"></label></p>
  <p><label>Ville : <input name="ville"></label></p>
  <p><button>Envoyer</button></p>
</form>
</body>
</html>
"""


class MonServeur(BaseHTTPRequestHandler):

    def do_GET(self):
        if self.path == "/":
            self.repondre(200, FORMULAIRE)
        else:
            self.repondre(404, "<!DOCTYPE html>\n<meta charset=\"utf-8\">"
                               "<h1>Page introuvable</h1>\n")

    def do_POST(self):
        # 1. Combien d'octets le navigateur envoie-t-il ? Il l'annonce dans
        #    l'en-tête Content-Length. On vérifie AVANT de lire.
        longueur = self.headers.get("Content-Length", "")
        if not longueur.isdigit():
            self.repondre(411, "<!DOCTYPE html>\n<meta charset=\"utf-8\">"
                               "<p>Taille du corps (Content-Length) manquante.</p>\n")
            return
        longueur = int(longueur)
        if longueur > TAILLE_MAX:
            self.repondre(413, "<!DOCTYPE html>\n<meta charset=\"utf-8\">"
                               "<p>Données trop grosses.</p>\n")
            return
        # 2. Lire exactement ce nombre d'octets (self.rfile.read() sans nombre
        #    attendrait que le navigateur ferme la connexion : il ne le fait pas).
        corps = self.rfile.read(longueur)
        # 3. Le corps ressemble à « nom=Fr%C3%A9d%C3%A9ric&ville=Lyon » :
        #    on le décode en texte, puis parse_qs le découpe en champs.
        #    parse_qs donne des listes : {"nom": ["Frédéric"], "ville": ["Lyon"]}.
        champs = parse_qs(corps.decode("utf-8"))
        nom = champs.get("nom", [""])[0]       # .get : pas d'erreur si le champ manque
        ville = champs.get("ville", [""])[0]
        print("Reçu :", nom, ville)            # apparaît dans le journal du panneau
        # 4. Répondre. html.escape empêche qu'un « <script> » tapé dans le
        #    formulaire devienne du code dans notre page.
        page = ("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
                "<title>Reçu</title></head><body>\n"
                "<h1>Merci, %s !</h1><p>Ville : %s</p>\n"
                "<p><a href=\"/\">Revenir au formulaire</a></p></body></html>\n"
                % (html.escape(nom), html.escape(ville)))
        self.repondre(200, page)

    def repondre(self, code, page):
        """Envoie une réponse complète : ligne de statut, en-têtes, ligne vide, corps."""
        corps = page.encode("utf-8")          # des octets, et on compte APRÈS encode
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(corps)))
        self.end_headers()
        self.wfile.write(corps)


# À vous :
# 1. Ajoutez un champ « âge » au formulaire, et affichez-le dans la réponse.
# 2. Si le nom est vide, répondez par une page qui le demande à nouveau.
# 3. Changez method="post" en method="get" dans le formulaire : où passent
#    les données ? (regardez la barre d'adresse, et self.path dans le journal)
# 4. Remplacez self.rfile.read(longueur) par self.rfile.read() : que se passe-t-il ?
#    Lisez l'explication du panneau, puis remettez la bonne ligne.

if __name__ == "__main__":
    # Ce bloc ne sert que si l'on lance ce fichier seul (python3 get_post.py).
    serveur = HTTPServer(("", PORT), MonServeur)
    print("Serveur démarré : http://127.0.0.1:%d/ (Ctrl+C pour l'arrêter)" % PORT)
    serveur.serve_forever()
