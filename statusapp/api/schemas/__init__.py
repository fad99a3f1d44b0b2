"""Marshmallow schemas: the shapes of the JSON API, documented in OpenAPI.

One module per blueprint module of statusapp.api, named alike, holds the
shapes that blueprint reads and writes; import the one you need
(``from statusapp.api.schemas.codes import CodeSchema``).

   common        field builders and parameters more than one resource uses
   translations  a code's text in one language, and changing it or its state
   notes         editors' notes
   codes         codes, pages of them, the classes; the list's query
   languages     languages with their coverage; adding and changing one
   history       revisions
   tokens        bearer tokens
   exchange      the query and the report of an exchange-file import

The field limits and the language-tag rule are the services' own
(statusapp.services.fields and statusapp.services.language_tags), repeated
here only so that the OpenAPI document tells clients what will be accepted.
"""
