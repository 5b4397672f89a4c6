"""DHIS2 Web API compatibility: `/api/<resource>` and `/api/<version>/<resource>` beside our /api/v1/.

Existing DHIS2 clients and scripts (HTTP Basic, `ApiToken`, the metadata they check before
an import, `dataValueSets`, `dataValues`) work against dxtrack unmodified. Every read and
write goes through the same selectors and services as /api/v1/; docs/dhis2.md says what is
supported and what differs.
"""
