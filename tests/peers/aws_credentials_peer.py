"""A stand-in for the two local AWS credential services: EC2 instance metadata (IMDSv2 only) and the
ECS/EKS container credentials endpoint. Prints "LISTENING <port>", then writes only to stderr.

  IMDSv2:    PUT /latest/api/token (needs X-aws-ec2-metadata-token-ttl-seconds) -> session token;
             GET /latest/meta-data/iam/security-credentials/[ROLE], /latest/meta-data/placement/region
             (each needs X-aws-ec2-metadata-token; 401 without it).
  container: GET /container/credentials (needs Authorization equal to --container-token, if set).
  GET /_stats -> {"token": n, "imds_credentials": n, "container": n, "unauthorized": n}

Credentials are numbered per issue (AccessKeyId ASIAPEER<n>) and expire --expires-in seconds after
issue, so a client's refresh shows up as a new number.
"""
import argparse
import datetime
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_launch import reply, serve  # noqa: E402

ROLE = "hush-test-role"
REGION = "eu-west-3"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--container-token", default="")
    parser.add_argument("--expires-in", type=int, default=3600)
    args = parser.parse_args()
    lock = threading.Lock()
    stats = {"token": 0, "imds_credentials": 0, "container": 0, "unauthorized": 0}
    tokens = set()

    def issue(counter):
        with lock:
            stats[counter] += 1
            n = stats["imds_credentials"] + stats["container"]
        expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=args.expires_in)
        return {"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": f"ASIAPEER{n}",
                "SecretAccessKey": f"peer-secret-key-{n}", "Token": f"peer-session-token-{n}",
                "Expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ"), "LastUpdated": "2024-01-01T00:00:00Z"}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            if os.environ.get("HUSH_PEER_VERBOSE"):
                sys.stderr.write("aws_credentials_peer: " + (fmt % a) + "\n")

        def send(self, status, body, content_type="text/plain"):
            reply(self, status, body, [("Content-Type", content_type)])

        def unauthorized(self):
            with lock:
                stats["unauthorized"] += 1
            self.send(401, "")

        def do_PUT(self):
            if self.path != "/latest/api/token":
                return self.send(404, "")
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.send(400, "")
            with lock:
                stats["token"] += 1
                token = f"imds-session-{stats['token']}"
                tokens.add(token)
            self.send(200, token)

        def do_GET(self):
            if self.path == "/_stats":
                with lock:
                    return self.send(200, json.dumps(stats), "application/json")
            if self.path == "/container/credentials":
                if args.container_token and self.headers.get("Authorization") != args.container_token:
                    return self.unauthorized()
                return self.send(200, json.dumps(issue("container")), "application/json")
            if self.path.startswith("/latest/"):
                if self.headers.get("X-aws-ec2-metadata-token") not in tokens:
                    return self.unauthorized()
                if self.path == "/latest/meta-data/iam/security-credentials/":
                    return self.send(200, ROLE)
                if self.path == "/latest/meta-data/iam/security-credentials/" + ROLE:
                    return self.send(200, json.dumps(issue("imds_credentials")), "text/plain")
                if self.path == "/latest/meta-data/placement/region":
                    return self.send(200, REGION)
            self.send(404, "")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    serve(server)


if __name__ == "__main__":
    main()
