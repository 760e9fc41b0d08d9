"""Outgoing mail delivered exactly once, with its secrets kept out of what staff read (issue 10).

Existing rows get a Message-ID each; their stored text is redacted, and the sendable copy is kept only for
mails not yet sent (they still need their working links).
"""

from django.db import migrations, models
from django.utils import timezone


def forwards(apps, schema_editor):
    from email.utils import make_msgid

    from secaction.core.redaction import secrets_redact

    OutgoingMail = apps.get_model("core", "OutgoingMail")
    for mail in OutgoingMail.objects.all().iterator():
        unsent = mail.status != "sent"
        mail.send_text = mail.body_text if unsent else ""
        mail.send_html = mail.body_html if unsent else ""
        mail.body_text = secrets_redact(mail.body_text)
        mail.body_html = secrets_redact(mail.body_html)
        mail.message_id = make_msgid(idstring="secaction", domain="localhost")
        mail.queued_at = mail.created_at
        mail.next_attempt_at = mail.created_at
        mail.save()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_site_name")]

    operations = [
        migrations.AlterField(
            model_name="outgoingmail",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "送信待ち"),
                    ("sending", "送信中"),
                    ("sent", "送信済み"),
                    ("retrying", "再送待ち"),
                    ("failed", "送信失敗"),
                ],
                db_index=True,
                default="queued",
                max_length=16,
                verbose_name="状態",
            ),
        ),
        migrations.AddField(
            model_name="outgoingmail",
            name="send_text",
            field=models.TextField(blank=True, editable=False, verbose_name="送信用本文(テキスト)"),
        ),
        migrations.AddField(
            model_name="outgoingmail",
            name="send_html",
            field=models.TextField(blank=True, editable=False, verbose_name="送信用本文(HTML)"),
        ),
        migrations.AddField(
            model_name="outgoingmail",
            name="message_id",
            field=models.CharField(max_length=255, null=True, verbose_name="メッセージID"),
        ),
        migrations.AddField(
            model_name="outgoingmail",
            name="queued_at",
            field=models.DateTimeField(default=timezone.now, verbose_name="送信開始日時"),
        ),
        migrations.AddField(
            model_name="outgoingmail",
            name="next_attempt_at",
            field=models.DateTimeField(db_index=True, default=timezone.now, verbose_name="次の送信予定"),
        ),
        migrations.AddField(
            model_name="outgoingmail",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="送信開始(ワーカー)"),
        ),
        migrations.AddField(
            model_name="outgoingmail",
            name="claim_token",
            field=models.CharField(blank=True, editable=False, max_length=32, verbose_name="送信権トークン"),
        ),
        migrations.AddField(
            model_name="outgoingmail",
            name="task_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="タスクID"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outgoingmail",
            name="message_id",
            field=models.CharField(max_length=255, unique=True, verbose_name="メッセージID"),
        ),
    ]
