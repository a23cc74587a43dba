from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Swedish unless the user has chosen English with the header's language button.

    The browser's Accept-Language is deliberately ignored: many municipal computers run an
    English Windows, and the product's working language is Swedish.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
