"""The Django peer of bench/uploads.sh: Django 3.2's own upload path, as a Django project would have it. A form with a
FileField; its save() stores the file through the default FileSystemStorage (a file over FILE_UPLOAD_MAX_MEMORY_SIZE
arrives as a TemporaryUploadedFile in FILE_UPLOAD_TEMP_DIR, which storage moves into MEDIA_ROOT with file_move_safe).
Settings, form, views and URLs in this one module. Run by gunicorn (2 sync workers):
    MEDIA_ROOT=/path FILE_UPLOAD_TEMP_DIR=/path gunicorn --chdir bench/django_uploads benchsite:application"""
import os

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
    INSTALLED_APPS=[],
    DATABASES={},
    MEDIA_ROOT=os.environ["MEDIA_ROOT"],
    MEDIA_URL="/media/",
    FILE_UPLOAD_TEMP_DIR=os.environ.get("FILE_UPLOAD_TEMP_DIR"),
    DATA_UPLOAD_MAX_MEMORY_SIZE=None,
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
)

import django  # noqa: E402

django.setup()

from django import forms  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils.html import escape  # noqa: E402


class ReportForm(forms.Form):
    report_file = forms.FileField(label="Report file")

    def save(self):
        """What FieldFile.save does for a model's FileField: the storage picks a free name under upload_to and stores."""
        upload = self.cleaned_data["report_file"]
        return default_storage.save("reports_save/" + upload.name, upload)


PAGE = """<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"""


def upload(request):
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            name = form.save()
            return HttpResponse(PAGE.format(title="Saved", body=f'<p id="saved">{escape(name)}</p>'))
    else:
        form = ReportForm()
    body = (f'<form method="post" enctype="multipart/form-data"><input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{get_token(request)}">{form.as_p()}<button type="submit">Save</button></form>')
    return HttpResponse(PAGE.format(title="Upload a report", body=body))


def delete(request, name):
    """Untimed clean-up between rounds, so the disk does not fill."""
    default_storage.delete(name)
    return HttpResponse("deleted")


urlpatterns = [path("upload/", upload), path("delete/<path:name>", delete)]
application = get_wsgi_application()
