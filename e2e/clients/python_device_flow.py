"""Python MSAL (Debian python3-msal) signs in with the device code flow against localtenant, unmodified.

Usage: REQUESTS_CA_BUNDLE=<ca.pem> /usr/bin/python3 python_device_flow.py <authority> <client_id> <scope>
Prints two JSON lines: the device flow (what MSAL shows the user), then the token response.
"""
import json
import sys

import msal

authority, client_id, scope = sys.argv[1:4]
# instance_discovery=False: MSAL would ask login.microsoftonline.com whether this authority is known.
app = msal.PublicClientApplication(client_id, authority=authority, instance_discovery=False)
flow = app.initiate_device_flow(scopes=[scope])
print(json.dumps(flow), flush=True)
print(json.dumps(app.acquire_token_by_device_flow(flow)), flush=True)
