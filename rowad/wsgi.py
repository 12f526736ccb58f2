import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
application = get_wsgi_application()

if os.environ.get("ROWAD_PDF_WARM_UP", "1") == "1":
    # The first decision letter of a process would otherwise wait for WeasyPrint's import
    # and the Arabic fonts; load them off the request path.
    from rowad.committees.pdf import warm_up

    threading.Thread(target=warm_up, name="pdf-warm-up", daemon=True).start()
