import re

from django.http import Http404

from networks.permissions import LoginRequired


class LoginRequiredMiddleware:
    """Turn ``LoginRequired`` raised deep in a page's ``serve`` into a login redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return exception.response()
        return None


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
            from django.http import JsonResponse

            message = "The request contains a NUL character, which is not allowed."
            if request.path.startswith("/api/"):
                return JsonResponse({"message": message, "field": None}, status=400)
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(message)
        return self.get_response(request)


class RejectOverlongIdsMiddleware:
    """A path with a number of more than 18 digits names no object (ids are 64-bit at most);
    SQLite cannot even compare such a number, so answer 404 before any view queries it."""

    OVERLONG = re.compile(r"(?<![0-9])[0-9]{19,}(?![0-9])")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.OVERLONG.search(request.path):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"message": "Not found.", "field": None}, status=404)
            raise Http404("No such object.")
        return self.get_response(request)
