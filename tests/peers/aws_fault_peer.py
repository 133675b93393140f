"""An AWS JSON endpoint that misbehaves on request, then passes requests through to a real one (moto).

Prints "LISTENING <port>", then writes only to stderr.
  --upstream URL     where requests go once the faults are used up (e.g. moto_peer's URL)
  --fault KIND       throttle     400 ThrottlingException ("Rate exceeded")
                     throttle429  429 ThrottlingException
                     unavailable  503 ServiceUnavailable
                     denied       400 AccessDeniedException
                     expired      400 ExpiredTokenException (until a different session token arrives)
                     slow         answer after --delay-ms
                     deep         200 with a body nested --depth levels deep (a hostile endpoint)
  --count N          faulty answers before passing through (-1: never pass through)
  --after N          pass the first N requests through before the faults begin
  --retry-after S    add "Retry-After: S" to faulty answers
  --delay-ms MS      for slow
GET /_stats -> {"requests": n, "faults": n, "proxied": n, "targets": [...], "session_tokens": [...]}
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_launch import reply, serve  # noqa: E402

FAULTS = {
    "throttle": (400, "ThrottlingException", "Rate exceeded"),
    "throttle429": (429, "ThrottlingException", "Rate exceeded"),
    "unavailable": (503, "ServiceUnavailable", "Service unavailable"),
    "denied": (400, "AccessDeniedException", "User is not authorized to perform this action"),
    "expired": (400, "ExpiredTokenException", "The security token included in the request is expired"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--fault", required=True, choices=sorted(FAULTS) + ["slow", "deep"])
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--after", type=int, default=0)
    parser.add_argument("--depth", type=int, default=80000)
    parser.add_argument("--retry-after")
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)
    lock = threading.Lock()
    stats = {"requests": 0, "faults": 0, "proxied": 0, "targets": [], "session_tokens": []}
    expired_tokens = set()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            if os.environ.get("HUSH_PEER_VERBOSE"):
                sys.stderr.write("aws_fault_peer: " + (fmt % a) + "\n")

        def send(self, status, body, headers=()):
            reply(self, status, body, headers)

        def do_GET(self):
            if self.path == "/_stats":
                with lock:
                    return self.send(200, json.dumps(stats), [("Content-Type", "application/json")])
            self.send(404, "")

        def should_fault(self, token):
            with lock:
                stats["requests"] += 1
                stats["targets"].append(self.headers.get("X-Amz-Target", ""))
                stats["session_tokens"].append(token)
                if args.fault == "expired":
                    # The first token seen is "expired"; a refreshed one passes.
                    if not expired_tokens:
                        expired_tokens.add(token)
                    fault = token in expired_tokens
                elif stats["requests"] <= args.after:
                    fault = False
                else:
                    fault = args.count < 0 or stats["faults"] < args.count
                if fault:
                    stats["faults"] += 1
                else:
                    stats["proxied"] += 1
                return fault

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            token = self.headers.get("X-Amz-Security-Token", "")
            if self.should_fault(token):
                if args.fault == "slow":
                    time.sleep(args.delay_ms / 1000.0)
                elif args.fault == "deep":
                    nested = "[" * args.depth + "]" * args.depth
                    body = '{"Name": "deep", "SecretString": "x", "Nested": %s}' % nested
                    return self.send(200, body, [("Content-Type", "application/x-amz-json-1.1")])
                else:
                    status, code, message = FAULTS[args.fault]
                    headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", "fault-peer")]
                    if args.retry_after:
                        headers.append(("Retry-After", args.retry_after))
                    return self.send(status, json.dumps({"__type": code, "message": message}), headers)
            connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
            forwarded = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            connection.request("POST", self.path, body=body, headers=forwarded)
            answer = connection.getresponse()
            data = answer.read()
            headers = [(k, v) for k, v in answer.getheaders() if k.lower() in ("content-type",) or k.lower().startswith("x-amz")]
            connection.close()
            self.send(answer.status, data, headers)

    # A backlog for clients that open many connections at once (socketserver's default is 5).
    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    serve(server)


if __name__ == "__main__":
    main()
