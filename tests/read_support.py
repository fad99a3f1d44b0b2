"""The catalogue reads that the caching tests walk through: API and HTML."""

# Every kind of anonymous catalogue read, each with an ETag and public caching.
CATALOGUE_READS = [
    "/api/v1/codes/404",
    "/api/v1/codes?class=2",
    "/api/v1/classes",
    "/api/v1/languages",
    "/api/v1/codes/404/translations/en",
    "/api/v1/codes/404/history",
    "/",
    "/?class=4",
    "/codes/404",
    "/codes/404/history",
    "/translations",
]
