from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors manage the reference data and the record in the admin; deleting is
# kept to aliases and roles (events are rejected or merged, never deleted).
EDITOR_MODELS = ["country", "actor", "alias", "role", "eventtype", "event", "participant", "evidence",
                 "outlet", "feed", "article", "reviewaction"]
EDITOR_DELETES = ["alias", "role", "participant"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; editors need them now.
    from django.apps import apps as global_apps

    create_permissions(global_apps.get_app_config("events"), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="editors")
    Group.objects.get_or_create(name="analysts")
    codenames = [f"{verb}_{model}" for model in EDITOR_MODELS for verb in ("view", "add", "change")]
    codenames += [f"delete_{model}" for model in EDITOR_DELETES]
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="events", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length"),
                    ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
