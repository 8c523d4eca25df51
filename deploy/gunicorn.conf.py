"""gunicorn settings for Một Cửa (used by `make serve` and the systemd unit of
docs/deployment.md). Every value can be overridden from the environment."""

import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
# Threads let a worker wait on slow clients and the database while another request runs;
# two cores serve well with 3 processes of 4 threads (docs/deployment.md, sizing).
workers = int(os.environ.get("WEB_WORKERS", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
# A worker is replaced after this many requests (plus jitter), which bounds its memory.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Workers are forked from a master that has loaded the application: a replaced worker starts
# answering at once instead of importing Django while requests queue behind it (a request
# over 1 s at each replacement under load), and the processes share the loaded code's memory.
# Code changes then need a restart, not a reload (HUP).
preload_app = True
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# Behind a reverse proxy on the same machine, trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
proc_name = "motcua-web"
wsgi_app = "motcua.wsgi:application"
