"""The kinds of solution name means since this release: some broad kinds were split (parking
guidance and parking payment, rail and bus rapid transit, ...). An editor who chose a broad kind
keeps it; the kinds split off from it that the initiative's text names are added beside it, so
that a correction made before still says what the editor meant. Initiatives without a correction
are tagged from their text when the index is rebuilt (``manage.py rebuild_overlaps``)."""

from django.db import migrations

# The kind an editor could choose before -> the kinds split off from it.
SPLIT_OFF = {
    "smart-parking": ["parking-payment"],
    "mass-transit": ["brt", "bus-services", "demand-responsive"],
    "traffic-management": ["traffic-enforcement"],
    "solid-waste": ["waste-sorting", "waste-to-energy"],
    "flood-warning": ["drainage"],
    "e-mobility": ["ev-charging"],
    "bike-sharing": ["cycle-lanes"],
    "maas": ["fare-integration"],
    "e-health": ["health-records"],
    "e-government": ["e-permits"],
    "street-lighting": ["smart-poles"],
    "renewable-energy": ["hydrogen"],
    "iot-sensors": ["mobile-sensing"],
    "air-quality": ["mobile-sensing"],
}


def add_split_kinds(apps, schema_editor):
    from action_plans.solutions import BY_SLUG, tag

    Initiative = apps.get_model("action_plans", "Initiative")
    changed = []
    for item in Initiative.objects.exclude(solution_types=[]).only(
        "id", "title", "description", "solution_types"
    ):
        chosen = set(item.solution_types or [])
        wanted = {s for parent in chosen for s in SPLIT_OFF.get(parent, ())}
        if not wanted:
            continue
        found = set(tag(f"{item.title}. {item.description}".strip())) & wanted
        added = {s for s in found if s in BY_SLUG} - chosen
        if added:
            item.solution_types = sorted(chosen | added)
            changed.append(item)
    Initiative.objects.bulk_update(changed, ["solution_types"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("action_plans", "0006_merge_0005_importjob_0005_labels_for_people"),
    ]

    operations = [migrations.RunPython(add_split_kinds, migrations.RunPython.noop)]
