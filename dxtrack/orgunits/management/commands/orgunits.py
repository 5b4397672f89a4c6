"""`dxtrack orgunits <subcommand>`: administrative units.

    dxtrack orgunits import-vn                      # the 34 provinces and 3,321 wards since 1 July 2025
    dxtrack orgunits import-vn --legacy             # plus the 63 old provinces, districts, wards, lineage
    dxtrack orgunits import-vn --legacy --province 74   # old Binh Duong and new Ho Chi Minh City only

The work is done by `dxtrack.orgunits.vn_import`; this module only parses and prints.
"""

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown, seconds_shown
from dxtrack.orgunits.vn_import import LevelResult, UnknownProvinceCode, orgunits_import_vn


def level_label(name: str) -> str:
    return {
        "country": _("Country"),
        "provinces": _("Provinces since 1 July 2025"),
        "wards": _("Communes and wards since 1 July 2025"),
        "legacy_provinces": _("Provinces before 1 July 2025"),
        "legacy_districts": _("Districts before 1 July 2025"),
        "legacy_wards": _("Communes and wards before 1 July 2025"),
        "lineage_provinces": _("Lineage: old province → new province"),
        "lineage_districts": _("Lineage: old island district → new special zone"),
        "lineage_wards": _("Lineage: old commune/ward → new commune/ward"),
    }.get(name, name)


class Command(DxtrackCommand):
    help = gettext_lazy("Manage administrative units. Subcommands: import-vn.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        import_vn = subcommands.add_parser(
            "import-vn",
            help=_("Load Viet Nam's administrative units from the package vietnamadminunits."),
            description=_(
                "Load the 34 provinces and 3,321 communes/wards in force since 1 July 2025; with "
                "--legacy also the 63 provinces, their districts and communes/wards before that date "
                "and the old→new lineage. Idempotent; one transaction."
            ),
        )
        import_vn.add_argument(
            "--legacy", action="store_true",
            help=_("Also load the pre-2025 units and the 1 July 2025 lineage."),
        )
        import_vn.add_argument(
            "--province", action="append", metavar="CODE", dest="provinces",
            help=_(
                "GSO province code (old or new; repeatable). Limits the legacy part to the old "
                "provinces with these codes and the current part to the new provinces with these "
                "codes or that the selected old ones became part of."
            ),
        )

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "import-vn":
            self.import_vn(legacy=options["legacy"], provinces=options["provinces"])

    def import_vn(self, *, legacy: bool, provinces: list[str] | None) -> None:
        def progress(level: LevelResult) -> None:
            if level.is_lineage:
                line = _("%(label)s: %(total)s links, %(created)s created, %(updated)s updated, %(removed)s removed")
            else:
                line = _("%(label)s: %(total)s units, %(created)s created, %(updated)s updated")
            self.stdout.write(line % {
                "label": level_label(level.name), "total": count_shown(level.total), "created": count_shown(level.created),
                "updated": count_shown(level.updated), "removed": count_shown(level.removed),
            })

        try:
            result = orgunits_import_vn(legacy=legacy, provinces=provinces, progress=progress)
        except UnknownProvinceCode as error:
            raise CommandError(
                _("Unknown province code: %(codes)s. Use a GSO province code such as 74 (Binh Duong) "
                  "or 79 (Ho Chi Minh City). Nothing was changed.") % {"codes": ", ".join(error.codes)}
            ) from error
        # The areas a unit's values count in may have changed: the stored figures follow (the
        # figures app sits above orgunits, hence imported here).
        from dxtrack.figures.services import store_orgunits_changed

        store_orgunits_changed()
        summary = _(
            "Done in %(seconds)s s: %(units)s units and %(links)s lineage links; "
            "%(created)s created, %(updated)s updated, %(removed)s removed."
        ) % {
            "seconds": seconds_shown(result.seconds), "units": count_shown(result.units), "links": count_shown(result.links),
            "created": count_shown(result.created), "updated": count_shown(result.updated), "removed": count_shown(result.removed),
        }
        self.stdout.write(self.style.SUCCESS(summary))
