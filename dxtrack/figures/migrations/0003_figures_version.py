from django.db import migrations, models


def first_version(apps, schema_editor):
    # The single row the writers bump (figures/versions.py); created here so that concurrent
    # first writers update it instead of racing to insert it.
    apps.get_model("figures", "FiguresVersion").objects.get_or_create(pk=1, defaults={"stamp": "initial"})


class Migration(migrations.Migration):

    dependencies = [
        ("figures", "0002_aggregate_store"),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
                ("stamp", models.CharField(default="", max_length=32)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
