"""Every AWS client of a thread is made on one botocore session, so botocore's data is read once."""

from __future__ import annotations

import threading

from chalicelib import aws
from chalicelib.notify import clients
from chalicelib.store import models
from chalicelib.store.connection import connection


def test_every_table_s_connection_and_the_boto3_clients_share_the_thread_s_session():
    sessions = {
        id(models.ApplicantItem._get_connection().connection.session._session),
        id(models.Interview._get_connection().connection.session._session),
        id(connection().session._session),
        id(aws.session()),
    }
    assert sessions == {id(aws.session())}
    clients.reset()
    ses = clients.client("sesv2")
    assert ses.meta.events is not None
    dynamodb = models.Interview._get_connection().connection.client
    # Clients of one session share its loader: the service models were read from disk once.
    assert ses._loader is dynamodb._loader is aws.session().get_component("data_loader")


def test_another_thread_has_a_session_of_its_own():
    seen = []
    thread = threading.Thread(target=lambda: seen.append(aws.session()))
    thread.start()
    thread.join()
    assert seen[0] is not aws.session()


def test_every_table_s_connection_uses_one_dynamodb_client():
    tables = [models.ApplicantItem, models.Interview, models.Organisation]
    used = {id(table._get_connection().connection.client) for table in tables} | {id(connection().client)}
    assert len(used) == 1


def test_a_client_without_credentials_is_made_anew():
    shared = aws.pynamodb_session()
    first = shared.create_client("dynamodb", "eu-north-1")
    assert shared.create_client("dynamodb", "eu-north-1") is first
    first._request_signer._credentials = None  # a failed credential lookup must not stick
    again = shared.create_client("dynamodb", "eu-north-1")
    assert again is not first
    assert again._request_signer._credentials is not None
    assert shared.create_client("dynamodb", "eu-north-1") is again
