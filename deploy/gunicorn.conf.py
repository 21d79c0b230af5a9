"""Gunicorn settings for production: `make serve-prod`, the systemd unit and `make bench-load`
all start from this file. Every setting can be overridden from the environment, as named.

    gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'
"""

import multiprocessing
import os

# Loopback only: nginx (deploy/nginx/yorisoi.conf) is the one door in, and sets the proxy
# headers that PROXY_COUNT trusts.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Worker processes: each has its own database pool and its own copy of the published
# curriculum (checked against the database every request). Twice the cores plus one is
# gunicorn's advice for requests that wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Threads per worker (the gthread worker): a thread waiting on PostgreSQL or on a slow phone
# does not hold the whole worker, and the worker keeps answering the arbiter's heartbeat
# during a long export.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"

# A worker silent this long is killed and replaced. Exports stream, so even Tokyo-wide ones
# keep writing well inside it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Graceful restart: on SIGHUP (systemctl reload) or SIGTERM, workers finish the requests they
# have for up to this long before they are stopped; new workers start on the new code.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Keep-alive between nginx and gunicorn on loopback.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle a worker after this many requests (with jitter, so they do not all restart at
# once): a slow leak in a library cannot grow without bound. 0 turns it off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))

# The access log on standard output (the journal under systemd), one line a request with its
# time in microseconds; errors on standard error.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# The app is built in each worker after the fork, so no database connection is shared
# between processes.
preload_app = False
# Requests come from nginx on this host only.
forwarded_allow_ips = "127.0.0.1"
