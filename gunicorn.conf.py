"""gunicorn's settings for the portal, read from the working directory (``gunicorn portal.wsgi``
run from the project folder): each worker loads its models before it accepts a request.

Not ``preload_app``: the e5 encoder's native library is not known to be safe across fork, and
each worker must open its own database connections."""


def post_worker_init(worker) -> None:
    from portal.warmup import warm_up  # only here: Django is set up when the worker loads

    warm_up(alive=worker.notify)
