from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0101_event_range_at_most_a_year'),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='cameo',
            field=models.CharField(blank=True, max_length=4, verbose_name='CAMEO code'),
        ),
        migrations.AddField(
            model_name='event',
            name='plover',
            field=models.CharField(blank=True, choices=[('STATEMENT', 'Statement'), ('AGREE', 'Agree'), ('CONSULT', 'Consult'), ('SUPPORT', 'Support'), ('CONCEDE', 'Concede'), ('COOPERATE', 'Cooperate'), ('AID', 'Aid'), ('RETREAT', 'Retreat'), ('REQUEST', 'Request'), ('ACCUSE', 'Accuse'), ('REJECT', 'Reject'), ('THREATEN', 'Threaten'), ('PROTEST', 'Protest'), ('SANCTION', 'Sanction'), ('MOBILIZE', 'Mobilize'), ('COERCE', 'Coerce'), ('ASSAULT', 'Assault'), ('INCIDENT', 'Incident')], max_length=10, verbose_name='PLOVER family'),
        ),
        migrations.AddField(
            model_name='event',
            name='plover_mode',
            field=models.CharField(blank=True, max_length=20, verbose_name='PLOVER mode'),
        ),
        migrations.AddField(
            model_name='eventtype',
            name='cameo_codes',
            field=models.TextField(blank=True, help_text='Every CAMEO code this type covers, separated by spaces; each code belongs to one type.', verbose_name='CAMEO codes'),
        ),
        migrations.AddField(
            model_name='eventtype',
            name='headline',
            field=models.CharField(blank=True, help_text='One-line summary template with {source}, {target} and {participants}: "{source} expels {target}\'s diplomats".', max_length=200),
        ),
    ]
