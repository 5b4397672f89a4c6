"""The audit log: who did what, to which object, in which unit, when, from where, with what outcome.

| function (``dxtrack.audit.services``) | records |
| --- | --- |
| ``audit_record(actor=, action=, ...)`` | any event; the one way rows are written |
| ``audit_denied(request, what)`` | a permission denial (call it where you refuse) |
| ``audit_prune(older_than_days=, by=)`` | deletes events older than the limit (≥ 365 days) |

Authentication events (login, failed login, lockout, logout) and admin changes (each
``django.contrib.admin`` ``LogEntry``) are recorded by the receivers in ``receivers.py``: they
are Django's and django-axes' own events, not writes of ours hidden behind a save.

Append-only: ``AuditEvent`` refuses ``save()`` on an existing row, ``delete()``, and
``QuerySet.update()`` / ``delete()``; the database refuses ``UPDATE`` with a trigger; the admin
is read-only. Only ``audit_prune`` deletes, and never events younger than 365 days.

Retention: information-system security level 3 asks for audit logs kept at least 12 months.
Schedule ``dxtrack audit prune --older-than-days 400`` (or keep everything); the command
refuses fewer than 365 days.
"""
