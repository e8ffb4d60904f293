"""Every change of a plan goes through the outbox, in the same transaction as the change."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from action_plans.models import ActionPlanPage


@receiver(page_published)
@receiver(page_unpublished)
def plan_changed(sender, instance, **kwargs):
    if isinstance(instance.specific_deferred, ActionPlanPage):
        from search.services import record_plan_change

        record_plan_change(plan_id=instance.pk)


@receiver(post_delete, sender=ActionPlanPage)
def plan_deleted(sender, instance, **kwargs):
    from search.services import record_plan_change

    record_plan_change(plan_id=instance.pk)
