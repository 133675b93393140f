import os

import requests

# The documented AWS example key is not reported.
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"

GITHUB_TOKEN = "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"
# A token-shaped string whose checksum is wrong is not reported either.
NOT_A_TOKEN = "ghp_Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IM"

API_KEY = os.environ["API_KEY"]


def fetch(repo):
    headers = {"Authorization": f"token {GITHUB_TOKEN}"}
    return requests.get(f"https://api.github.com/repos/{repo}", headers=headers, timeout=10)
