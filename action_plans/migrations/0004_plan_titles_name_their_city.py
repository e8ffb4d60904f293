"""Plans carry their city in their title: every ASCN plan read "Smart City Action Plan 2018"."""

from django.db import migrations


def titled(title: str, city: str) -> str:
    title = title.strip()
    if not city or city.casefold() in title.casefold():
        return title
    return f"{city}: {title}"[:255]


def name_the_city(apps, schema_editor):
    ActionPlanPage = apps.get_model("action_plans", "ActionPlanPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for plan in ActionPlanPage.objects.select_related("city"):
        city = plan.city.name
        plan.title, plan.draft_title = titled(plan.title, city), titled(plan.draft_title, city)
        plan.save(update_fields=["title", "draft_title"])
        # The edit form opens the latest revision: it names the city too.
        for revision in Revision.objects.filter(
            object_id=str(plan.pk), content_type_id=plan.content_type_id
        ).order_by("-created_at")[:1]:
            if isinstance(revision.content, dict) and revision.content.get("title"):
                revision.content["title"] = titled(revision.content["title"], city)
                revision.content["draft_title"] = revision.content["title"]
                revision.object_str = titled(revision.object_str, city)
                revision.save(update_fields=["content", "object_str"])


class Migration(migrations.Migration):
    dependencies = [
        ("action_plans", "0003_initiative_solution_types"),
        ("wagtailcore", "0091_remove_revision_submitted_for_moderation"),
    ]

    operations = [migrations.RunPython(name_the_city, migrations.RunPython.noop)]
