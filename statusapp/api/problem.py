"""The error body of every API response: RFC 9457 problem details."""

import marshmallow as ma
from marshmallow import fields


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem details object."""

    type = fields.String(metadata={"description": "URI identifying the problem"})
    title = fields.String(metadata={"description": "Short summary of the problem"})
    status = fields.Integer(metadata={"description": "HTTP status code"})
    detail = fields.String(metadata={"description": "What went wrong this time"})
    instance = fields.String(metadata={"description": "The request path"})
    errors = fields.Dict(
        metadata={"description": "Messages for each invalid field or parameter"}
    )
