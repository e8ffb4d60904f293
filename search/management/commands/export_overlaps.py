import csv
import json

from django.core.management.base import BaseCommand, CommandError

from core.spreadsheets import safe_row
from networks.models import NetworkPage
from search.models import Overlap
from search.scoring import THRESHOLD

PER_INITIATIVE = 20


class Command(BaseCommand):
    help = "Write the overlapping pairs, one per line: JSONL or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--network", help="only pairs with a side in this network (slug)")
        parser.add_argument(
            "--min-score",
            type=float,
            default=THRESHOLD,
            help="the least likelihood (0 to 1) a pair needs; 0 writes every stored pair",
        )
        parser.add_argument(
            "--tier", choices=["same_approach", "same_challenge"], help="only pairs of this tier"
        )
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")

    def handle(self, *args, **options):
        if not 0 <= options["min_score"] <= 1:
            raise CommandError("--min-score must be between 0 and 1.")
        pairs = Overlap.objects.filter(score__gte=options["min_score"]).select_related("a", "b")
        if options["tier"]:
            pairs = pairs.filter(tier=options["tier"])
        if options["network"]:
            network = NetworkPage.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(f"No network with the slug “{options['network']}”.")
            pages = network.get_descendants().values("pk")
            pairs = pairs.filter(a__plan_id__in=pages) | pairs.filter(b__plan_id__in=pages)
        kept, per = [], {}
        # Up to the 20 best pairs per initiative: a pair stays if either side still has room.
        for pair in pairs.order_by("tier", "-score", "pk"):
            if per.get(pair.a_id, 0) < PER_INITIATIVE or per.get(pair.b_id, 0) < PER_INITIATIVE:
                kept.append(pair)
                per[pair.a_id] = per.get(pair.a_id, 0) + 1
                per[pair.b_id] = per.get(pair.b_id, 0) + 1
        rows = [
            {
                "a": p.a.public_id,
                "b": p.b.public_id,
                "score": round(p.score, 4),
                "tier": p.tier,
                "reasons": p.reasons,
                "state": p.state,
            }
            for p in kept
        ]
        if options["format"] == "jsonl":
            for row in rows:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
        else:
            writer = csv.writer(self.stdout)
            writer.writerow(["a", "b", "score", "tier", "state", "shared_solutions",
                             "shared_phrases", "shared_terms", "shared_focus_areas"])  # fmt: skip
            for row in rows:
                reasons = row["reasons"]
                writer.writerow(safe_row([
                    row["a"], row["b"], row["score"], row["tier"], row["state"],
                    ";".join(s["name"] for s in reasons.get("solutions", [])),
                    ";".join(reasons.get("phrases_a", [])),
                    ";".join(reasons.get("shared_terms", [])),
                    ";".join(reasons.get("shared_focus_areas", [])),
                ]))  # fmt: skip
