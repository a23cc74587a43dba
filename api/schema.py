"""How the schema describes the API's two ways in (loaded by ``ApiConfig.ready``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "smh_…",
            "description": "A personal token, made on the account page (/konto/api-nycklar/).",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BrowserSession"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
