"""`dxtrack feedback_train`: retrain the routing suggestion on every classified item (offline),
measured on a held-out fifth; the admin lists each model with its accuracy and macro-F1."""

from django.core.management.base import CommandError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxtrack.common.command import DxtrackCommand
from dxtrack.common.numbers import count_shown
from dxtrack.feedback.routing import routing_model_train


class Command(DxtrackCommand):
    help = gettext_lazy("Retrain the feedback routing model and print its held-out accuracy and macro-F1.")

    def add_arguments(self, parser):
        parser.add_argument("--sample", action="store_true", help=gettext_lazy("say that the items are sample data"))

    def handle(self, *args, sample: bool, **options):
        try:
            model = routing_model_train(on_sample_data=sample)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Routing model trained on %(train)s items, tested on %(test)s held out: accuracy %(accuracy)s, macro-F1 %(f1)s.") % {
            "train": count_shown(model.train_size), "test": count_shown(model.test_size),
            "accuracy": formats.number_format(model.accuracy, decimal_pos=3), "f1": formats.number_format(model.macro_f1, decimal_pos=3),
        })
