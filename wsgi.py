"""Entry point for gunicorn: `gunicorn -w 4 wsgi:app`."""

import gc

from lmb import create_app

app = create_app()
# Everything loaded so far lives as long as the worker: keep it out of the garbage
# collector's full passes, which otherwise pause requests for tens of milliseconds.
gc.freeze()
