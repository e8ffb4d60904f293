import re

from django.http import Http404, HttpResponseBadRequest, JsonResponse


def _refused(request, message: str, status: int):
    """The API answers in its own JSON error shape; the site with Django's error handling."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "field": None}, status=status)
    if status == 404:
        raise Http404(message)
    return HttpResponseBadRequest(message)


class RejectNulBytesMiddleware:
    """PostgreSQL text cannot hold NUL characters: refuse them at the door with a 400 instead
    of letting any view's query fail with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *request.GET.keys(), *request.GET.values()]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded", "multipart/form-data",
        ):  # fmt: skip
            values += [*request.POST.keys(), *request.POST.values()]
        elif request.body and b"\\u0000" in request.body:
            values.append("\x00")  # a JSON body carrying an escaped NUL
        if any("\x00" in value for value in values):
            message = "The request contains a NUL character, which is not allowed."
            return _refused(request, message, 400)
        return self.get_response(request)


class RejectOverlongIdsMiddleware:
    """A path with a number of more than 18 digits names no object (ids are 64-bit at most);
    SQLite cannot even compare such a number, so answer 404 before any view queries it."""

    OVERLONG = re.compile(r"(?<![0-9])[0-9]{19,}(?![0-9])")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.OVERLONG.search(request.path):
            return _refused(request, "Not found.", 404)
        return self.get_response(request)
