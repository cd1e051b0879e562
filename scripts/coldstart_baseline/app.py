"""The cold-start baseline (scripts/bench_coldstart.py): the least a Chalice function serving one
applicant can do. One route, one DynamoDB GetItem through boto3, nothing else."""

import os

import boto3
from chalice import Chalice

app = Chalice(app_name="baseline")


@app.route("/applicants/{applicant_id}")
def applicant(applicant_id):
    client = boto3.client("dynamodb")
    key = {"applicant_key": {"S": f"{os.environ['BASELINE_ORG']}#{applicant_id}"}, "item_key": {"S": "~applicant"}}
    item = client.get_item(TableName=os.environ["BASELINE_TABLE"], Key=key).get("Item")
    return {"id": applicant_id, "found": item is not None}
