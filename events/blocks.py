"""The blocks of an event's agenda, outcomes and materials."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from search.choosers import collaboration_chooser, overlap_chooser

OverlapChooserBlock = overlap_chooser.get_block_class(
    name="OverlapChooserBlock", module_path="events.blocks"
)

CollaborationChooserBlock = collaboration_chooser.get_block_class(
    name="CollaborationChooserBlock", module_path="events.blocks"
)


class AgendaItemBlock(blocks.StructBlock):
    day = blocks.DateBlock(required=False, help_text="For events over several days.")
    start_time = blocks.TimeBlock(required=False, help_text="In the event's time zone.")
    end_time = blocks.TimeBlock(required=False)
    title = blocks.CharBlock()
    description = blocks.TextBlock(required=False)


class SessionBlock(AgendaItemBlock):
    class Meta:
        icon = "group"
        label = "Session"


class TalkBlock(AgendaItemBlock):
    speaker = blocks.CharBlock(required=False, help_text="Name and organisation.")

    class Meta:
        icon = "user"
        label = "Talk"


class PanelBlock(AgendaItemBlock):
    moderator = blocks.CharBlock(required=False)
    panellists = blocks.ListBlock(blocks.CharBlock(), default=[])

    class Meta:
        icon = "openquote"
        label = "Panel"


class MatchmakingBlock(AgendaItemBlock):
    """Cities meet about the overlaps and collaborations staff picked; only confirmed pairs
    and visible collaborations can be chosen."""

    overlaps = blocks.ListBlock(
        OverlapChooserBlock(),
        default=[],
        help_text="Confirmed overlaps between the cities that should meet.",
    )
    collaborations = blocks.ListBlock(
        CollaborationChooserBlock(),
        default=[],
        help_text="Collaborations to move forward (a theme becomes one from the overlaps page).",
    )

    class Meta:
        icon = "link"
        label = "Matchmaking session"


class SigningCeremonyBlock(AgendaItemBlock):
    cities = blocks.ListBlock(SnippetChooserBlock("networks.City"), default=[])
    agreement = blocks.CharBlock(required=False, help_text="What is signed, e.g. an MoU.")

    class Meta:
        icon = "doc-full"
        label = "Signing ceremony"


class BreakBlock(AgendaItemBlock):
    class Meta:
        icon = "time"
        label = "Break"


# "break" is a Python keyword, so the agenda's blocks are listed rather than declared.
AGENDA_BLOCKS = [
    ("session", SessionBlock()),
    ("talk", TalkBlock()),
    ("panel", PanelBlock()),
    ("matchmaking", MatchmakingBlock()),
    ("signing_ceremony", SigningCeremonyBlock()),
    ("break", BreakBlock()),
]


class PartnershipBlock(blocks.StructBlock):
    title = blocks.CharBlock(help_text="e.g. MoU on smart mobility")
    cities = blocks.ListBlock(SnippetChooserBlock("networks.City"), default=[])
    partners = blocks.CharBlock(required=False, help_text="Other signatories")
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "doc-full"
        label = "Partnership signed"


class ActionItemBlock(blocks.StructBlock):
    action = blocks.CharBlock()
    owner = blocks.CharBlock(required=False, help_text="City or organisation responsible")
    due = blocks.DateBlock(required=False)

    class Meta:
        icon = "tick"
        label = "Action item"


class OutcomesBlock(blocks.StreamBlock):
    partnership = PartnershipBlock()
    action_item = ActionItemBlock()
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label="Summary")


class MaterialsBlock(blocks.StreamBlock):
    document = blocks.StructBlock(
        [("title", blocks.CharBlock(required=False)), ("document", DocumentChooserBlock())],
        icon="doc-full",
    )
    recording = blocks.StructBlock(
        [("title", blocks.CharBlock()), ("url", blocks.URLBlock())], icon="media"
    )
    link = blocks.StructBlock(
        [("title", blocks.CharBlock()), ("url", blocks.URLBlock())], icon="link"
    )
