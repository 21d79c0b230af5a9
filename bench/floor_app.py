"""The floor of the load benchmark: a bare Flask "hello", served by the same gunicorn
settings as the app, so that each page's figure is read as a share of what Flask itself can do
on this machine.

    gunicorn -c deploy/gunicorn.conf.py bench.floor_app:app
"""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "hello"
