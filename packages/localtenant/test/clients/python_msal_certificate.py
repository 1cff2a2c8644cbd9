"""Python MSAL (Debian python3-msal) signs a client assertion with a registered certificate.

Usage: REQUESTS_CA_BUNDLE=<ca.pem> python3 python_msal_certificate.py <authority> <client_id> <key.pem> <sha1-hex> <scope>
Prints the token response as one JSON object.
"""
import json
import sys

import msal

authority, client_id, key_path, thumbprint, scope = sys.argv[1:6]
with open(key_path) as f:
    private_key = f.read()

app = msal.ConfidentialClientApplication(
    client_id,
    client_credential={"private_key": private_key, "thumbprint": thumbprint},
    authority=authority,
    validate_authority=False,
)
print(json.dumps(app.acquire_token_for_client(scopes=[scope])))
