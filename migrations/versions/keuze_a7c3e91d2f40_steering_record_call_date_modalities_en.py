"""keuze: the steering group call's publication date, and each yearly meeting's minutes and
decisions (seed 001); the keuzemenu's modalities in English (name, table label, definition;
`lmb seed` fills them from seed_data_en.json)

Revision ID: a7c3e91d2f40
Revises: e7a8b5b4f70d
Create Date: 2026-11-30 09:00:00.000000

"""
import datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e91d2f40'
down_revision = 'e7a8b5b4f70d'
branch_labels = None
depends_on = None

# The texts `lmb seed` stored before (issue 16) and the call's words that replace them; a
# text an administrator has changed since is left as it is.

OLD_GROUP = "Eind 2022 wil de VVSG, samen met een stuurgroep, het concept van de SDG-partnerschappen verder uitwerken. In de daaropvolgende jaren wil de VVSG de stuurgroep blijvend betrekken bij de opvolging van het experiment, de bijsturing ervan en de eventuele bredere uitrol. De stuurgroep 'SDG-partnerschappen' zou jaarlijks één maal bijeenkomen (vanaf najaar 2022 tot 2026)."
NEW_GROUP = '## Context\n\nDe federale overheid DGD (Directoraat-Generaal Ontwikkelingssamenwerking) keurde in februari 2022 een nieuw 5-jarenprogramma goed. In de periode 2022-2026 zal de VVSG wereldwijd werken aan ‘goed lokaal bestuur’ via stedenbanden, samenwerkingen tussen de VVSG en haar zusterverenigingen en de lokale vertaling van de SDGs naar Vlaamse lokale besturen. Binnen dit programma werd ook een luik goedgekeurd rond de zoektocht naar alternatieve vormen van gemeentelijke internationale samenwerking. De VVSG stelt immers vast dat het aantal stedenbanden tussen Vlaamse gemeenten en partnergemeenten uit Afrika, Azië of Latijns-Amerika een plafond heeft bereikt. Thematische samenwerkingen krijgen bovendien de laatste jaren meer aandacht (vb. Stad Brugge en stad Kortrijk).\n\n## SDG-partnerschappen\n\nDe VVSG wil experimenteren met alternatieve vormen van gemeentelijke internationale samenwerking, waarbij de administratieve last voor gemeenten beperkt wordt (met name één van de redenen die Vlaamse gemeenten afschrikt een diepgaande stedenband uit te rollen). Zo wil de VVSG toch tegemoetkomen aan de vraag naar meer internationalisering bij de Vlaamse steden en gemeenten.\n\nBinnen het DGD-programma heeft de VVSG zich voorgenomen om te experimenteren met (korte termijn) SDG-partnerschappen. Dit idee zal voor het eerst worden geconcretiseerd in Benin en Rwanda, waar we kunnen rekenen op de samenwerking met de lokale verenigingen van steden en gemeenten, met name ANCB (Benin) en RALGA (Rwanda).\n\nDe gemeentelijke partnerschappen kunnen samenwerken rond één gemeenschappelijk thema, vb. één SDG of één van de principes van de Agenda 2030 (o.a. Leave no one behind, multi actor partnerschap…). Per partnerschap is een budget van ongeveer 35.000 euro voorzien dat zowel in de Vlaamse gemeente als de partnergemeente kan worden ingezet voor de uitrol van activiteiten. Via expertise uitwisseling tussen beide gemeenten wil de VVSG het wederzijds leren bevorderen.\n\n## Stuurgroep\n\nEind 2022 wil de VVSG, samen met een stuurgroep, het concept van de SDG-partnerschappen verder uitwerken. In de daaropvolgende jaren wil de VVSG de stuurgroep blijvend betrekken bij de opvolging van het experiment, de bijsturing ervan en de eventuele bredere uitrol. De stuurgroep ‘SDG-partnerschappen’ zou jaarlijks één maal bijeenkomen (vanaf najaar 2022 tot 2026). Aan deze stuurgroep nemen idealiter een politicus (uit VVSG’s bestuurlijke commissie ‘de gemeente in Europa en de wereld’), een mondiale ambtenaar en een algemeen directeur deel.'
OLD_CALL = 'De VVSG wil in de periode 2022 – 2026 een piloottraject opstarten rond nieuwe internationale gemeentelijke partnerschappen. Hierbij willen we de link leggen met de Agenda 2030. Om dit concept verder uit te werken en het piloottraject mee op te volgen en bij te sturen, wil de VVSG een kleine stuurgroep oprichten met onder meer een algemeen directeur, een lokale mandataris en een mondiale ambtenaar.\n\nHeb je interesse om mee na te denken over de SDG-partnerschappen en deel te nemen aan deze stuurgroep? Laat dit dan weten vóór 15 september.'
NEW_CALL = 'De VVSG wil in de periode 2022 – 2026 een piloottraject opstarten rond nieuwe internationale gemeentelijke partnerschappen. Hierbij willen we de link leggen met de Agenda 2030. Om dit concept verder uit te werken en het piloottraject mee op te volgen en bij te sturen, wil de VVSG een kleine stuurgroep oprichten met onder meer een algemeen directeur, een lokale mandataris en een mondiale ambtenaar. Via deze weg vragen wij mondiale ambtenaren om zich kandidaat te stellen.\n\nHeb je interesse om mee na te denken over de SDG-partnerschappen en deel te nemen aan deze stuurgroep? Laat dit dan weten vóór 15 september.'
SEATS = [
    ('politician', "Een politicus, uit VVSG's bestuurlijke commissie 'de gemeente in Europa en de wereld'.", 'Een politicus (uit VVSG’s bestuurlijke commissie ‘de gemeente in Europa en de wereld’).'),
    ('global_policy_officer', 'Een mondiale ambtenaar.', 'Een mondiale ambtenaar. Via deze weg vragen wij mondiale ambtenaren om zich kandidaat te stellen.'),
    ('general_director', 'Een algemeen directeur.', 'Een algemeen directeur.'),
]


def upgrade():
    with op.batch_alter_table('modalities', schema=None) as batch_op:
        for name in ('name_en', 'table_label_en'):
            batch_op.add_column(
                sa.Column(name, sa.String(length=200), nullable=False, server_default='')
            )
        batch_op.add_column(
            sa.Column('definition_en', sa.Text(), nullable=False, server_default='')
        )
    with op.batch_alter_table('candidate_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_on', sa.Date(), nullable=True))
    with op.batch_alter_table('steering_group_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('decisions', sa.Text(), nullable=False, server_default=''))
    # The seeded call of seed 001 was published on 14 July 2022.
    calls = sa.table('candidate_calls', sa.column('slug', sa.String), sa.column('published_on', sa.Date))
    op.execute(
        calls.update()
        .where(calls.c.slug == 'oproep-stuurgroep-2022')
        .values(published_on=datetime.date(2022, 7, 14))
    )
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "UPDATE steering_groups SET description = :new "
            "WHERE slug = 'stuurgroep-sdg-partnerschappen' AND description = :old"
        ),
        {"new": NEW_GROUP, "old": OLD_GROUP},
    )
    bind.execute(
        sa.text(
            "UPDATE candidate_calls SET description = :new "
            "WHERE slug = 'oproep-stuurgroep-2022' AND description = :old"
        ),
        {"new": NEW_CALL, "old": OLD_CALL},
    )
    for kind, old, new in SEATS:
        bind.execute(
            sa.text(
                "UPDATE steering_group_seats SET description = :new "
                "WHERE kind = :kind AND description = :old AND steering_group_id IN "
                "(SELECT id FROM steering_groups WHERE slug = 'stuurgroep-sdg-partnerschappen')"
            ),
            {"new": new, "old": old, "kind": kind},
        )


def downgrade():
    with op.batch_alter_table('steering_group_meetings', schema=None) as batch_op:
        batch_op.drop_column('decisions')
        batch_op.drop_column('minutes')
    with op.batch_alter_table('candidate_calls', schema=None) as batch_op:
        batch_op.drop_column('published_on')
    with op.batch_alter_table('modalities', schema=None) as batch_op:
        for name in ('definition_en', 'table_label_en', 'name_en'):
            batch_op.drop_column(name)
