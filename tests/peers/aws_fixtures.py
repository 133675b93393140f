"""The AWS fixtures the store tests read: SSM parameters and Secrets Manager secrets under one prefix.

Used by moto_peer.py at start-up, and by hand against a real account:
    python3 aws_fixtures.py seed --prefix /hush-test      (then run the live tests)
    python3 aws_fixtures.py cleanup --prefix /hush-test
Needs boto3 and credentials allowed to write SSM parameters and secrets.
"""
import argparse
import json
import sys

PAGED_COUNT = 35
SECURE_VALUE = "s3cure-Value-for-hush"
PLAIN_SECRET = "plain-secret-value-for-hush"
JSON_SECRET = {"username": "app", "password": "json-Secret-pw-for-hush", "db": {"port": 5432}}
JSON_SECRET_PREVIOUS = {"username": "app", "password": "old-Secret-pw-for-hush"}
BINARY_SECRET = bytes([0, 1, 2, 254, 255]) + b"binary-for-hush"


def parameter_names(prefix):
    many = [f"{prefix}/many/p{i:02d}" for i in range(PAGED_COUNT)]
    tree = [f"{prefix}/tree/a", f"{prefix}/tree/sub/b", f"{prefix}/tree/sub/deeper/c"]
    return many, tree


def secret_names(prefix):
    base = prefix.strip("/")
    return {"plain": f"{base}/plain", "json": f"{base}/json", "binary": f"{base}/binary"}


def seed(ssm, sm, prefix):
    many, tree = parameter_names(prefix)
    for i, name in enumerate(many):
        ssm.put_parameter(Name=name, Value=f"value-{i:02d}", Type="String", Overwrite=True)
    for name in tree:
        ssm.put_parameter(Name=name, Value="tree:" + name.rsplit("/", 1)[1], Type="String", Overwrite=True)
    ssm.put_parameter(Name=f"{prefix}/secure/db-password", Value=SECURE_VALUE, Type="SecureString", Overwrite=True)
    ssm.put_parameter(Name=f"{prefix}/list", Value="a,b,c", Type="StringList", Overwrite=True)
    names = secret_names(prefix)
    sm.create_secret(Name=names["plain"], SecretString=PLAIN_SECRET)
    sm.create_secret(Name=names["json"], SecretString=json.dumps(JSON_SECRET_PREVIOUS))
    sm.put_secret_value(SecretId=names["json"], SecretString=json.dumps(JSON_SECRET))
    sm.create_secret(Name=names["binary"], SecretBinary=BINARY_SECRET)


def cleanup(ssm, sm, prefix):
    many, tree = parameter_names(prefix)
    extra = [f"{prefix}/secure/db-password", f"{prefix}/list"]
    names = many + tree + extra
    for start in range(0, len(names), 10):
        ssm.delete_parameters(Names=names[start:start + 10])
    for name in secret_names(prefix).values():
        sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def main():
    import boto3

    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["seed", "cleanup"])
    parser.add_argument("--prefix", default="/hush-test")
    args = parser.parse_args()
    session = boto3.session.Session()
    ssm, sm = session.client("ssm"), session.client("secretsmanager")
    (seed if args.action == "seed" else cleanup)(ssm, sm, args.prefix)
    return 0


if __name__ == "__main__":
    sys.exit(main())
