"""A misspelt role in DXTRACK_MFA_REQUIRED_ROLES would silently drop MFA for it: refuse to start."""

from django.core.checks import Error, Tags, register

from dxtrack.accounts.mfa import mfa_required_roles
from dxtrack.accounts.models import Role


@register(Tags.security)
def mfa_roles_check(app_configs, **kwargs) -> list[Error]:
    unknown = sorted(set(mfa_required_roles()) - set(Role.values))
    if not unknown:
        return []
    return [Error(
        f"DXTRACK_MFA_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}.",
        hint=f"Use role codes from: {', '.join(Role.values)}.",
        id="dxtrack.E002",
    )]
