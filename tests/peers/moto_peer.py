"""moto (a maintained AWS emulator) in server mode on an ephemeral port, seeded with the fixtures.

Prints "LISTENING <port>" once it accepts connections; afterwards writes only to stderr.
  --prefix P        fixture prefix (default /hush-test)
  --auth FILE       turn on moto's request authentication (SigV4 signatures checked, IAM policies
                    enforced) after seeding, and write the access keys of two IAM users to FILE as
                    JSON: "reader" may read parameters and secrets, "denied" may read nothing.
"""
import argparse
import json
import logging
import os
import signal
import sys
import threading

# moto's server logs requests; keep everything off stdout, which the test reads for the ready line.
real_stdout = sys.stdout
sys.stdout = sys.stderr
# One line per request drowns the test output; set HUSH_PEER_VERBOSE=1 to see them.
if not os.environ.get("HUSH_PEER_VERBOSE"):
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

import boto3  # noqa: E402
from moto import settings  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_fixtures  # noqa: E402

READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["ssm:Get*", "secretsmanager:GetSecretValue", "kms:Decrypt"], "Resource": "*"}],
}
DENY_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": ["ssm:*", "secretsmanager:*"], "Resource": "*"}],
}


def client(kind, endpoint):
    return boto3.client(kind, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="seed", aws_secret_access_key="seed")


def make_user(iam, name, policy):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName=name + "-policy", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prefix", default="/hush-test")
    parser.add_argument("--auth")
    args = parser.parse_args()

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    endpoint = f"http://127.0.0.1:{port}"
    aws_fixtures.seed(client("ssm", endpoint), client("secretsmanager", endpoint), args.prefix)
    if args.auth:
        iam = client("iam", endpoint)
        users = {"reader": make_user(iam, "hush-reader", READ_POLICY), "denied": make_user(iam, "hush-denied", DENY_POLICY)}
        with open(args.auth, "w") as out:
            json.dump(users, out)
        settings.INITIAL_NO_AUTH_ACTION_COUNT = 0

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    real_stdout.write(f"LISTENING {port}\n")
    real_stdout.flush()
    real_stdout.close()
    stop.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
