"""The embedded AWS of the local stage and the tests: every table, the reminder queues, the SES sender, the bucket.

In AWS these come from infra/; here they are made from the same model
definitions and names, so the local system and the deployed one agree.
"""

from __future__ import annotations

import contextlib
import json

from chalicelib import config

MAX_RECEIVES = 5  # matches infra/: a reminder message is tried this often before the dead-letter queue


def provision(
    verified_domains: tuple[str, ...] = (),
    verified_addresses: tuple[str, ...] = (),
    sender_domains: dict[str, str] | None = None,
) -> None:
    """`sender_domains` maps a domain to the organisation whose SES identity it is (its rendezvous:org tag)."""
    import boto3

    from chalicelib.files import s3
    from chalicelib.notify import clients, identities, queue
    from chalicelib.store.tables import create_all

    clients.reset()
    identities.reset()
    queue.reset()
    s3.reset()
    create_all()
    region = config.region()
    ses = boto3.client("ses", region_name=region)
    for domain in verified_domains:
        ses.verify_domain_identity(Domain=domain)
    for address in (config.mail_from(), *verified_addresses):
        ses.verify_email_identity(EmailAddress=address)
    sesv2 = boto3.client("sesv2", region_name=region)
    for domain, org in (sender_domains or {}).items():
        sesv2.create_email_identity(EmailIdentity=domain, Tags=[{"Key": identities.ORG_TAG, "Value": org}])
    sqs = boto3.client("sqs", region_name=region)
    dlq = sqs.create_queue(QueueName=f"{config.reminder_queue_name()}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.create_queue(
        QueueName=config.reminder_queue_name(),
        Attributes={
            "VisibilityTimeout": "180",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVES)}),
        },
    )
    create_documents_bucket(region)


def create_documents_bucket(region: str) -> None:
    """The documents bucket as infra/ makes it: private, encrypted, open to the front end's form POST."""
    import boto3

    s3 = boto3.client("s3", region_name=region)
    bucket = config.documents_bucket()
    location = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):  # like create_all(): what exists is kept
        s3.create_bucket(Bucket=bucket, **location)
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [{"AllowedMethods": ["POST", "GET"], "AllowedOrigins": ["*"], "AllowedHeaders": ["*"]}]
        },
    )
